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
  /** True when the scenarios' diffs differ (outside the lines that make the cause): the first one is shown. */
  diffsDiffer?: true;
  scenarios: Array<{ history: ReportHistory; scenario: ReportScenario }>;
}

export function scenarioName(
  history: { file: string },
  scenario: Pick<ReportScenario, 'step' | 'activityType' | 'fault'>,
): string {
  return `${history.file} step ${scenario.step} ${scenario.activityType} × ${scenario.fault}`;
}

/**
 * Findings with the same cause are one group: one block, every scenario named. A broken law is a
 * cause of its own (the same law broken on the same step or undo, whatever else the scenario
 * breaks, on whatever step or fault kind); any other finding groups by its outcome, its reason and
 * the lines its diff changes — the same missing undo or extra command, wherever it was seen. Text
 * that differs only by the injected failure's wording (`injected failure`, `injected retryable
 * failure`) does not split a group.
 */
export function findingGroups(report: Report): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  const add = (
    key: string,
    make: () => Omit<FindingGroup, 'scenarios'>,
    member: { history: ReportHistory; scenario: ReportScenario },
  ) => {
    const group = groups.get(key) ?? { ...make(), scenarios: [] };
    groups.set(key, group);
    group.scenarios.push(member);
    if (member.scenario.diff !== group.diff) group.diffsDiffer = true;
  };
  for (const history of report.histories) {
    for (const scenario of history.scenarios.filter((s) => isRegression(s.outcome))) {
      const laws = (scenario.laws ?? []).map(findingLine);
      if (scenario.outcome === 'law-broken' && laws.length) {
        // A law-broken detail is the first law's line again: the law lines say it, once.
        for (const law of laws)
          add(
            JSON.stringify([scenario.outcome, sameWording(law)]),
            () => ({ outcome: scenario.outcome, laws: [law], diff: scenario.diff }),
            { history, scenario },
          );
        continue;
      }
      const cause = JSON.stringify([
        scenario.outcome,
        sameWording(scenario.detail ?? ''),
        laws.map(sameWording),
        changedLines(scenario.diff).map(sameWording),
      ]);
      add(cause, () => ({ outcome: scenario.outcome, detail: scenario.detail, laws, diff: scenario.diff }), {
        history,
        scenario,
      });
    }
  }
  return [...groups.values()].map((group) => {
    const paths = [...new Set(group.scenarios.map(({ scenario }) => rollbackOf(scenario) ?? ''))];
    if (paths.length > 1) return { ...group, rollbacksDiffer: true as const };
    return paths[0] ? { ...group, rollback: paths[0] } : group;
  });
}

/** The wording of the two injected application failures, made one (they are one cause). */
function sameWording(text: string): string {
  return text
    .replace(/injected retryable failure/g, 'injected failure')
    .replace(/InjectedRetryableFailure/g, 'InjectedFailure');
}

function changedLines(diff: string | undefined): string[] {
  return (diff ?? '').split('\n').filter((line) => line.startsWith('+') || line.startsWith('-'));
}

export function rollbackOf(scenario: ReportScenario): string | undefined {
  if (!scenario.observed) return undefined;
  const { tasks, close, openAtClose } = scenario.observed;
  if (tasks.length === 0 && !close) return undefined; // a path cut short before any command: the outcome says it
  const line = compactRollback({ tasks, close, ...(close ? {} : { error: scenario.outcome }) });
  return openAtClose?.length ? `${line} (open at close: ${openAtClose.join(', ')})` : line;
}

/**
 * Only the lines that changed, at most a dozen, unless --verbose asks for the whole diff. A command
 * that only moved (the same line removed and added) means nothing without the lines around it:
 * then the whole diff is shown, as far as the same limit.
 */
export function shortDiff(diff: string, verbose: boolean): { lines: string[]; whole: boolean } {
  const lines = diff.split('\n');
  if (verbose) return { lines, whole: true };
  const changed = lines.filter((line) => line.startsWith('+') || line.startsWith('-'));
  const removed = new Set(changed.filter((line) => line.startsWith('-')).map((line) => line.slice(1)));
  const moved = changed.some((line) => line.startsWith('+') && removed.has(line.slice(1)));
  const shown = moved ? lines : changed;
  if (shown.length <= SHORT_DIFF_LINES) return { lines: shown, whole: moved };
  return {
    lines: [
      ...shown.slice(0, SHORT_DIFF_LINES),
      `… ${shown.length - SHORT_DIFF_LINES} more lines (--verbose shows the whole diff)`,
    ],
    whole: moved,
  };
}

/** Finding groups shown in full on a terminal without --verbose; the rest are counted. */
const GROUPS_SHOWN = 3;
/** Scenarios named in a group without --verbose; the rest are counted. */
const SCENARIOS_SHOWN = 4;

export function findingLines(report: Report, verbose = false): string[] {
  const groups = findingGroups(report);
  if (groups.length === 0) return [];
  const total = new Set(groups.flatMap((g) => g.scenarios.map(({ scenario }) => scenario))).size;
  const head = `findings: ${plural(total, 'scenario')}, ${plural(groups.length, 'distinct finding')}`;
  const shown = verbose ? groups : groups.slice(0, GROUPS_SHOWN);
  const rest = groups.length - shown.length;
  const more = rest
    ? [`  … ${plural(rest, 'more finding')} (--verbose shows them; --json, --junit and --markdown hold every one)`]
    : [];
  return [head, ...shown.flatMap((group, index) => groupLines(group, index + 1, verbose)), ...more, ''];
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
    lines.push(`      in ${group.scenarios.length} scenarios${verbose ? '' : ` (${spread(group)})`}:`);
    const named = verbose ? group.scenarios : group.scenarios.slice(0, SCENARIOS_SHOWN);
    for (const { history, scenario } of named)
      lines.push(`        ${scenarioName(history, scenario)}`, ...own(scenario, '          '));
    if (named.length < group.scenarios.length)
      lines.push(`        … and ${group.scenarios.length - named.length} more (--verbose names each)`);
  }
  const repros = group.scenarios.filter(({ scenario }) => scenario.repro);
  for (const { scenario } of verbose ? repros : repros.slice(0, 1)) lines.push(`      repro: ${scenario.repro}`);
  if (!verbose && repros.length > 1) lines.push(`      (and ${repros.length - 1} more repro files, one per scenario)`);
  if (group.rollback) lines.push(`      observed: ${group.rollback}`);
  if (group.rollbacksDiffer && !verbose)
    lines.push('      observed: differs between these scenarios (--verbose shows each)');
  if (group.diff) {
    const which = group.diffsDiffer
      ? `, of ${scenarioName(group.scenarios[0].history, group.scenarios[0].scenario)}`
      : '';
    const diff = shortDiff(group.diff, verbose);
    lines.push(`      diff (- golden, + observed)${diff.whole ? '' : ', changed lines'}${which}:`);
    for (const line of diff.lines) lines.push(`        ${line}`);
  }
  return lines;
}

/** Where a group's scenarios are, in a few words: `3 histories, steps 3-6, activity-failed and 2 more fault kinds`. */
function spread(group: FindingGroup): string {
  const files = new Set(group.scenarios.map(({ history }) => history.file));
  const steps = [...new Set(group.scenarios.map(({ scenario }) => scenario.step))].sort((a, b) => a - b);
  const faults = [...new Set(group.scenarios.map(({ scenario }) => scenario.fault))];
  const stepText = steps.length === 1 ? `step ${steps[0]}` : `steps ${steps[0]}–${steps[steps.length - 1]}`;
  const faultText =
    faults.length === 1 ? faults[0] : `${faults[0]} and ${plural(faults.length - 1, 'more fault kind')}`;
  return `${plural(files.size, 'history', 'histories')}, ${stepText}, ${faultText}`;
}
