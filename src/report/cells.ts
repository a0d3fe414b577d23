import type { Outcome } from '../judge/judge';
import { OUTCOMES } from '../judge/judge';
import { FAULT_KINDS } from '../faults/registry';

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
  const present = new Set(faults);
  const ordered = [...FAULT_KINDS.map((kind) => kind.name).filter((name) => present.has(name)), ...[...present].filter((name) => !FAULT_KINDS.some((k) => k.name === name)).sort()];
  const used = new Set<string>();
  return ordered.map((fault) => {
    const initials = FAULT_KINDS.find((kind) => kind.name === fault)?.code ?? (fault.split(/[-:_\s]+/).filter(Boolean).map((word) => word[0].toUpperCase()).join('').slice(0, 3) || 'F');
    let code = initials;
    for (let n = 2; used.has(code); n++) code = `${initials}${n}`;
    used.add(code);
    return { fault, code };
  });
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
