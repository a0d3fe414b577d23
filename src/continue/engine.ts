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

/** An engine started only when first needed: a run whose every scenario is reported from `--incremental` starts none. */
export interface LazyEngine {
  get(): Promise<RunningEngine>;
  close(): Promise<void>;
  kill(): void;
}

export function lazyEngine(start: () => Promise<RunningEngine>): LazyEngine {
  let started: Promise<RunningEngine> | undefined;
  let killed = false;
  return {
    get: () => (started ??= start().then((engine) => (killed ? (engine.kill(), engine) : engine))),
    close: async () => {
      if (started) await (await started).close();
    },
    kill: () => {
      killed = true;
      void started?.then((engine) => engine.kill(), () => undefined);
    },
  };
}

/** Starts both; a stop (Ctrl-C) while the workers start gives an engine already stopped, at once. */
export async function startEngine(
  bundle: WorkflowBundleWithSourceMap,
  options: ReplaySessionOptions & { cachedRuns: number; signal?: AbortSignal },
): Promise<RunningEngine> {
  const session = new ReplaySession(bundle, options);
  const live = new LivePool(bundle.code, options);
  const engine: RunningEngine = {
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
  const stopped = new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
  await Promise.race([live.started(), stopped]).catch((err: unknown) => {
    engine.kill();
    throw err;
  });
  if (options.signal?.aborted) engine.kill();
  return engine;
}
