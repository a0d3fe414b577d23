import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { GoldenEntry } from '../model/golden';
import type { LoadedHistory } from '../model/history';
import type { QualifiedOptions } from '../model/options';
import type { HistoryResult, ScenarioResult } from '../model/results';
import type { Scenario } from '../model/scenario';
import { stable } from '../judge/render';
import { ownVersion } from '../util/own-version';
import { installedVersion } from '../util/sdk-version';

export const INCREMENTAL_VERSION = 1;
/** `check --incremental` with no file named. */
export const DEFAULT_INCREMENTAL_FILE = 'fault-replay.incremental.json';

interface IncrementalFile {
  version: number;
  /** Per planned scenario's key: its verdicts (a nested:<fault> scenario has one per compensation). */
  scenarios: Record<string, ScenarioResult[]>;
  /** Per history's key: whether the recorded history itself replays. */
  replays: Record<string, HistoryResult['replay']>;
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
  private readonly previous: IncrementalFile;
  private readonly next: IncrementalFile = { version: INCREMENTAL_VERSION, scenarios: {}, replays: {} };
  private readonly runKey: string;
  private readonly historyKeys = new Map<LoadedHistory, string>();
  /** Scenarios reported from the file. */
  reused = 0;

  constructor(
    private readonly file: string,
    options: QualifiedOptions,
    bundleCode: string,
  ) {
    this.previous = readIncremental(file);
    this.runKey = hash(
      ownVersion(),
      installedVersion('@temporalio/worker') ?? '',
      bundleCode,
      [options.resultsPath, options.dataConverterPath].map((path) => (path && existsSync(path) ? readFileSync(path) : '')),
      stable({ signals: options.signals, maxRounds: options.maxRounds, deadlineMs: options.deadlineMs, strict: options.strictAnswers, laws: options.laws, goldens: options.goldens }),
    );
  }

  /** The key of the recorded history's own replay (the bundle and the history's bytes). */
  historyKey(history: LoadedHistory): string {
    let key = this.historyKeys.get(history);
    if (!key) {
      key = hash(this.runKey, readFileSync(history.file));
      this.historyKeys.set(history, key);
    }
    return key;
  }

  scenarioKey(scenario: Scenario, judgedBy: { entries: GoldenEntry[]; spec?: string }): string {
    const { history, step, fault } = scenario;
    return hash(this.historyKey(history), stable([step.index, step.activityType, fault.name, judgedBy.entries, judgedBy.spec ?? null]));
  }

  /** The verdicts a scenario had under this key, marked as reported from the file; undefined: run it. */
  results(key: string): ScenarioResult[] | undefined {
    const found = this.previous.scenarios[key];
    if (!found) return undefined;
    this.next.scenarios[key] = found;
    this.reused++;
    return found.map((result) => ({ ...result, cached: true }));
  }

  keep(key: string, results: ScenarioResult[]): void {
    // Findings are run again next time (a fix shows at once); the path a finding keeps for --repro is not stored.
    if (results.some((result) => result.outcome !== 'compensated' && result.outcome !== 'not-applicable')) return;
    this.next.scenarios[key] = results.map(({ observed, ...result }) => ({ ...result, ...(observed ? { observed: { ...observed, path: undefined } } : {}) }));
  }

  replay(key: string): HistoryResult['replay'] | undefined {
    const found = this.previous.replays[key];
    if (found?.ok) this.next.replays[key] = found;
    return found?.ok ? found : undefined;
  }

  keepReplay(key: string, replay: HistoryResult['replay']): void {
    if (replay.ok) this.next.replays[key] = replay;
  }

  /** Writes this run's keys (temporary file, then rename: a cut-off write leaves the old file whole). */
  write(): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.next) + '\n');
    renameSync(temporary, this.file);
  }
}

function readIncremental(file: string): IncrementalFile {
  const empty = { version: INCREMENTAL_VERSION, scenarios: {}, replays: {} };
  if (!existsSync(file)) return empty;
  try {
    const read = JSON.parse(readFileSync(file, 'utf8')) as IncrementalFile;
    return read.version === INCREMENTAL_VERSION && read.scenarios && read.replays ? read : empty;
  } catch {
    return empty; // a damaged file only costs a full run
  }
}

function hash(...parts: unknown[]): string {
  const digest = createHash('sha256');
  for (const part of parts.flat()) digest.update(typeof part === 'string' || Buffer.isBuffer(part) ? part : stable(part)).update('\0');
  return digest.digest('hex').slice(0, 32);
}
