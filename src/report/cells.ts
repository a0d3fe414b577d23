import type { Outcome } from '../model/outcome';
import { OUTCOMES } from '../model/outcome';
import { FAULT_KINDS, NESTED_KINDS } from '../faults/registry';
import { kindOfLabel, ordinalOfLabel } from '../faults/nested';

const COLUMN_KINDS = [...FAULT_KINDS, ...NESTED_KINDS];

/** One or two characters a cell, findings in capitals, so a wide matrix still reads at a glance. */
export const CELL: Record<Outcome, string> = {
  compensated: '.',
  'unexpected-commands': 'D',
  'law-broken': 'L',
  nondeterministic: 'N',
  'workflow-task-failed': 'C',
  'work-left-open': 'O',
  stuck: 'S',
  'not-applicable': '-',
  'could-not-run': 'E',
};

export function outcomeLegend(): string {
  return `cells: ${OUTCOMES.map((outcome) => `${CELL[outcome]} ${outcome}`).join(' · ')}`;
}

/**
 * The fault columns of a report: the registry's order first, then any other fault name the
 * report holds (a merge of reports from a newer version), each with a short code for the header.
 */
export function faultColumns(faults: Iterable<string>): Array<{ fault: string; code: string }> {
  const present = new Set([...faults].map(kindOfLabel));
  const ordered = [
    ...COLUMN_KINDS.map((kind) => kind.name).filter((name) => present.has(name)),
    ...[...present].filter((name) => !COLUMN_KINDS.some((k) => k.name === name)).sort(),
  ];
  const used = new Set<string>();
  return ordered.map((fault) => {
    const initials =
      COLUMN_KINDS.find((kind) => kind.name === fault)?.code ??
      (fault
        .split(/[-:_\s]+/)
        .filter(Boolean)
        .map((word) => word[0].toUpperCase())
        .join('')
        .slice(0, 3) ||
        'F');
    let code = initials;
    for (let n = 2; used.has(code); n++) code = `${initials}${n}`;
    used.add(code);
    return { fault, code };
  });
}

/** Regressions first (in the legend's order), then could-not-run, compensated, not-applicable. */
const SEVERITY: readonly Outcome[] = [
  ...OUTCOMES.filter((o) => o !== 'compensated' && o !== 'not-applicable' && o !== 'could-not-run'),
  'could-not-run',
  'compensated',
  'not-applicable',
];

/**
 * The outcome a cell shows: the scenario of that step and column, or, for a `nested:` column (one
 * scenario per compensation on the row's path), the worst of them. Undefined: no such scenario.
 */
export function cellOutcome(
  scenarios: ReadonlyArray<{ step: number; fault: string; outcome: Outcome }>,
  step: number,
  column: string,
): Outcome | undefined {
  const outcomes = scenarios.filter((s) => s.step === step && kindOfLabel(s.fault) === column).map((s) => s.outcome);
  return outcomes.sort((a, b) => SEVERITY.indexOf(a) - SEVERITY.indexOf(b))[0];
}

/** Plan order of two fault labels: by the run's kinds (`faults`), then a nested kind's compensations by ordinal. */
export function compareFaultLabels(a: string, b: string, faults: readonly string[]): number {
  return faults.indexOf(kindOfLabel(a)) - faults.indexOf(kindOfLabel(b)) || ordinalOfLabel(a) - ordinalOfLabel(b);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
