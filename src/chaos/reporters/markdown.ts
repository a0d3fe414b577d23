import { markdownText, printable } from '../../report/escape';
import { fileReporter } from '../../report/output-file';
import { CHAOS_CELL, chaosScenarioName, chaosSummaryLine } from '../report-matrix';
import type { ChaosResult } from '../run';
import { isChaosFinding } from '../verdict';

/**
 * A chaos run in Markdown (a PR comment, $GITHUB_STEP_SUMMARY): the verdict as a heading, the step ×
 * live fault table, then each finding with the world's differences in a fenced block. Every name
 * from the run is escaped: it is data, never markup.
 */
export function formatChaosMarkdown(result: ChaosResult): string {
  const heading =
    result.exitCode === 0
      ? 'the world is left clean'
      : result.exitCode === 1
        ? 'findings'
        : 'the chaos run did not fully happen';
  const lines = [
    `## fault-replay chaos: ${heading}`,
    '',
    `${markdownText(result.workflowType)}: ${markdownText(chaosSummaryLine(result))}`,
    '',
  ];
  const steps = result.happy?.steps ?? [];
  if (result.scenarios.length) {
    lines.push(
      `| step | type | ${result.faults.map(markdownText).join(' | ')} |`,
      `|---:|---|${result.faults.map(() => ':-:').join('|')}|`,
    );
    for (const step of steps) {
      const cells = result.faults.map((fault) => {
        const scenario = result.scenarios.find((s) => s.step === step.index && s.fault === fault);
        return scenario ? `\`${CHAOS_CELL[scenario.outcome]}\`` : '';
      });
      lines.push(`| ${step.index} | ${markdownText(step.activityType)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  for (const scenario of result.scenarios.filter((s) => s.outcome !== 'clean')) {
    lines.push(`### ${markdownText(chaosScenarioName(scenario))}: ${scenario.outcome}`, '');
    if (scenario.detail) lines.push(markdownText(scenario.detail), '');
    if (scenario.differences.length) {
      const text = scenario.differences.map(printable).join('\n');
      const fence = '`'.repeat(Math.max(3, Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1));
      lines.push(`${fence}diff`, text, fence, '');
    }
  }
  for (const problem of result.problems) lines.push(`- problem: ${markdownText(problem)}`);
  if (result.problems.length) lines.push('');
  const found = result.scenarios.filter((s) => isChaosFinding(s.outcome)).length;
  if (found)
    lines.push(
      'next: fix the activity or its undo so the world is left as before (or as the happy run left it); `--allow` names world paths a rollback may leave changed',
      '',
    );
  return lines.join('\n');
}

/** `chaos --markdown FILE`. */
export const chaosMarkdownReporter = fileReporter<ChaosResult>('markdown', formatChaosMarkdown);
