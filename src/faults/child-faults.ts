import type { temporal } from '@temporalio/proto';
import { millisOf } from '../history/builder';
import { durationMillis } from '../history/durations';
import { HistoryBuilder } from '../history/builder';
import { writeChildClosed, type ChildClose } from '../history/child-events';
import { EventType, RetryState, type HistoryEvent } from '../history/events';
import type { LoadedHistory } from '../model/history';
import type { ActivityStep } from '../steps/steps';
import { INJECTED_FAILURE_TYPE, injectedFailureMessage } from './activity-failed';
import type { FaultKind } from './fault';

type ChildFault = 'failed' | 'timeout' | 'terminated' | 'canceled';

/** Why a child step cannot take a fault in place of its recorded close. */
function childNotApplicable(step: ActivityStep, history: LoadedHistory): string | undefined {
  if (!step.startedEventId) return `the recorded child never started (${step.closeEventType ?? 'still open'})`;
  if (!step.closeEventId)
    return 'the recorded child was still open when the history ends: there is no close to replace';
  const before = history.events[step.closeEventId - 2];
  if (
    before?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ||
    before?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
  ) {
    return 'the recorded child closed while a workflow task was pending: its close is not the only news of that task';
  }
  return undefined;
}

/**
 * When the server times the hung child out (ms after its start), and the retry state it writes: at
 * the shorter of its execution and run timeouts without a retry policy; with one, a timed-out run
 * is started again after the policy's backoff, until the attempts run out (MAXIMUM_ATTEMPTS_REACHED)
 * or the execution timeout would pass (TIMEOUT). Undefined: it never times out.
 */
export function childTimeout(
  step: Pick<ActivityStep, 'childTimeouts' | 'retryPolicy'>,
): { afterMs: number; retryState: temporal.api.enums.v1.RetryState } | undefined {
  const execution = (step.childTimeouts?.execution ?? 0) * 1000;
  const run = (step.childTimeouts?.run ?? 0) * 1000;
  const policy = step.retryPolicy;
  if (!policy) {
    const timeouts = [execution, run].filter((t) => t > 0);
    return timeouts.length ? { afterMs: Math.min(...timeouts), retryState: RetryState.RETRY_STATE_TIMEOUT } : undefined;
  }
  if (!run || (execution && execution <= run))
    return execution ? { afterMs: execution, retryState: RetryState.RETRY_STATE_TIMEOUT } : undefined;
  const attempts = policy.maximumAttempts ?? 0;
  if (!execution && !attempts) return undefined;
  const initial = durationMillis(policy.initialInterval) || 1000;
  const maximum = durationMillis(policy.maximumInterval) || 100 * initial;
  let afterMs = 0;
  for (let attempt = 1; ; attempt++) {
    afterMs += run;
    if (execution && afterMs >= execution) return { afterMs: execution, retryState: RetryState.RETRY_STATE_TIMEOUT };
    if (attempts && attempt >= attempts)
      return { afterMs, retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
    const backoff = Math.min(initial * (policy.backoffCoefficient || 2) ** (attempt - 1), maximum);
    if (execution && afterMs + backoff >= execution) return { afterMs, retryState: RetryState.RETRY_STATE_TIMEOUT };
    afterMs += backoff;
  }
}

/** The close the server writes for each fault (the recorder's --fail-child throws the same failure for real). */
function closeOf(fault: ChildFault, step: ActivityStep): ChildClose {
  switch (fault) {
    case 'failed': {
      const message = injectedFailureMessage(step.activityType);
      const failure = {
        message,
        source: 'TypeScriptSDK',
        stackTrace: `ApplicationFailure: ${message}\n    at fault-replay (child-failed)`,
        applicationFailureInfo: { type: INJECTED_FAILURE_TYPE, nonRetryable: true },
      };
      return {
        kind: 'failed',
        failure,
        retryState: step.retryPolicy
          ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
          : RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET,
      };
    }
    case 'timeout':
      return { kind: 'timed-out', retryState: childTimeout(step)!.retryState };
    case 'terminated':
      return { kind: 'terminated' };
    case 'canceled':
      return { kind: 'canceled' };
  }
}

/**
 * The recorded events up to the child's close (its start, the workflow task that saw it start, and
 * whatever else happened meanwhile), the fault's close in place of the recorded one, then the
 * workflow task the server schedules and starts in answer, left open.
 */
function injectChildFault(fault: ChildFault, step: ActivityStep, history: LoadedHistory): HistoryEvent[] {
  const builder = new HistoryBuilder(history.events.slice(0, (step.closeEventId ?? 0) - 1), history.events);
  const startedAt = millisOf(history.events[(step.startedEventId ?? 0) - 1].eventTime);
  const notBefore = fault === 'timeout' ? startedAt + childTimeout(step)!.afterMs : 0;
  writeChildClosed(builder, step.scheduledEventId, step.startedEventId ?? 0, closeOf(fault, step), notBefore);
  builder.startWorkflowTask();
  return builder.events;
}

/** The fault's close of a child the path started (a compensation), at its timeout for `timeout`. */
function failChild(
  fault: ChildFault,
  builder: HistoryBuilder,
  initiatedEventId: number,
  startedEventId: number,
  step: ActivityStep,
): void {
  const startedAt = millisOf(builder.events[startedEventId - 1]?.eventTime);
  writeChildClosed(
    builder,
    initiatedEventId,
    startedEventId,
    closeOf(fault, step),
    fault === 'timeout' ? startedAt + childTimeout(step)!.afterMs : 0,
  );
}

function childFault(fault: ChildFault, code: string): FaultKind {
  return {
    name: `child-${fault}`,
    code,
    stepKinds: ['child-workflow'],
    failChild: (builder, initiatedEventId, startedEventId, step) =>
      failChild(fault, builder, initiatedEventId, startedEventId, step),
    compensationNotApplicable: (step) =>
      fault === 'timeout' && !childTimeout(step)
        ? 'the child sets no execution or run timeout (or retries its runs without end): it never times out'
        : undefined,
    notApplicable(step, history) {
      const reason = childNotApplicable(step, history);
      if (reason || fault !== 'timeout') return reason;
      if (childTimeout(step)) return undefined;
      if (step.retryPolicy && step.childTimeouts?.run)
        return 'the child retries its timed-out runs without end (no maximum attempts, no execution timeout): it never times out';
      return 'the child sets no execution or run timeout: it never times out';
    },
    inject: (step, history) => injectChildFault(fault, step, history),
  };
}

/**
 * `child-failed`, `child-timeout`, `child-terminated`, `child-canceled`: the started child closes
 * that way instead of as recorded, with the event the server writes in the parent's history.
 */
export const CHILD_FAULTS: readonly FaultKind[] = [
  childFault('failed', 'CF'),
  childFault('timeout', 'CTO'),
  childFault('terminated', 'CTE'),
  childFault('canceled', 'CC'),
];
