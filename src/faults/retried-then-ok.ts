import type { HistoryBuilder } from '../history/builder';
import type { LoadedHistory } from '../model/history';
import type { ActivityStep } from '../steps/steps';
import { FaultKind, injectActivityFault, samePathNotApplicable } from './fault';
import { INJECTED_RETRYABLE_FAILURE_TYPE } from './retries-exhausted';

/** The retryable failure of the first attempt, as the TypeScript SDK reports the recorder's --fail-activity-once. */
function firstAttemptFailure(activityType: string) {
  const message = `injected retryable failure in ${activityType}`;
  return {
    message,
    source: 'TypeScriptSDK',
    stackTrace: `ApplicationFailure: ${message}\n    at fault-replay (${retriedThenOk.name})`,
    applicationFailureInfo: { type: INJECTED_RETRYABLE_FAILURE_TYPE },
  };
}

/**
 * What the server records when the first attempt fails with a retryable error and the second
 * completes: one ActivityTaskStarted, written when the attempt ends (attempt 2, the first
 * attempt's failure as lastFailure), then the recorded completion with its result.
 */
function writeRetriedCompletion(
  builder: HistoryBuilder,
  scheduledEventId: number,
  step: ActivityStep,
  history: LoadedHistory,
): void {
  const completed = history.events[(step.closeEventId ?? 0) - 1]?.activityTaskCompletedEventAttributes;
  const startedEventId = builder.activityStarted(scheduledEventId, 2, firstAttemptFailure(step.activityType));
  builder.activityCompleted(scheduledEventId, startedEventId, completed?.result?.payloads ?? undefined);
}

/** `retried-then-ok`: the step fails once, the server retries it, and it completes as recorded; nothing may change. */
export const retriedThenOk: FaultKind = {
  name: 'retried-then-ok',
  expectsSamePath: true,
  notApplicable: (step, history) =>
    samePathNotApplicable(step, history) ??
    (step.retryPolicy?.maximumAttempts === 1
      ? 'its retry policy allows one attempt: a failed attempt ends the step'
      : undefined),
  inject: (step, history) =>
    injectActivityFault(step, history, (builder, id) => writeRetriedCompletion(builder, id, step, history)),
};
