/**
 * A saga of N sequential steps, each undone in reverse on a failure: the bench's growth fixture
 * (histories/n-step-saga/, recorded by `npm run record:bench`). Cost of a check grows with N as
 * the scenarios (N) times the path of each (up to 2N activities).
 */
import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { step, undo } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 1 },
});

export async function stepsSaga({ steps }: { steps: number }): Promise<number> {
  const done: number[] = [];
  try {
    for (let i = 1; i <= steps; i++) done.unshift(await step(i));
  } catch (err) {
    await CancellationScope.nonCancellable(async () => {
      for (const i of done) await undo(i);
    });
    throw err;
  }
  return done.length;
}
