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

/** What one live local activity call does: fail as the fault says, return a known result, or return none (invented). */
export type LocalActivityAnswer = { fail: true } | { result: unknown } | { invented: true };

/**
 * The answer of one live local activity, the `call`-th (from 0) of its type in the run: the
 * non-retryable InjectedFailure the recorder's --fail-activity throws for real (core then writes the
 * marker with its attempts and backoff), the result of the recorded call of the same rank, the
 * result known for its type, or none (invented: a crash that follows is not blamed on the team).
 */
export function localActivityAnswer(activityType: string, call: number, answers: LocalActivityAnswers | undefined): LocalActivityAnswer {
  if (answers?.fail.includes(activityType)) return { fail: true };
  const same = answers?.recorded?.[activityType]?.[call];
  if (same) return { result: same.result };
  if (answers && Object.hasOwn(answers.results, activityType)) return { result: answers.results[activityType] };
  return { invented: true };
}

/** Does what the answer says, in the worker's activity: throws the injected failure or returns the result. */
export function actOn(answer: LocalActivityAnswer, activityType: string): unknown {
  if ('fail' in answer) throw ApplicationFailure.nonRetryable(injectedFailureMessage(activityType), INJECTED_FAILURE_TYPE);
  return 'result' in answer ? answer.result : undefined;
}

/** Both at once (the tests' view of one call); `invented` is told when the call has no known result. */
export function answerLocalActivity(activityType: string, call: number, answers: LocalActivityAnswers | undefined, invented: () => void): unknown {
  const answer = localActivityAnswer(activityType, call, answers);
  if ('invented' in answer) invented();
  return actOn(answer, activityType);
}
