import { ApplicationFailure } from '@temporalio/common';
import { INJECTED_FAILURE_TYPE, injectedFailureMessage } from '../faults/activity-failed';

/**
 * How the local activities a workflow runs live answer (core runs them in the worker, not on the
 * server): the types a fault makes fail, and a result per type (a value the payload converter
 * turns back into the recorded payload), from the recorded markers or `--results`.
 */
export interface LocalActivityAnswers {
  fail: string[];
  /** By type: what a call answers when the recorded history has no call of its rank. */
  results: Record<string, unknown>;
  /** By type, in the recorded history's order: each call's result (null where that call failed). */
  recorded?: Record<string, Array<{ result: unknown } | null>>;
}

/**
 * The answer of one live local activity, the `call`-th (from 0) of its type in the run: the
 * non-retryable InjectedFailure the recorder's --fail-activity throws for real (core then writes the
 * marker with its attempts and backoff), the result of the recorded call of the same rank, the
 * result known for its type, or none (`invented` is told, so a crash that follows is not blamed on the team).
 */
export function answerLocalActivity(activityType: string, call: number, answers: LocalActivityAnswers | undefined, invented: () => void): unknown {
  if (answers?.fail.includes(activityType)) throw ApplicationFailure.nonRetryable(injectedFailureMessage(activityType), INJECTED_FAILURE_TYPE);
  const same = answers?.recorded?.[activityType]?.[call];
  if (same) return same.result;
  if (answers && Object.hasOwn(answers.results, activityType)) return answers.results[activityType];
  invented();
  return undefined;
}
