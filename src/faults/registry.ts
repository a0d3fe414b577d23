import { activityFailed } from './activity-failed';
import { ACTIVITY_TIMEOUTS } from './activity-timeout';
import { CHILD_FAULTS } from './child-faults';
import type { FaultKind } from './fault';
import { localActivityFailed } from './local-activity-failed';
import { kindOfLabel, nestedKind, NESTED_PREFIX } from './nested';
import { retriedThenOk } from './retried-then-ok';
import { retriesExhausted } from './retries-exhausted';
import { SIGNAL_FAULT_PREFIX, SignalCatalogue, signalKind } from './signal';
import { workerCrash } from './worker-crash';
import { workerTaskFailed } from './worker-task-failed';
import { workflowCancel } from './workflow-cancel';

/** Every fault kind the tool can inject, in report column order (then `signal:<name>`, one per signal known). */
export const FAULT_KINDS: readonly FaultKind[] = [
  activityFailed,
  retriesExhausted,
  ...ACTIVITY_TIMEOUTS,
  retriedThenOk,
  workerCrash,
  workerTaskFailed,
  workflowCancel,
  ...CHILD_FAULTS,
  localActivityFailed,
];

/**
 * `nested:<fault>`: faults during compensation, one per kind that can fail a compensation: an
 * activity (kinds that write an activity's failure again), a child workflow (the child faults) or a
 * local activity. Not in the default set (docs/faults.md says why).
 */
export const NESTED_KINDS: readonly FaultKind[] = FAULT_KINDS.filter(
  (kind) => (kind.failActivity && !kind.stepKinds) || kind.failChild || kind.failsLocalActivity,
).map(nestedKind);

export function faultKind(name: string, signals: SignalCatalogue = new SignalCatalogue([])): FaultKind {
  if (name.startsWith(SIGNAL_FAULT_PREFIX) && name.length > SIGNAL_FAULT_PREFIX.length)
    return signalKind(name.slice(SIGNAL_FAULT_PREFIX.length), signals);
  const kind = [...FAULT_KINDS, ...NESTED_KINDS].find((candidate) => candidate.name === name);
  if (!kind) {
    const nested = `${NESTED_PREFIX}<${NESTED_KINDS.map((k) => k.name.slice(NESTED_PREFIX.length)).join('|')}>`;
    const near = closest(
      name,
      [...FAULT_KINDS, ...NESTED_KINDS].map((k) => k.name),
    );
    throw new Error(
      `unknown fault kind ${name}${near ? ` (did you mean ${near}?)` : ''} (known: ${FAULT_KINDS.map((k) => k.name).join(', ')}, ${SIGNAL_FAULT_PREFIX}<name>, ${nested})`,
    );
  }
  return kind;
}

/** The known name nearest a mistyped one (a third of its letters wrong at most), for a "did you mean". */
function closest(name: string, known: string[]): string | undefined {
  const scored = known
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance);
  return scored[0] && scored[0].distance <= Math.max(2, Math.floor(name.length / 3)) ? scored[0].candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** Every kind, with a `signal:<name>` for each signal the histories record or the user gives. */
export function defaultFaultNames(signals?: SignalCatalogue): string[] {
  return [
    ...FAULT_KINDS.map((kind) => kind.name),
    ...(signals?.names() ?? []).map((name) => `${SIGNAL_FAULT_PREFIX}${name}`),
  ];
}

/** `--faults all`: every kind, the default set and every `nested:<fault>`. */
export const ALL_FAULTS = 'all';

/** The kinds `--faults` names, `all` expanded (each kind once, in the order given). */
export function selectedFaultNames(names: readonly string[] | undefined, signals?: SignalCatalogue): string[] {
  if (!names) return defaultFaultNames(signals);
  const expanded = names.flatMap((name) =>
    name === ALL_FAULTS ? [...defaultFaultNames(signals), ...NESTED_KINDS.map((kind) => kind.name)] : [name],
  );
  return [...new Set(expanded)];
}

/** A name `--faults` accepts and a golden file may hold. */
export function isFaultName(name: string): boolean {
  return (
    FAULT_KINDS.some((kind) => kind.name === name) ||
    NESTED_KINDS.some((kind) => kind.name === kindOfLabel(name)) ||
    (name.startsWith(SIGNAL_FAULT_PREFIX) && name.length > SIGNAL_FAULT_PREFIX.length)
  );
}
