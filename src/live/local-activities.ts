import { ApplicationFailure } from '@temporalio/common';
import { INJECTED_FAILURE_TYPE, injectedFailureMessage } from '../faults/activity-failed';

/**
 * How the local activities a workflow runs live answer (core runs them in the worker, not on the
 * server): the types a fault makes fail, and a result per type (a value the payload converter
 * turns back into the recorded payload), from the recorded markers or `--results`.
 */
export interface LocalActivityAnswers {
  fail: string[];
  results: Record<string, unknown>;
}

/**
 * The answer of one live local activity: the non-retryable InjectedFailure the recorder's
 * --fail-activity throws for real (core then writes the marker with its attempts and backoff), the
 * known result, or none (`invented` is told, so a crash that follows is not blamed on the team).
 */
export function answerLocalActivity(activityType: string, answers: LocalActivityAnswers | undefined, invented: () => void): unknown {
  if (answers?.fail.includes(activityType)) throw ApplicationFailure.nonRetryable(injectedFailureMessage(activityType), INJECTED_FAILURE_TYPE);
  if (answers && Object.hasOwn(answers.results, activityType)) return answers.results[activityType];
  invented();
  return undefined;
}
