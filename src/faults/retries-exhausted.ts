import type { HistoryBuilder } from '../history/builder';
import { RetryState } from '../history/events';
import type { ActivityStep } from '../steps/steps';
import { injectedFailure } from './activity-failed';
import { FaultKind, injectActivityFault } from './fault';

/** The retryable failure type this fault writes; the recorder's --fail-activity-retryable throws the same one for real. */
export const INJECTED_RETRYABLE_FAILURE_TYPE = 'InjectedRetryableFailure';

/**
 * What the server records when a retryable error exhausts the step's retry policy: the last
 * attempt's ActivityTaskStarted (attempt = maximumAttempts, carrying the previous attempt's
 * failure), then ActivityTaskFailed with a retryable ApplicationFailure, MAXIMUM_ATTEMPTS_REACHED.
 * With `maximumAttempts: 1` that is attempt 1 of 1: not activity-failed (NON_RETRYABLE_FAILURE), a
 * difference a saga can act on (compensating only non-retryable causes, or skipping exhausted ones).
 */
function writeExhaustion(builder: HistoryBuilder, scheduledEventId: number, step: ActivityStep): void {
  const failure = injectedFailure(step.activityType, INJECTED_RETRYABLE_FAILURE_TYPE, false, retriesExhausted.name);
  const attempts = step.retryPolicy?.maximumAttempts ?? 1;
  // The first attempt carries no earlier failure.
  const startedEventId = builder.activityStarted(scheduledEventId, attempts, attempts > 1 ? failure : undefined);
  builder.activityFailed(scheduledEventId, startedEventId, failure, RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
}

/** `retries-exhausted`: a retryable error on every attempt until the step's retry policy gives up. */
export const retriesExhausted: FaultKind = {
  name: 'retries-exhausted',
  notApplicable(step) {
    const attempts = step.retryPolicy?.maximumAttempts ?? 0;
    if (attempts === 0)
      return 'its retry policy retries forever (no maximumAttempts): a retryable failure never ends the step';
    return undefined;
  },
  inject: (step, history) => injectActivityFault(step, history, (builder, id) => writeExhaustion(builder, id, step)),
  failActivity: (builder, id, step) => writeExhaustion(builder, id, step),
};
