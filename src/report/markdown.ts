import { CELL, cellOutcome, faultColumns, outcomeLegend, plural } from './cells';
import { kindOfLabel } from '../faults/nested';
import { findingGroups, FindingGroup, scenarioName } from './findings';
import type { Report, ReportHistory } from './model';
import { scoreLine } from './score';
import { nextStepLine, summaryLine } from './terminal';
import { fileReporter } from './output-file';
import { markdownCode, markdownText } from './escape';

/** GitHub's limit for a comment or a step summary is 65,536 characters; this leaves room. */
export const MARKDOWN_LIMIT = 65_000;
/** Problem lines listed; each is at most a few hundred characters. */
const PROBLEMS_SHOWN = 50;

/**
 * For a PR comment or `$GITHUB_STEP_SUMMARY`: the summary and score, the findings (a collapsed
 * diff each), then the matrices of the histories with something to see. Within MARKDOWN_LIMIT:
 * what does not fit is counted, never silently cut.
 */
export function formatMarkdown(report: Report): string {
  const next = nextStepLine(report);
  const head = [
    `## fault-replay: ${verdictWord(report)}`,
    '',
    `**${markdownText(scoreLine(report.score))}**`,
    '',
    summaryLine(report),
    '',
    ...(next ? [markdownText(next), ''] : []),
  ];
  if (report.problems.length) {
    const shown = report.problems.slice(0, PROBLEMS_SHOWN).map((p) => `- ${markdownText(p)}`);
    const more =
      report.problems.length > PROBLEMS_SHOWN
        ? [`- _${report.problems.length - PROBLEMS_SHOWN} more: see the job's log_`]
        : [];
    head.push(
      `<details><summary>${plural(report.problems.length, 'problem')}</summary>`,
      '',
      ...shown,
      ...more,
      '',
      '</details>',
      '',
    );
  }
  let budget = MARKDOWN_LIMIT - size(head) - 400;
  const findings: string[] = [];
  const groups = findingGroups(report);
  let shown = 0;
  for (const group of groups) {
    const block = groupBlock(group);
    if (size(block) > budget) break;
    findings.push(...block);
    budget -= size(block);
    shown++;
  }
  if (groups.length) findings.unshift(`### Findings (${plural(groups.length, 'distinct finding')})`, '');
  if (shown < groups.length)
    findings.push(`_${groups.length - shown} more findings do not fit here: see the JSON or JUnit report._`, '');
  const tables: string[] = [];
  const columns = faultColumns(report.histories.flatMap((h) => h.scenarios.map((s) => s.fault)));
  const withNews = report.histories.filter(
    (h) => !h.replay.ok || h.scenarios.some((s) => s.outcome !== 'compensated' && s.outcome !== 'not-applicable'),
  );
  const quiet = report.histories.length - withNews.length;
  let left = 0;
  for (const history of withNews) {
    const table = historyTable(history, columns);
    if (size(table) > budget) {
      left++;
      continue;
    }
    tables.push(...table);
    budget -= size(table);
  }
  if (withNews.length || quiet) {
    tables.unshift(
      '### Matrix',
      '',
      `Columns: ${columns.map((c) => `\`${markdownCode(c.code)}\` ${markdownText(c.fault)}`).join(' · ')}. ${outcomeLegend().replace(/^cells: /, 'Cells: ')}`,
      '',
    );
    if (left) tables.push(`_${plural(left, 'more history', 'more histories')} with findings do not fit here._`, '');
    if (quiet)
      tables.push(`${plural(quiet, 'history', 'histories')} with every scenario compensated or not applicable.`, '');
  }
  return [...head, ...findings, ...tables].join('\n');
}

/** The run's verdict in a few words (the report's heading). */
export function verdictWord(report: Report): string {
  return report.exitCode === 0
    ? 'every fault compensated'
    : report.exitCode === 1
      ? 'regressions found'
      : 'the run did not fully happen';
}

/** Scenarios named in a finding's block; the rest are counted (the JUnit and JSON reports name each). */
const SCENARIOS_NAMED = 8;

function groupBlock(group: FindingGroup): string[] {
  const named = group.scenarios
    .slice(0, SCENARIOS_NAMED)
    .map(({ history, scenario }) => `- \`${markdownCode(scenarioName(history, scenario))}\``);
  const more =
    group.scenarios.length > SCENARIOS_NAMED ? [`- _and ${group.scenarios.length - SCENARIOS_NAMED} more_`] : [];
  // A law line already ends with the law's name: `… never ran (law: every completed step is undone)`.
  const lines = [
    `**${group.outcome}**${group.detail ? `: ${markdownText(group.detail)}` : ''}`,
    '',
    ...group.laws.map((law) => `- ${markdownText(law)}`),
    ...(group.laws.length ? [''] : []),
  ];
  lines.push(`${plural(group.scenarios.length, 'scenario')}:`, '', ...named, ...more, '');
  if (group.rollback) lines.push(`Observed: \`${markdownCode(group.rollback)}\``, '');
  if (group.diff) {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(group.diff) + 1));
    lines.push(
      '<details><summary>diff (- golden, + observed)</summary>',
      '',
      `${fence}diff`,
      group.diff,
      fence,
      '',
      '</details>',
      '',
    );
  }
  return lines;
}

function historyTable(history: ReportHistory, all: Array<{ fault: string; code: string }>): string[] {
  const columns = all.filter((c) => history.scenarios.some((s) => kindOfLabel(s.fault) === c.fault));
  const steps = [...new Map(history.scenarios.map((s) => [s.step, s])).values()];
  const replay = history.replay.ok
    ? []
    : [`Recorded history: **${history.replay.outcome}**: ${markdownText(history.replay.message)}`, ''];
  const title = `**${markdownText(history.file)}** (${markdownText(history.workflowType)})`;
  if (steps.length === 0) return [title, '', ...replay];
  const rows = steps.map((step) => {
    const cells = columns.map((c) => {
      const outcome = cellOutcome(history.scenarios, step.step, c.fault);
      return outcome ? `\`${CELL[outcome]}\`` : '';
    });
    return `| ${step.step} | ${step.stepKind ?? 'activity'} | ${markdownText(step.activityType)} | ${cells.join(' | ')} |`;
  });
  return [
    title,
    '',
    ...replay,
    `| step | kind | type | ${columns.map((c) => markdownText(c.code)).join(' | ')} |`,
    `|---:|---|---|${columns.map(() => ':-:').join('|')}|`,
    ...rows,
    '',
  ];
}

function size(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** `--markdown FILE`. */
export const markdownReporter = fileReporter<Report>('markdown', formatMarkdown);
