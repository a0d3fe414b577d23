import { ApplicationFailure } from '@temporalio/common';
import type { ChaosFault } from './fault';

/** The first attempt of the target step throws a retryable error; the retry runs for real. */
export const transient: ChaosFault = {
  name: 'transient',
  description: 'the first attempt throws a retryable error, the retry runs the activity for real',
  baseline: 'happy-world',
  async execute(call) {
    if (call.target && call.attempt === 1) {
      call.markInjected();
      throw ApplicationFailure.retryable(
        `chaos: transient failure in ${call.activityType} (attempt 1)`,
        'ChaosTransientFailure',
      );
    }
    return call.run();
  },
};
