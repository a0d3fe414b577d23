import { isRegression } from '../model/outcome';
import { findingLine } from '../laws/judge-laws';
import { plural } from './cells';
import { compactRollback } from '../judge/compact';
import type { Report, ReportHistory, ReportScenario } from './model';

/** Changed lines a finding shows without --verbose. */
const SHORT_DIFF_LINES = 12;

export interface FindingGroup {
  outcome: string;
  detail?: string;
  laws: string[];
  diff?: string;
  rollback?: string;
  scenarios: Array<{ history: ReportHistory; scenario: ReportScenario }>;
}

export function scenarioName(history: { file: string }, scenario: Pick<ReportScenario, 'step' | 'activityType' | 'fault'>): string {
  return `${history.file} step ${scenario.step} ${scenario.activityType} × ${scenario.fault}`;
}

/** Findings with the same outcome, reason and diff are one group: one block, every scenario named. */
export function findingGroups(report: Report): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const history of report.histories) {
    for (const scenario of history.scenarios.filter((s) => isRegression(s.outcome))) {
      const laws = (scenario.laws ?? []).map(findingLine);
      // A law-broken detail is the first law's line again: the law lines say it, once.
      const detail = scenario.outcome === 'law-broken' && laws.length ? undefined : scenario.detail;
      const key = JSON.stringify([scenario.outcome, detail, laws, scenario.diff ?? '']);
      const group = groups.get(key) ?? { outcome: scenario.outcome, detail, laws, diff: scenario.diff, rollback: rollbackOf(scenario), scenarios: [] };
      groups.set(key, group);
      group.scenarios.push({ history, scenario });
    }
  }
  return [...groups.values()];
}

function rollbackOf(scenario: ReportScenario): string | undefined {
  if (!scenario.observed) return undefined;
  const { tasks, close, openAtClose } = scenario.observed;
  if (tasks.length === 0 && !close) return undefined; // a path cut short before any command: the outcome says it
  const line = compactRollback({ tasks, close, ...(close ? {} : { error: scenario.outcome }) });
  return openAtClose?.length ? `${line} (open at close: ${openAtClose.join(', ')})` : line;
}

/** Only the lines that changed, at most a dozen, unless --verbose asks for the whole diff. */
export function diffLines(diff: string, verbose: boolean): string[] {
  const lines = diff.split('\n');
  if (verbose) return lines;
  const changed = lines.filter((line) => line.startsWith('+') || line.startsWith('-'));
  if (changed.length <= SHORT_DIFF_LINES) return changed;
  return [...changed.slice(0, SHORT_DIFF_LINES), `… ${changed.length - SHORT_DIFF_LINES} more changed lines (--verbose shows the whole diff)`];
}

export function findingLines(report: Report, verbose = false): string[] {
  const groups = findingGroups(report);
  if (groups.length === 0) return [];
  const total = groups.reduce((sum, g) => sum + g.scenarios.length, 0);
  const head = `findings: ${plural(total, 'scenario')}, ${plural(groups.length, 'distinct finding')}`;
  return [head, ...groups.flatMap((group, index) => groupLines(group, index + 1, verbose)), ''];
}

function groupLines(group: FindingGroup, number: number, verbose: boolean): string[] {
  const lines = [`  [${number}] ${group.outcome}${group.detail ? ` — ${group.detail}` : ''}`];
  for (const law of group.laws) lines.push(`      ${law}`);
  lines.push(`      ${group.scenarios.length === 1 ? 'in' : `in ${group.scenarios.length} scenarios:`}${group.scenarios.length === 1 ? ` ${scenarioName(group.scenarios[0].history, group.scenarios[0].scenario)}` : ''}`);
  if (group.scenarios.length > 1) for (const { history, scenario } of group.scenarios) lines.push(`        ${scenarioName(history, scenario)}`);
  for (const { scenario } of group.scenarios) if (scenario.repro) lines.push(`      repro: ${scenario.repro}`);
  if (group.rollback) lines.push(`      observed: ${group.rollback}`);
  if (group.diff) {
    lines.push(`      diff (- golden, + observed)${verbose ? '' : ', changed lines'}:`);
    for (const line of diffLines(group.diff, verbose)) lines.push(`        ${line}`);
  }
  return lines;
}
