import type { HistoryBuilder } from '../history/builder';
import { RetryState, type Failure } from '../history/events';
import { FaultKind, injectActivityFault } from './fault';

/** The failure type a fault writes; the recorder's --fail-activity throws the same one for real. */
export const INJECTED_FAILURE_TYPE = 'InjectedFailure';

/** The message of the failure a fault writes: the recorder's --fail-activity(-retryable) throws the same for real. */
export function injectedFailureMessage(activityType: string, retryable = false): string {
  return `injected ${retryable ? 'retryable ' : ''}failure in ${activityType}`;
}

/** An ApplicationFailure as the TypeScript SDK reports one thrown by an activity. */
export function injectedFailure(activityType: string, type: string, nonRetryable: boolean, fault: string): Failure {
  const message = injectedFailureMessage(activityType, !nonRetryable);
  return {
    message,
    source: 'TypeScriptSDK',
    stackTrace: `ApplicationFailure: ${message}\n    at fault-replay (${fault})`,
    applicationFailureInfo: { type, nonRetryable },
  };
}

function writeFailure(builder: HistoryBuilder, scheduledEventId: number, activityType: string): void {
  const startedEventId = builder.activityStarted(scheduledEventId, 1);
  const failure = injectedFailure(activityType, INJECTED_FAILURE_TYPE, true, activityFailed.name);
  builder.activityFailed(scheduledEventId, startedEventId, failure, RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
}

/**
 * `activity-failed`: the step's activity fails for good with a non-retryable ApplicationFailure on
 * its first attempt, as the server records it (started, then failed, then a workflow task).
 */
export const activityFailed: FaultKind = {
  name: 'activity-failed',
  notApplicable: () => undefined,
  inject: (step, history) =>
    injectActivityFault(step, history, (builder, id) => writeFailure(builder, id, step.activityType)),
  failActivity: (builder, id, step) => writeFailure(builder, id, step.activityType),
};
