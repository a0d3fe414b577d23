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
  /** The observed path, when every scenario of the group observed the same one. */
  rollback?: string;
  /** True when the scenarios observed different paths: each is shown with its scenario (--verbose). */
  rollbacksDiffer?: true;
  scenarios: Array<{ history: ReportHistory; scenario: ReportScenario }>;
}

export function scenarioName(history: { file: string }, scenario: Pick<ReportScenario, 'step' | 'activityType' | 'fault'>): string {
  return `${history.file} step ${scenario.step} ${scenario.activityType} × ${scenario.fault}`;
}

/**
 * Findings with the same cause are one group: one block, every scenario named. A broken law is a
 * cause of its own (the same law broken on the same step or undo, whatever else the scenario
 * breaks); other findings group by outcome, reason and diff.
 */
export function findingGroups(report: Report): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  const add = (key: string, make: () => Omit<FindingGroup, 'scenarios'>, member: { history: ReportHistory; scenario: ReportScenario }) => {
    const group = groups.get(key) ?? { ...make(), scenarios: [] };
    groups.set(key, group);
    group.scenarios.push(member);
  };
  for (const history of report.histories) {
    for (const scenario of history.scenarios.filter((s) => isRegression(s.outcome))) {
      const laws = (scenario.laws ?? []).map(findingLine);
      const diff = scenario.diff ?? '';
      if (scenario.outcome === 'law-broken' && laws.length) {
        // A law-broken detail is the first law's line again: the law lines say it, once.
        for (const law of laws) add(JSON.stringify([scenario.outcome, law, diff]), () => ({ outcome: scenario.outcome, laws: [law], diff: scenario.diff }), { history, scenario });
        continue;
      }
      add(JSON.stringify([scenario.outcome, scenario.detail, laws, diff]), () => ({ outcome: scenario.outcome, detail: scenario.detail, laws, diff: scenario.diff }), { history, scenario });
    }
  }
  return [...groups.values()].map((group) => {
    const paths = [...new Set(group.scenarios.map(({ scenario }) => rollbackOf(scenario) ?? ''))];
    if (paths.length > 1) return { ...group, rollbacksDiffer: true as const };
    return paths[0] ? { ...group, rollback: paths[0] } : group;
  });
}

export function rollbackOf(scenario: ReportScenario): string | undefined {
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
  const total = new Set(groups.flatMap((g) => g.scenarios.map(({ scenario }) => scenario))).size;
  const head = `findings: ${plural(total, 'scenario')}, ${plural(groups.length, 'distinct finding')}`;
  return [head, ...groups.flatMap((group, index) => groupLines(group, index + 1, verbose)), ''];
}

function groupLines(group: FindingGroup, number: number, verbose: boolean): string[] {
  const lines = [`  [${number}] ${group.outcome}${group.detail ? ` — ${group.detail}` : ''}`];
  for (const law of group.laws) lines.push(`      ${law}`);
  // Each scenario's own path, where they differ and --verbose asks for them.
  const own = (scenario: ReportScenario, indent: string) => {
    const path = group.rollbacksDiffer && verbose ? rollbackOf(scenario) : undefined;
    return path ? [`${indent}observed: ${path}`] : [];
  };
  if (group.scenarios.length === 1) {
    lines.push(`      in ${scenarioName(group.scenarios[0].history, group.scenarios[0].scenario)}`);
  } else {
    lines.push(`      in ${group.scenarios.length} scenarios:`);
    for (const { history, scenario } of group.scenarios) lines.push(`        ${scenarioName(history, scenario)}`, ...own(scenario, '          '));
  }
  for (const { scenario } of group.scenarios) if (scenario.repro) lines.push(`      repro: ${scenario.repro}`);
  if (group.rollback) lines.push(`      observed: ${group.rollback}`);
  if (group.rollbacksDiffer && !verbose) lines.push('      observed: differs between these scenarios (--verbose shows each)');
  if (group.diff) {
    lines.push(`      diff (- golden, + observed)${verbose ? '' : ', changed lines'}:`);
    for (const line of diffLines(group.diff, verbose)) lines.push(`        ${line}`);
  }
  return lines;
}
