import { ApplicationFailure } from '@temporalio/common';
import type { ChaosFault } from './fault';

/** The target step throws a non-retryable error instead of running: the saga must roll back. */
export const fail: ChaosFault = {
  name: 'fail',
  description: 'the activity throws a non-retryable InjectedFailure instead of running',
  baseline: 'world-before',
  async execute(call) {
    if (!call.target) return call.run();
    call.markInjected();
    throw injectedFailure(call.activityType);
  },
};

export function injectedFailure(activityType: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`chaos: injected failure in ${activityType}`, 'InjectedFailure');
}
