import type { Reporter } from '../report/reporter';
import type { Shard } from '../report/shard';
import type { WorkTable } from '../report/shard-work';

/**
 * Every option of a fault-replay run, once: the CLI's engine flags (src/cli/engine-flags.ts), the
 * mocha face, `check --distribute`'s shards and the API all take these; `qualify` (src/qualify.ts)
 * resolves each `@default` in one place.
 */
export interface FaultReplayOptions {
  /** The workflows module (.ts or .js) as a worker would be given it: the built-in TypeScript worker runs it (unless `workerCommand`). */
  workflowsPath?: string;
  /**
   * The team's own worker process, any SDK, as a shell command: started with the frontend's address,
   * namespace and task queue in FAULT_REPLAY_ADDRESS, FAULT_REPLAY_NAMESPACE and FAULT_REPLAY_TASK_QUEUE
   * (and `{address}`, `{namespace}`, `{taskQueue}` in the command); it runs every workflow task instead
   * of the built-in worker (docs/other-sdks.md).
   */
  workerCommand?: string;
  /** History files or folders. */
  histories: string[];
  /** The team's own workflow interceptor modules: bundled with the workflows, before the observer. */
  interceptorModules?: string[];
  /**
   * A module exporting `payloadConverter`, when the team uses its own (as `dataConverter.payloadConverterPath`).
   * @default the data converter module, when it exports a payloadConverter
   */
  payloadConverterPath?: string;
  /** A module exporting `payloadCodecs` (encryption, compression) and/or `payloadConverter`, as the worker's data converter. */
  dataConverterPath?: string;
  /**
   * Where golden files live.
   * @default beside each history
   */
  goldenDir?: string;
  /**
   * Write the observed behaviour as the new golden files.
   * @default false
   */
  update?: boolean;
  /**
   * A saga spec for every history.
   * @default `<workflowType>.saga.json` beside each history, where one exists
   */
  specPath?: string;
  /**
   * False: no saga spec is read (the goldens alone judge).
   * @default true
   */
  laws?: boolean;
  /**
   * False: golden files are neither read nor written (the laws alone judge, or nothing does).
   * @default true
   */
  goldens?: boolean;
  /**
   * Fault kinds to inject.
   * @default every kind of the registry, with `signal:<name>` for each signal recorded or given
   */
  faults?: string[];
  /**
   * The largest history read, in MiB once unpacked (all gzip layers together); a larger one is a problem line.
   * @default 64
   */
  maxHistoryMib?: number;
  /** Signal payloads for `signal:<name>` (the signal's arguments, by name), besides those the histories record. */
  signals?: Record<string, unknown[]>;
  /**
   * Workflow tasks a scenario may take before it is called `stuck`.
   * @default 1000, or 10 a step of the history
   */
  maxRounds?: number;
  /**
   * Answers the recorded history does not hold, by activity (child workflow, local activity) type: a JSON
   * file or a module; a value, a function of the call's arguments and the scenario, or `{ "$reuse": true }`.
   */
  resultsPath?: string;
  /**
   * A type the recorded history never ran is could-not-run, instead of completing with no result (an assumed answer).
   * @default false
   */
  strictAnswers?: boolean;
  /**
   * CPU time (ms) one replay or workflow task may take before its workflow code is called stuck in a loop; plus 2 ms an event.
   * @default 5000
   */
  deadlineMs?: number;
  /**
   * Workers side by side, each a live and a replay process.
   * @default FAULT_REPLAY_WORKERS, else one for every two cores, at most 4
   */
  workers?: number;
  /**
   * Scenarios followed at once: enough to keep every worker process busy.
   * @default 32
   */
  scenariosInFlight?: number;
  /**
   * Bundle the workflows in a process of their own: ≈ 120 MiB less resident for the whole run, ≈ 1 s longer to start.
   * @default from 500 scenarios on
   */
  bundleApart?: boolean;
  /**
   * `--incremental`: scenarios whose verdict cannot have changed are reported from this file, not run
   * (src/incremental/incremental.ts says what a verdict depends on); the file is rewritten with this run's.
   */
  incrementalPath?: string;
  /**
   * With `--incremental`: a scenario whose code changed is first followed along the path the file
   * keeps for it and proved by one replay; live, task by task, where that does not hold
   * (src/continue/predicted-path.ts). `--no-predict`: always live.
   * @default true
   */
  predict?: boolean;
  /**
   * `--narrow-keys`, with `--incremental`: a scenario whose key missed only because the bundle
   * changed is reported from the file when every function its replays ran (V8 coverage) has the
   * same text in the new bundle (src/incremental/function-index.ts); otherwise it runs.
   */
  narrowKeys?: boolean;
  /** Stops the run early (Ctrl-C): what was judged so far is returned, marked incomplete. */
  signal?: AbortSignal;
  /** Reporters' hooks: the plan, each scenario followed to its close, each verdict. */
  hooks?: Pick<Reporter, 'runPlanned' | 'scenarioFollowed' | 'scenarioJudged'>;
  /** Only shard `index` of `count` (1-based): a deterministic share of the scenarios, balanced by their work (`shardWeights`). */
  shard?: Shard;
  /**
   * `--weights FILE`: each scenario's work as a previous run measured it (RunResult.work); the shard
   * split weighs by it, and by an estimate from the history's length where it has none.
   */
  shardWeights?: WorkTable;
}

/** The options with every default resolved (src/qualify.ts). */
export type QualifiedOptions = FaultReplayOptions &
  Required<Pick<FaultReplayOptions, 'update' | 'laws' | 'goldens' | 'deadlineMs' | 'workers' | 'scenariosInFlight'>>;

/** CPU time (ms) one workflow task, or one replay, of a history of `events` events may take: the deadline, plus 2 ms an event. */
export function cpuBudgetMs(deadlineMs: number, events: number): number {
  return deadlineMs + 2 * events;
}

/** What the worker processes need: how many, and how long a workflow task may run. */
export type ProcessOptions = Required<Pick<FaultReplayOptions, 'deadlineMs' | 'workers'>> &
  Pick<FaultReplayOptions, 'payloadConverterPath'>;

/**
 * The options of a check as `check --distribute` sends them to the worker machines: data only.
 * Anyone who can start a workflow on the workers' task queue can send a shard, so no module or file
 * path travels: those are each worker's own command line (WORKER_KEYS), and histories are paths
 * under its --histories-root.
 */
export const SHARD_CHECK_KEYS = [
  'histories',
  'faults',
  'signals',
  'strictAnswers',
  'maxRounds',
  'deadlineMs',
  'workers',
] as const satisfies ReadonlyArray<keyof FaultReplayOptions>;

/** What a `fault-replay worker` loads and reads, fixed by its own flags when it starts. */
export const WORKER_KEYS = [
  'workflowsPath',
  'interceptorModules',
  'payloadConverterPath',
  'dataConverterPath',
  'goldenDir',
  'specPath',
  'resultsPath',
  'maxHistoryMib',
] as const satisfies ReadonlyArray<keyof FaultReplayOptions>;

export type ShardCheckOptions = Pick<FaultReplayOptions, (typeof SHARD_CHECK_KEYS)[number]>;

/** The shard's part of a check's options, with no key left undefined (Temporal's JSON would drop it anyway; this keeps the input readable in the Web UI). */
export function shardCheckOptions(options: FaultReplayOptions): ShardCheckOptions {
  return Object.fromEntries(
    SHARD_CHECK_KEYS.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]),
  ) as ShardCheckOptions;
}
