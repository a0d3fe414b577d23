import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { GoldenEntry } from '../model/golden';
import type { LoadedHistory } from '../model/history';
import type { QualifiedOptions } from '../model/options';
import type { HistoryResult, ScenarioResult } from '../model/results';
import type { Scenario } from '../model/scenario';
import { stable } from '../judge/render';
import { ownVersion } from '../util/own-version';
import { installedVersion } from '../util/sdk-version';
import type { SavedPaths } from '../continue/predicted-path';
import { emptyIncremental, readIncremental, writeIncremental, type IncrementalFile } from './incremental-file';
import { bundleSources, predictionRefused } from '../replay/bundle-sources';
import { userModuleFiles } from '../util/load-module';
import { FunctionIndex } from './function-index';
import { NarrowKeys } from './narrow-keys';

const NO_PREDICT = '--no-predict';
/** `narrow`: only with --narrow-keys. */
export interface ScenarioKeys {
  key: string;
  narrow?: string;
}

/**
 * `check --incremental [FILE]`: a scenario whose verdict cannot have changed is reported from FILE
 * instead of run. Its key holds everything the verdict depends on: this tool's and the SDK's
 * versions, the workflow bundle (code, interceptors, payload converter), the options that change
 * verdicts (results, signals, bounds, answer rules, judges), the history file's bytes, the step and
 * fault, and the golden entries and spec that judge it. Any change to one of them runs the scenario;
 * a changed bundle runs every scenario. FILE holds only this run's keys, so it does not grow.
 */
export class IncrementalRun {
  private readonly next = emptyIncremental();
  private readonly runKey: string;
  /** What a path depends on besides the workflow code: the engine's answers (tool, SDK, options that change them). */
  private readonly pathRunKey: string;
  private readonly predicts: boolean;
  private readonly historyKeys = new Map<LoadedHistory, string>();
  /** Scenarios reported from the file. */
  reused = 0;
  /** Why this run predicts no path (--no-predict, or code in the bundle reads replay state); asked once, when a path is first wanted. */
  private refusal?: Promise<string | undefined>;
  /** With --narrow-keys. */
  private readonly narrow?: NarrowKeys;
  /** With --narrow-keys: what a verdict depends on but the bundle (the functions a scenario ran stand for it). */
  private readonly narrowRunKey?: string;
  private functionIndex?: Promise<FunctionIndex | undefined>;
  private narrowOff?: string;

  /**
   * Reads FILE. The bundle is built only when the files it was last built from changed (or none
   * is known): its source map names every file it holds, so an unchanged corpus costs no bundling.
   */
  static async open(
    file: string,
    options: QualifiedOptions,
    bundle: () => Promise<{ code: string }>,
  ): Promise<IncrementalRun> {
    const previous = readIncremental(file);
    const known =
      previous.bundle?.modules === modulesOf(options) && sameInputs(previous.bundle.inputs)
        ? previous.bundle
        : undefined;
    return new IncrementalRun(file, options, previous, known ?? bundleKeyOf((await bundle()).code, options), bundle);
  }

  private constructor(
    private readonly file: string,
    options: QualifiedOptions,
    private readonly previous: IncrementalFile,
    bundle: NonNullable<IncrementalFile['bundle']>,
    private readonly bundleCode: () => Promise<{ code: string }>,
  ) {
    this.next.bundle = bundle;
    this.predicts = options.predict !== false;
    this.pathRunKey = hash(
      ownVersion(),
      installedVersion('@temporalio/worker') ?? '',
      moduleBytes(options.resultsPath, 'results'),
      moduleBytes(options.dataConverterPath, 'data converter'),
      stable({
        signals: options.signals,
        maxRounds: options.maxRounds,
        deadlineMs: options.deadlineMs,
        strict: options.strictAnswers,
      }),
    );
    const judges = stable({ laws: options.laws, goldens: options.goldens });
    this.runKey = hash(this.pathRunKey, bundle.key, judges);
    if (options.narrowKeys) {
      // The payload converter also runs outside the bundle (the tool decodes with it): its files, not its coverage.
      this.narrowRunKey = hash(
        this.pathRunKey,
        bundle.modules,
        judges,
        moduleBytes(options.payloadConverterPath, 'payload converter'),
      );
      this.narrow = new NarrowKeys(previous.narrow, () => this.indexOfBundle());
    }
  }

  /** The bundle's functions, for --narrow-keys; undefined (and a note) when its code reads replay state or does not parse. */
  private indexOfBundle(): Promise<FunctionIndex | undefined> {
    return (this.functionIndex ??= this.bundleCode().then(({ code }) => {
      const refused = predictionRefused(code);
      if (refused) {
        this.narrowOff = `--narrow-keys kept and used nothing: ${refused} (a replay runs other functions than a live task)`;
        return undefined;
      }
      try {
        return new FunctionIndex(code);
      } catch (err) {
        this.narrowOff = `--narrow-keys kept and used nothing: the bundle does not parse (${(err as Error).message})`;
        return undefined;
      }
    }));
  }

  /**
   * A scenario's keys: the one of its verdicts (everything they depend on), and with --narrow-keys
   * the one of its entry by the functions it ran (the same, but the bundle).
   */
  keysOf(scenario: Scenario, judgedBy: { entries: GoldenEntry[]; spec?: string }): ScenarioKeys {
    const { history, step, fault } = scenario;
    const judged = stable([step.index, step.activityType, fault.name, judgedBy.entries, judgedBy.spec ?? null]);
    const key = hash(this.historyKey(history), judged);
    return this.narrowRunKey ? { key, narrow: hash(this.narrowRunKey, this.fileKey(history), judged) } : { key };
  }

  /**
   * The verdicts a scenario had, marked as reported from the file: under its key, or with
   * --narrow-keys when the functions it ran are unchanged; either way kept for the next run too.
   * Undefined: run it.
   */
  async known({ key, narrow }: ScenarioKeys): Promise<ScenarioResult[] | undefined> {
    const found = this.previous.scenarios[key];
    if (found) {
      this.next.scenarios[key] = found;
      if (narrow) this.narrow!.keepPrevious(narrow);
      this.reused++;
      return found.map((result) => ({ ...result, cached: true }));
    }
    const byFunctions = narrow ? await this.narrow!.results(narrow) : undefined;
    if (byFunctions) this.next.scenarios[key] = byFunctions.map(({ cached: _cached, ...result }) => result);
    return byFunctions;
  }

  /** The key of the recorded history's own replay (the bundle and the history's bytes). */
  historyKey(history: LoadedHistory): string {
    return hash(this.runKey, this.fileKey(history));
  }

  private fileKey(history: LoadedHistory): string {
    let key = this.historyKeys.get(history);
    if (!key) {
      key = hash(readFileSync(history.file));
      this.historyKeys.set(history, key);
    }
    return key;
  }

  /** The key of the paths a scenario's runs take, whatever the workflow code (PathPredictor checks that against the code). */
  pathKey({ history, step, fault }: Scenario): string {
    return hash(
      this.pathRunKey,
      this.fileKey(history),
      stable([history.copy, step.index, step.activityType, fault.name]),
    );
  }

  /** The paths an earlier run saved under this key, when this run may predict them. */
  async paths(key: string): Promise<SavedPaths | undefined> {
    const saved = this.previous.paths?.[key];
    return saved && !(await this.refused()) ? saved : undefined;
  }

  private refused(): Promise<string | undefined> {
    return (this.refusal ??= this.predicts
      ? this.bundleCode().then(({ code }) => predictionRefused(code))
      : Promise.resolve(NO_PREDICT));
  }

  /** Why this run predicted nothing, when it wanted to and the bundle refused (not --no-predict). */
  async predictionOff(): Promise<string | undefined> {
    const why = this.refusal && (await this.refusal);
    return why && why !== NO_PREDICT
      ? `no path was predicted: ${why} (a replayed task reads it otherwise than a live one), so every scenario that ran was followed live`
      : undefined;
  }

  /** A scenario reported from the file keeps its paths for the next run too. */
  keepPreviousPaths(key: string): void {
    const saved = this.previous.paths?.[key];
    if (saved) this.keepPaths(key, saved);
  }

  /** The scenario's work (path key): `measured` by a wholly live follow, else the last one's while its path holds; kept either way. */
  work(key: string, measured?: number): number | undefined {
    const units = measured ?? this.previous.work?.[key];
    if (units !== undefined) (this.next.work ??= {})[key] = units;
    return units;
  }

  keepPaths(key: string, paths: SavedPaths): void {
    if (Object.keys(paths).length) (this.next.paths ??= {})[key] = paths;
  }

  /** `executed`: with --narrow-keys, the functions the scenario's replays ran (CoverageCollector), if they are all. */
  async keep(
    { key, narrow }: ScenarioKeys,
    results: ScenarioResult[],
    executed: Array<[number, number]> | undefined,
  ): Promise<void> {
    // Findings are run again next time (a fix shows at once); the path a finding keeps for --repro is not stored.
    if (results.some((result) => result.outcome !== 'compensated' && result.outcome !== 'not-applicable')) return;
    const kept = results.map(({ observed, predicted: _predicted, ...result }) => ({
      ...result,
      ...(observed ? { observed: { ...observed, path: undefined } } : {}),
    }));
    this.next.scenarios[key] = kept;
    if (narrow) await this.narrow!.keep(narrow, kept, executed);
  }

  /** What `check` says of this run's file on stderr: why it predicted no path or kept no function, and what --narrow-keys reported. */
  async notes(): Promise<string[]> {
    const reusedByFunctions = this.narrow?.reused
      ? `${this.narrow.reused} of the scenarios reported from the --incremental file were so by the functions their replays ran (--narrow-keys): the code changed, not there`
      : undefined;
    return [await this.predictionOff(), this.narrowOff, reusedByFunctions].filter((note): note is string => !!note);
  }

  replay(key: string): HistoryResult['replay'] | undefined {
    const found = this.previous.replays[key];
    if (found?.ok) this.next.replays[key] = found;
    return found?.ok ? found : undefined;
  }

  keepReplay(key: string, replay: HistoryResult['replay']): void {
    if (replay.ok) this.next.replays[key] = replay;
  }

  /** Writes this run's keys (a cut-off write leaves the old file whole). */
  write(): void {
    const narrow = this.narrow?.file();
    writeIncremental(this.file, narrow ? { ...this.next, narrow } : this.next);
  }
}

/** The bundle's key: its inputs (every file its source map names, with its content's hash) and the modules the run bundles. */
function bundleKeyOf(code: string, options: QualifiedOptions): NonNullable<IncrementalFile['bundle']> {
  const { sources } = bundleSources(code);
  const files = [
    ...new Set(sources.map((source) => source.replace(/^webpack:\/\/[^/]*\//, '')).filter((path) => existsSync(path))),
  ].sort();
  const inputs = files.map((path): [string, string] => [path, hash(readFileSync(path))]);
  // No source map to read: the code itself is the key (every check then bundles).
  const modules = modulesOf(options);
  return { key: inputs.length ? hash(stable(inputs), modules) : hash(code), modules, inputs };
}

/** The modules a run bundles, as given: another workflows module is another bundle whatever files it shares. */
function modulesOf(options: QualifiedOptions): string {
  return stable([options.workflowsPath, options.interceptorModules ?? [], options.payloadConverterPath ?? '']);
}

function sameInputs(inputs: Array<[string, string]>): boolean {
  return inputs.length > 0 && inputs.every(([path, digest]) => existsSync(path) && hash(readFileSync(path)) === digest);
}

/** A module the tool loads in its own process (results, converters): the bytes of every file it is made of. */
function moduleBytes(path: string | undefined, role: string): Buffer[] {
  return path ? userModuleFiles(path, role).map((file) => readFileSync(file)) : [];
}

function hash(...parts: unknown[]): string {
  const digest = createHash('sha256');
  for (const part of parts.flat())
    digest.update(typeof part === 'string' || Buffer.isBuffer(part) ? part : stable(part)).update('\0');
  return digest.digest('hex').slice(0, 32);
}
