import type { Command } from 'commander';
import { inertLine } from '../report/escape';
import { outputFile } from '../report/output-file';
import { formatWorkFile, mergeWork, readWorkFile, type WorkTable } from '../report/shard-work';

/**
 * `--weights FILE` (check, merge): what each scenario cost, kept between runs so the next shard
 * split (`--shard`, `--distribute`) balances by it instead of by history length. Read, if it
 * exists, by a check that splits; written by a check that saw every scenario (unsharded, or
 * `--distribute`) and by `merge`, with the files of this run only.
 */
export function withWeightsFlag(command: Command, purpose: string): Command {
  return command.option('--weights <file>', purpose);
}

export const CHECK_WEIGHTS =
  "each scenario's work, for balanced shards: read by --shard and --distribute, written by a check of every scenario (safe to cache in CI)";
export const MERGE_WEIGHTS =
  "write the shards' measured work to this file (keeping what it knew of the same histories), for the next check's --shard or --distribute";

export interface WeightsFile {
  /** What the file holds now: none if it is not there yet, or cannot be read (said on stderr). */
  previous?: WorkTable;
  /**
   * Rewrites it with `measured`, keeping what it knew of the same history files (a scenario this
   * run did not follow live: reported from --incremental, or predicted along an unchanged path)
   * and dropping files no longer checked.
   */
  keep(measured: WorkTable | undefined, files: string[]): void;
}

/**
 * The file, read and checked writable before the run (so a long check is never lost to a bad
 * path); one that cannot be read is a line on stderr, not an error: the split weighs by history
 * length this once, and the run writes the file anew, as `--incremental` does with its file.
 */
export function weightsFile(path: string | undefined, writes: boolean): WeightsFile | undefined {
  if (path === undefined) return undefined;
  const { table, problem } = readWorkFile(path);
  if (problem)
    console.error(
      inertLine(
        `fault-replay: --weights ${path}: ${problem}: the split weighs by history length${writes ? '; the file is written anew' : ''}`,
      ),
    );
  const file = writes ? outputFile('--weights', path) : undefined;
  return {
    previous: table,
    keep(measured, files) {
      const checked = new Set(files);
      const kept = Object.fromEntries(Object.entries(table ?? {}).filter(([history]) => checked.has(history)));
      file?.write(formatWorkFile(mergeWork([kept, measured])));
    },
  };
}
