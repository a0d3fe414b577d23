import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { LivePool } from '../live/pool';
import { ReplaySession, type ReplaySessionOptions } from '../replay/session';

/** The worker that runs each task of a scenario live, and the replayer that proves each closed path. */
export interface FollowEngine {
  live: LivePool;
  session: ReplaySession;
}

export interface RunningEngine extends FollowEngine {
  /** Waits for both to finish their work and stop. */
  close(): Promise<void>;
  /** Stops at once (Ctrl-C): pending replays are rejected. */
  kill(): void;
}

export async function startEngine(bundle: WorkflowBundleWithSourceMap, options: ReplaySessionOptions & { cachedRuns: number }): Promise<RunningEngine> {
  const session = new ReplaySession(bundle, options);
  const live = new LivePool(bundle.code, options);
  await live.started().catch((err: unknown) => {
    session.kill();
    live.kill();
    throw err;
  });
  return {
    live,
    session,
    close: async () => {
      await Promise.all([session.close(), live.close()]);
    },
    kill: () => {
      session.kill();
      live.kill();
    },
  };
}
