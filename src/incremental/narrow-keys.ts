import type { TaskAnswer } from '../live/pool';
import type { TaskRequest } from '../live/live-runs';
import type { ProofRun } from '../live/task-proof';
import type { History } from '../history/events';
import type { ReplayOutcome } from '../replay/session';
import type { FollowEngine } from '../continue/engine';
import type { ScenarioResult } from '../model/results';
import { FunctionIndex } from './function-index';

/** A scenario kept by the functions it ran: their paths (indices into the file's table) and a digest of their own texts. */
export interface NarrowEntry {
  functions: number[];
  digest: string;
  /** FunctionIndex.sdkDigest: the SDK's modules as one (left out of `functions`). */
  sdk: string;
  results: ScenarioResult[];
}

export interface NarrowFile {
  /** Every function path any entry names, once. */
  functions: string[];
  /** By narrow key (everything a verdict depends on but the bundle, with the SDK's modules instead). */
  scenarios: Record<string, NarrowEntry>;
}

/**
 * Follows a scenario on the engine and gathers what its proof replays ran (V8 coverage, from a
 * session started with `coverage`). What it gathered stands for the scenario only if every run
 * that took a live task was proved by a replay (a child workflow the tool runs is not: its code
 * ran live only) and no replay decided a patch or an SDK flag a live task decides otherwise.
 */
export class CoverageCollector implements FollowEngine {
  private readonly ranges: Array<[number, number]> = [];
  private readonly unproved = new Set<string>();
  private fit = true;
  readonly runsChildren?: boolean;

  constructor(private readonly engine: FollowEngine) {
    this.runsChildren = engine.runsChildren;
  }

  readonly live = {
    runTask: (request: TaskRequest): Promise<TaskAnswer> => {
      this.unproved.add(request.runId);
      return this.engine.live.runTask(request);
    },
    forget: (runId: string) => this.engine.live.forget(runId),
  };

  async prove(history: History, run: ProofRun): Promise<ReplayOutcome> {
    const proof = await this.engine.prove(history, run);
    this.unproved.delete(run.runId);
    const decided = proof.events.some((event) => event.kind === 'concluded' && event.replayDecided?.length);
    if (!proof.executed || decided) this.fit = false;
    else this.ranges.push(...proof.executed);
    return proof;
  }

  /** The [start, end) ranges of the functions the scenario ran; undefined when they may not be all. */
  executed(): Array<[number, number]> | undefined {
    return this.fit && this.unproved.size === 0 ? this.ranges : undefined;
  }
}

/**
 * The `--narrow-keys` half of the --incremental file: a scenario whose key missed only because the
 * bundle changed is reported from the file when every function its replays ran has the same own
 * text in the new bundle (FunctionIndex), and run otherwise.
 */
export class NarrowKeys {
  private readonly next: NarrowFile = { functions: [], scenarios: {} };
  private readonly numbers = new Map<string, number>();
  /** Scenarios reported from the file by the functions they ran. */
  reused = 0;

  constructor(
    private readonly previous: NarrowFile | undefined,
    private readonly index: () => Promise<FunctionIndex | undefined>,
  ) {}

  /** The verdicts kept under this key, if the functions they ran are unchanged in this bundle. */
  async results(key: string): Promise<ScenarioResult[] | undefined> {
    const entry = this.previous?.scenarios[key];
    const index = entry && (await this.index());
    if (!entry || !index) return undefined;
    const paths = entry.functions.map((n) => this.previous!.functions[n]);
    if (entry.sdk !== index.sdkDigest || paths.some((path) => path === undefined)) return undefined;
    if (index.digest(paths) !== entry.digest) return undefined;
    this.keepPaths(key, paths, entry);
    this.reused++;
    return entry.results.map((result) => ({ ...result, cached: true }));
  }

  /** A scenario reported by its full key keeps its entry for the next run. */
  keepPrevious(key: string): void {
    const entry = this.previous?.scenarios[key];
    if (entry)
      this.keepPaths(
        key,
        entry.functions.map((n) => this.previous!.functions[n]),
        entry,
      );
  }

  async keep(key: string, results: ScenarioResult[], executed: Array<[number, number]> | undefined): Promise<void> {
    const index = executed && (await this.index());
    if (!index || !executed) return;
    const paths = index.executed(executed);
    const digest = index.digest(paths);
    if (digest) this.keepPaths(key, paths, { digest, sdk: index.sdkDigest, results });
  }

  file(): NarrowFile | undefined {
    return Object.keys(this.next.scenarios).length ? this.next : undefined;
  }

  private keepPaths(key: string, paths: string[], { digest, sdk, results }: Omit<NarrowEntry, 'functions'>): void {
    const functions = paths.map((path) => {
      let n = this.numbers.get(path);
      if (n === undefined) {
        n = this.next.functions.push(path) - 1;
        this.numbers.set(path, n);
      }
      return n;
    });
    this.next.scenarios[key] = { functions, digest, sdk, results };
  }
}
