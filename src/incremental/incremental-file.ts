/** The `--incremental` file's format, read and written whole (src/incremental/incremental.ts says what its keys hold). */
import { existsSync, readFileSync } from 'node:fs';
import type { SavedPaths } from '../continue/predicted-path';
import type { HistoryResult, ScenarioResult } from '../model/results';
import { writeFileAtomic } from '../util/atomic-write';
import type { NarrowFile } from './narrow-keys';

/** Raised whenever what a verdict means or the file holds changes without a new tool version (2: child workflows run by the tool; 3: paths kept for prediction; 4: a kept path's commands hashed task by task; 5: each scenario's work), so older files are a full run. */
export const INCREMENTAL_VERSION = 5;
/** `check --incremental` with no file named. */
export const DEFAULT_INCREMENTAL_FILE = 'fault-replay.incremental.json';

export interface IncrementalFile {
  version: number;
  /** The files the workflow bundle was built from (from its source map) and their hashes: unchanged, the bundle is too. */
  bundle?: { key: string; modules: string; inputs: Array<[path: string, hash: string]> };
  /** Per planned scenario's key: its verdicts (a nested:<fault> scenario has one per compensation). */
  scenarios: Record<string, ScenarioResult[]>;
  /** Per history's key: whether the recorded history itself replays. */
  replays: Record<string, HistoryResult['replay']>;
  /** Per path key (everything but the code and the judges): the paths the scenario's runs took, for prediction. */
  paths?: Record<string, SavedPaths>;
  /** Per path key: what the scenario's last wholly live follow cost (--weights; src/report/shard-work.ts). */
  work?: Record<string, number>;
  /** With --narrow-keys: per scenario, the functions its replays ran and its verdicts. */
  narrow?: NarrowFile;
}

export function emptyIncremental(): IncrementalFile {
  return { version: INCREMENTAL_VERSION, scenarios: {}, replays: {} };
}

export function readIncremental(file: string): IncrementalFile {
  const empty = emptyIncremental();
  if (!existsSync(file)) return empty;
  try {
    const read = JSON.parse(readFileSync(file, 'utf8')) as IncrementalFile;
    return read.version === INCREMENTAL_VERSION && read.scenarios && read.replays ? read : empty;
  } catch {
    return empty; // a damaged file only costs a full run
  }
}

export function writeIncremental(file: string, content: IncrementalFile): void {
  writeFileAtomic(file, JSON.stringify(content) + '\n');
}
