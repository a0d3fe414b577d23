import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { LiveWorker } from '../live/live-worker';
import { ReplaySession, type ReplaySessionOptions } from '../replay/session';

/** The worker that runs each task of a scenario live, and the replayer that proves each closed path. */
export interface FollowEngine {
  live: LiveWorker;
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
  const live = await LiveWorker.start(bundle, options).catch((err: unknown) => {
    session.kill();
    throw err;
  });
  return {
    live,
    session,
    close: async () => {
      await session.close();
      await live.shutdown();
    },
    kill: () => {
      session.kill();
      void live.shutdown();
    },
  };
}
