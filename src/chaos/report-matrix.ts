import { printable, withoutWorkflowCommands } from '../report/escape';
import type { ChaosResult, ChaosScenarioResult } from './run';
import { CHAOS_OUTCOMES, ChaosOutcome } from './verdict';

/** The short cell text of each outcome: findings in capitals so they stand out without colour. */
export const CHAOS_CELL: Record<ChaosOutcome, string> = {
  clean: 'ok',
  orphan: 'ORPHAN',
  'not-idempotent': 'NOT-IDEM',
  'not-absorbed': 'NOT-ABSORBED',
  stuck: 'STUCK',
  'workflow-task-failed': 'CRASH',
  'could-not-run': 'ERROR',
};

/** The terminal report of a chaos run: a step × live fault matrix, then each finding with the world's differences. */
export function formatChaosMatrix(result: ChaosResult): string {
  const findings = result.scenarios.filter((s) => s.outcome !== 'clean').flatMap(findingLines);
  // Problem lines go to stderr once (the problems reporter), not here as well. Names, messages and
  // the world's differences are data: each line printable, and none a CI workflow command.
  return withoutWorkflowCommands(
    [
      header(result),
      ...table(result),
      '',
      ...(findings.length ? ['findings:', ...findings, ''] : []),
      chaosSummaryLine(result),
      legend(),
    ].join('\n'),
  );
}

function header(result: ChaosResult): string {
  const happy = result.happy?.close
    ? `happy run ${result.happy.close.status}, ${result.happy.steps.length} steps`
    : 'no happy run';
  const allow = result.allow.length ? `; allowed after a rollback: ${result.allow.join(', ')}` : '';
  return `${result.workflowType}  (live chaos: ${happy}${allow})`;
}

function table(result: ChaosResult): string[] {
  const steps = result.happy?.steps ?? [];
  if (result.scenarios.length === 0) return [];
  const labels = steps.map((s) =>
    printable(`${s.index} ${s.activityType}${s.local ? ' (local)' : ''}${s.childType ? ` (in ${s.childType})` : ''}`),
  );
  const width = Math.max(4, ...labels.map((l) => l.length)) + 2;
  const columns = result.faults.map((f) => Math.max(f.length, 12) + 2);
  const head = `  ${'step'.padEnd(width)}${result.faults.map((f, i) => f.padEnd(columns[i])).join('')}`.trimEnd();
  const rows = steps.map((step, row) => {
    const cells = result.faults.map((fault, i) => {
      const scenario = result.scenarios.find((s) => s.step === step.index && s.fault === fault);
      return (scenario ? CHAOS_CELL[scenario.outcome] : '').padEnd(columns[i]);
    });
    return `  ${labels[row].padEnd(width)}${cells.join('')}`.trimEnd();
  });
  return [head, ...rows];
}

export function chaosScenarioName(scenario: Pick<ChaosScenarioResult, 'step' | 'activityType' | 'fault'>): string {
  return `step ${scenario.step} ${scenario.activityType} × ${scenario.fault}`;
}

function findingLines(scenario: ChaosScenarioResult): string[] {
  const history = scenario.history ? ` (history: ${scenario.history})` : '';
  return [
    printable(
      `  ${chaosScenarioName(scenario)}: ${scenario.outcome}${scenario.detail ? ` — ${scenario.detail}` : ''}${history}`,
    ),
    ...scenario.differences.map((line) => `      ${printable(line)}`),
  ];
}

export function chaosSummaryLine(result: ChaosResult): string {
  const parts = CHAOS_OUTCOMES.filter((o) => result.counts[o] > 0).map((o) => `${result.counts[o]} ${o}`);
  const problems = result.problems.length
    ? `; ${result.problems.length === 1 ? '1 problem' : `${result.problems.length} problems`} (on stderr): the chaos run did not fully happen`
    : '';
  return `${result.scenarios.length} live runs after the happy run: ${parts.join(', ') || 'none'}${problems}`;
}

function legend(): string {
  return `legend: ${CHAOS_OUTCOMES.map((o) => `${CHAOS_CELL[o]} ${o}`).join(' · ')}`;
}
