import { HistoryBuilder } from '../history/builder';
import { RetryState, type HistoryEvent } from '../history/events';
import type { ActivityStep } from '../steps/steps';
import type { LoadedHistory } from '../load/load';
import { FaultKind, prefixThroughStep } from './fault';

/** The failure type a fault writes; the recorder's --fail-activity throws the same one for real. */
export const INJECTED_FAILURE_TYPE = 'InjectedFailure';

export function injectedFailureMessage(activityType: string): string {
  return `injected failure in ${activityType}`;
}

/**
 * `activity-failed`: the step's activity fails for good with a non-retryable ApplicationFailure on
 * its first attempt, as the server records it (started, then failed, then a workflow task).
 */
export const activityFailed: FaultKind = {
  name: 'activity-failed',

  notApplicable: () => undefined,

  inject(this: FaultKind, step: ActivityStep, history: LoadedHistory): HistoryEvent[] {
    const builder = new HistoryBuilder(prefixThroughStep(step, history.events), history.events);
    const startedEventId = builder.activityStarted(step.scheduledEventId, 1);
    builder.activityFailed(
      step.scheduledEventId,
      startedEventId,
      {
        message: injectedFailureMessage(step.activityType),
        source: 'TypeScriptSDK',
        stackTrace: `ApplicationFailure: ${injectedFailureMessage(step.activityType)}\n    at fault-replay (${this.name})`,
        applicationFailureInfo: { type: INJECTED_FAILURE_TYPE, nonRetryable: true },
      },
      RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
    );
    builder.workflowTask();
    return builder.events;
  },
};
