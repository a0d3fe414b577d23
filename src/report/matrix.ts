import type { Outcome } from '../judge/judge';
import { isRegression, OUTCOMES } from '../judge/judge';
import { findingLine } from '../laws/judge-laws';
import type { HistoryResult, RunResult, ScenarioResult } from '../run';

/** The short cell text of each outcome: findings in capitals so they stand out without colour. */
export const CELL: Record<Outcome, string> = {
  compensated: 'ok',
  'unexpected-commands': 'DIFF',
  'law-broken': 'LAW',
  nondeterministic: 'NONDET',
  'workflow-task-failed': 'CRASH',
  'work-left-open': 'OPEN',
  stuck: 'STUCK',
  'not-applicable': '-',
  'could-not-run': 'ERROR',
};

/** The terminal report: per history a step × fault matrix, then each finding with its diff. */
export function formatMatrix(result: RunResult): string {
  const blocks = result.histories.map(historyBlock);
  const findings = result.histories.flatMap(findingLines);
  const problems = result.problems.map((problem) => `problem: ${problem}`);
  return [...blocks, ...(findings.length ? ['findings:', ...findings, ''] : []), ...problems, summaryLine(result), legend()]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function historyBlock(history: HistoryResult): string {
  const faults = [...new Set(history.scenarios.map((s) => s.fault))];
  const steps = [...new Map(history.scenarios.map((s) => [s.step, s])).values()];
  const labels = steps.map((s) => `${s.step} ${s.activityType}`);
  const width = Math.max(4, ...labels.map((label) => label.length)) + 2;
  const header = `  ${'step'.padEnd(width)}${faults.map((f) => f.padEnd(Math.max(f.length, 6) + 2)).join('')}`.trimEnd();
  const rows = steps.map((step, index) => {
    const cells = faults.map((fault) => {
      const scenario = history.scenarios.find((s) => s.step === step.step && s.fault === fault);
      return (scenario ? CELL[scenario.outcome] : '').padEnd(Math.max(fault.length, 6) + 2);
    });
    return `  ${labels[index].padEnd(width)}${cells.join('')}`.trimEnd();
  });
  const judges = [...new Set(history.scenarios.flatMap((s) => s.judgedBy ?? []))];
  const title = `${history.file}  (${history.workflowType}, ${steps.length} steps)${judges.length ? `  judged by ${judges.join(' + ')}` : ''}`;
  const replay = history.replay.ok ? [] : [`  recorded history: ${history.replay.outcome}: ${history.replay.message}`];
  return [title, ...replay, header, ...rows].join('\n') + '\n';
}

function findingLines(history: HistoryResult): string[] {
  return history.scenarios
    .filter((s) => isRegression(s.outcome))
    .flatMap((s) => [
      `  ${scenarioName(history, s)}: ${s.outcome}${s.detail ? ` — ${s.detail}` : ''}`,
      ...(s.laws ?? []).map((finding) => `    ${findingLine(finding)}`),
      ...indent(s.diff),
    ]);
}

export function scenarioName(history: { file: string }, scenario: Pick<ScenarioResult, 'step' | 'activityType' | 'fault'>): string {
  return `${history.file} step ${scenario.step} ${scenario.activityType} × ${scenario.fault}`;
}

function indent(diff: string | undefined): string[] {
  return diff ? diff.split('\n').map((line) => `      ${line}`) : [];
}

function summaryLine(result: RunResult): string {
  const total = OUTCOMES.reduce((sum, outcome) => sum + result.counts[outcome], 0);
  const parts = OUTCOMES.filter((outcome) => result.counts[outcome] > 0).map((outcome) => `${result.counts[outcome]} ${outcome}`);
  const problems = result.problems.length ? `; ${result.problems.length} problem(s): the run did not fully happen` : '';
  const histories = `${result.histories.length} ${result.histories.length === 1 ? 'history' : 'histories'}`;
  return `${total} scenarios in ${histories}: ${parts.join(', ') || 'none'}${problems}`;
}

function legend(): string {
  return `legend: ${OUTCOMES.map((outcome) => `${CELL[outcome]} ${outcome}`).join(' · ')}`;
}
