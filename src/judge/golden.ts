import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { GoldenEntry, GoldenFile } from '../model/golden';
import { GOLDEN_SUFFIX } from '../model/files';
import { writeFileInFolder } from '../util/atomic-write';

/** `x.json`, `x.json.gz`, `x.bin`, `x.pb.gz`… all have the golden `x.faults.json`. */
const HISTORY_EXTENSION = /(\.(json|jsonl|bin|pb|binpb))?(\.gz)?$/;

/**
 * `histories/x/happy.json` → `histories/x/happy.faults.json`; with a golden dir, the history's path
 * from the working directory is kept under it, so two histories never share a golden file.
 */
export function goldenPathFor(historyFile: string, goldenDir?: string): string {
  const golden = historyFile.replace(HISTORY_EXTENSION, '') + GOLDEN_SUFFIX;
  if (!goldenDir) return golden;
  const fromHere = relative(process.cwd(), resolve(golden));
  const inside =
    fromHere.startsWith('..') || isAbsolute(fromHere)
      ? resolve(golden).replace(/^[/\\]+|^[A-Za-z]:[/\\]+/, '')
      : fromHere;
  return join(goldenDir, inside);
}

export interface GoldenOwner {
  file: string;
  workflowType: string;
  workflowId: string;
  workflowIdRecorded?: boolean;
}

/** Reads a golden file; one that was made for another history or workflow type is refused. */
export function readGolden(path: string, owner: GoldenOwner): GoldenFile | undefined {
  if (!existsSync(path)) return undefined;
  let golden: GoldenFile;
  try {
    golden = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
  } catch (err) {
    throw new Error(`${path}: golden file is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(golden?.scenarios)) throw new Error(`${path}: golden file has no "scenarios" array`);
  if (
    golden.workflowType !== owner.workflowType ||
    (golden.workflowId && owner.workflowIdRecorded !== false && golden.workflowId !== owner.workflowId)
  ) {
    throw new Error(
      `${path}: golden file belongs to workflow ${golden.workflowType} ${golden.workflowId ?? ''}, not to ${owner.file} (${owner.workflowType} ${owner.workflowId}); run --update to replace it`,
    );
  }
  return golden;
}

/** Written whole or not at all (a temporary file renamed), never through a symlink that leads out of its folder. */
export function writeGolden(path: string, golden: GoldenFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileInFolder(path, JSON.stringify(golden, null, 2) + '\n');
}

export function findEntry(
  golden: GoldenFile | undefined,
  step: number,
  activityType: string,
  fault: string,
): GoldenEntry | undefined {
  return golden?.scenarios.find((e) => e.step === step && e.activityType === activityType && e.fault === fault);
}
