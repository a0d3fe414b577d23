import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { History } from '../history/events';
import { builtInWorker } from '../live/launch';
import { LivePool } from '../live/pool';
import { commandWorker } from '../live/worker-command';
import { ReplaySession, type ReplayOutcome, type ReplaySessionOptions } from '../replay/session';
import { TaskProof, type ProofRun } from '../live/task-proof';

/** The worker that runs each task of a scenario live, and the proof that a closed path replays from the start. */
export interface FollowEngine {
  live: Pick<LivePool, 'runTask' | 'forget'>;
  /** Replays a whole history as a restarted worker would (the run it was followed under). */
  prove(history: History, run: ProofRun): Promise<ReplayOutcome>;
  /** The worker runs the child workflows a path starts too (../continue/child-run.ts): the built-in one, which has the whole workflows module. */
  runsChildren?: boolean;
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
      void started?.then(
        (engine) => engine.kill(),
        () => undefined,
      );
    },
  };
}

type EngineOptions = ReplaySessionOptions & { cachedRuns: number; signal?: AbortSignal };

/** Starts both on the built-in worker (the team's bundle); a stop (Ctrl-C) while the workers start gives an engine already stopped, at once. */
export async function startEngine(bundle: WorkflowBundleWithSourceMap, options: EngineOptions): Promise<RunningEngine> {
  const session = new ReplaySession(bundle, options);
  const live = new LivePool(builtInWorker(bundle.code), options);
  return started(
    {
      live,
      prove: (history, run) => session.replay(history, run.workflowId),
      runsChildren: true,
      parts: [session, live],
    },
    [live.started()],
    options.signal,
  );
}

/**
 * Starts both on the team's own worker command (any SDK): live processes for the scenarios, and
 * processes of their own for the proofs, which never hold a run before its proof.
 */
export async function startCommandEngine(command: string, options: EngineOptions): Promise<RunningEngine> {
  const live = new LivePool(commandWorker(command), options);
  const proof = new TaskProof(commandWorker(command), options);
  return started(
    { live, prove: (history, run) => proof.prove(history, run), parts: [proof, live] },
    [live.started(), proof.started()],
    options.signal,
  );
}

async function started(
  engine: FollowEngine & { parts: Array<{ close(): Promise<void>; kill(): void }> },
  starting: Array<Promise<void>>,
  signal: AbortSignal | undefined,
): Promise<RunningEngine> {
  const { live, prove, parts, runsChildren } = engine;
  const running: RunningEngine = {
    live,
    prove,
    ...(runsChildren ? { runsChildren } : {}),
    close: async () => {
      await Promise.all(parts.map((part) => part.close()));
    },
    kill: () => parts.forEach((part) => part.kill()),
  };
  const stopped = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  await Promise.race([Promise.all(starting), stopped]).catch((err: unknown) => {
    running.kill();
    throw err;
  });
  if (signal?.aborted) running.kill();
  return running;
}
