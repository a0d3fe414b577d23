import { ApplicationFailure } from '@temporalio/common';
import { INJECTED_FAILURE_TYPE, injectedFailureMessage } from '../faults/activity-failed';

/**
 * How the local activities a workflow runs live answer (core runs them in the worker, not on the
 * server): the types a fault makes fail, and the answer of every other call, by its type, its
 * arguments and its rank (from 1) among the calls of its type on the path — decided by the run's
 * answer rules (../continue/results.ts), which know the scenario.
 */
export interface LocalActivityAnswers {
  fail: string[];
  answer(activityType: string, args: unknown[], rank: number): LocalActivityAnswer;
}

/**
 * What one live local activity call does: fail as the fault says, return a known result, return
 * none (`invented`: assumed, so a crash that follows is not blamed on the team), or — no answer
 * may be given — return none while the scenario is marked could-not-run with the reason.
 */
export type LocalActivityAnswer = { fail: true } | { result: unknown } | { invented: true } | { unknown: string };

/** The answer of one live local activity: the injected failure for a faulted type, else what the answer rules give. */
export function localActivityAnswer(
  activityType: string,
  args: unknown[],
  rank: number,
  answers: LocalActivityAnswers | undefined,
): LocalActivityAnswer {
  if (answers?.fail.includes(activityType)) return { fail: true };
  return answers ? answers.answer(activityType, args, rank) : { invented: true };
}

/** Does what the answer says, in the worker's activity: throws the injected failure or returns the result. */
export function actOn(answer: LocalActivityAnswer, activityType: string): unknown {
  if ('fail' in answer)
    throw ApplicationFailure.nonRetryable(injectedFailureMessage(activityType), INJECTED_FAILURE_TYPE);
  return 'result' in answer ? answer.result : undefined;
}
