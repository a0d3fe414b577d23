/** One activity execution as the chaos interceptor sees it. */
export interface ChaosCall {
  /** This execution is the run's target step (the nth call of the step's activity type). */
  target: boolean;
  /** A fault was already injected earlier in this workflow run (so this is rollback work). */
  afterInjection: boolean;
  attempt: number;
  activityType: string;
  /** Records that the fault happened here: later calls of the run see `afterInjection`. */
  markInjected(): void;
  /** Runs the team's activity body once (the rest of the interceptor chain). */
  run(): Promise<unknown>;
}

/**
 * What a run with this fault is judged against: `world-before` (the snapshot taken after `reset()`,
 * minus `--allow`: anything else left is an orphan) or `happy-world` (the happy run's snapshot and
 * close: anything else means a step is not idempotent or the retry was not absorbed).
 */
export type ChaosBaseline = 'world-before' | 'happy-world';

/** A live fault: one module per kind, listed in registry.ts. */
export interface ChaosFault {
  name: string;
  description: string;
  baseline: ChaosBaseline;
  execute(call: ChaosCall): Promise<unknown>;
}
