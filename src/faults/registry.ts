import { activityFailed } from './activity-failed';
import { ACTIVITY_TIMEOUTS } from './activity-timeout';
import type { FaultKind } from './fault';
import { retriedThenOk } from './retried-then-ok';
import { retriesExhausted } from './retries-exhausted';
import { workerCrash } from './worker-crash';
import { workflowCancel } from './workflow-cancel';

/** Every fault kind the tool can inject, in report column order. */
export const FAULT_KINDS: readonly FaultKind[] = [activityFailed, retriesExhausted, ...ACTIVITY_TIMEOUTS, retriedThenOk, workerCrash, workflowCancel];

export function faultKind(name: string): FaultKind {
  const kind = FAULT_KINDS.find((candidate) => candidate.name === name);
  if (!kind) throw new Error(`unknown fault kind ${name} (known: ${FAULT_KINDS.map((k) => k.name).join(', ')})`);
  return kind;
}
