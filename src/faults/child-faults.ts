import { millisOf } from '../history/builder';
import { HistoryBuilder } from '../history/builder';
import { writeChildClosed, type ChildClose } from '../history/child-events';
import { EventType, RetryState, type HistoryEvent } from '../history/events';
import type { LoadedHistory } from '../load/load';
import type { ActivityStep } from '../steps/steps';
import { INJECTED_FAILURE_TYPE, injectedFailureMessage } from './activity-failed';
import type { FaultKind } from './fault';

type ChildFault = 'failed' | 'timeout' | 'terminated' | 'canceled';

/** Why a child step cannot take a fault in place of its recorded close. */
function childNotApplicable(step: ActivityStep, history: LoadedHistory): string | undefined {
  if (!step.startedEventId) return `the recorded child never started (${step.closeEventType ?? 'still open'})`;
  if (!step.closeEventId) return 'the recorded child was still open when the history ends: there is no close to replace';
  const before = history.events[step.closeEventId - 2];
  if (before?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || before?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
    return 'the recorded child closed while a workflow task was pending: its close is not the only news of that task';
  }
  return undefined;
}

/** The shortest of the child's execution and run timeouts, in seconds (0: none). */
function childTimeoutSeconds(step: ActivityStep): number {
  const timeouts = [step.childTimeouts?.execution ?? 0, step.childTimeouts?.run ?? 0].filter((t) => t > 0);
  return timeouts.length ? Math.min(...timeouts) : 0;
}

/** The close the server writes for each fault (the recorder's --fail-child throws the same failure for real). */
function closeOf(fault: ChildFault, step: ActivityStep): ChildClose {
  switch (fault) {
    case 'failed': {
      const message = injectedFailureMessage(step.activityType);
      const failure = { message, source: 'TypeScriptSDK', stackTrace: `ApplicationFailure: ${message}\n    at fault-replay (child-failed)`, applicationFailureInfo: { type: INJECTED_FAILURE_TYPE, nonRetryable: true } };
      return { kind: 'failed', failure, retryState: step.retryPolicy ? RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE : RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
    }
    case 'timeout':
      return { kind: 'timed-out', retryState: RetryState.RETRY_STATE_TIMEOUT };
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
  const notBefore = fault === 'timeout' ? startedAt + childTimeoutSeconds(step) * 1000 : 0;
  writeChildClosed(builder, step.scheduledEventId, step.startedEventId ?? 0, closeOf(fault, step), notBefore);
  builder.startWorkflowTask();
  return builder.events;
}

function childFault(fault: ChildFault, code: string): FaultKind {
  return {
    name: `child-${fault}`,
    code,
    stepKinds: ['child-workflow'],
    notApplicable(step, history) {
      const reason = childNotApplicable(step, history);
      if (reason || fault !== 'timeout') return reason;
      if (!childTimeoutSeconds(step)) return 'the child sets no execution or run timeout: it never times out';
      if (step.retryPolicy) return 'the child has a retry policy: the server would start it again after a timeout (not modelled yet)';
      return undefined;
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
