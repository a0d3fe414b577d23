import type { Command } from 'commander';
import { mergeWork, readWorkFile, writeWorkFile, type WorkTable } from '../report/shard-work';

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

export function readWeights(path: string | undefined): WorkTable | undefined {
  return path === undefined ? undefined : readWorkFile(path);
}

/**
 * Rewrites the file with `measured`, keeping what `previous` knew of the same history files (a
 * scenario this run did not follow: reported from --incremental) and dropping files no longer checked.
 */
export function keepWeights(
  path: string,
  previous: WorkTable | undefined,
  measured: WorkTable | undefined,
  files: string[],
): void {
  const checked = new Set(files);
  const kept = Object.fromEntries(Object.entries(previous ?? {}).filter(([file]) => checked.has(file)));
  writeWorkFile(path, mergeWork([kept, measured]));
}
