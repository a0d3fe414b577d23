import { resolve } from 'node:path';
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
   * After the run: says on stderr when a split could not use the file (it names none of the run's
   * history files), and rewrites it (if this run writes it) with `measured`, keeping what it knew
   * of the same history files (a scenario this run did not follow live: reported from
   * --incremental, or predicted along an unchanged path) and dropping files no longer checked.
   */
  keep(measured: WorkTable | undefined, files: string[]): void;
}

/**
 * The file, read and checked writable before the run (so a long check is never lost to a bad
 * path). A weights file that cannot be used (damaged, another version) is a line on stderr, not an
 * error: the split weighs by history length this once, and a run that writes it writes it anew. A
 * file that is no weights file at all (a report, a folder) is never overwritten: a usage error.
 * A path that is also one of the run's other outputs (its report files, `incrementalPath`) is refused.
 */
export function weightsFile(
  opts: { weights?: string; json?: string; junit?: string; markdown?: string; html?: string },
  how: { writes: boolean; splits: boolean; incrementalPath?: string },
): WeightsFile | undefined {
  const path = opts.weights;
  if (path === undefined) return undefined;
  const outputs = { ...reportFiles(opts), '--incremental': how.incrementalPath };
  for (const [flag, other] of Object.entries(outputs))
    if (other !== undefined && resolve(other) === resolve(path))
      throw new Error(`--weights ${path} is also ${flag}: give each its own file`);
  const file = how.writes ? outputFile('--weights', path) : undefined;
  const { table, problem, foreign } = readWorkFile(path);
  if (foreign && how.writes)
    throw new Error(`--weights ${path}: ${problem}: it would be overwritten; give the weights a file of their own`);
  if (problem) {
    const consequences = [how.splits && 'the split weighs by history length', how.writes && 'the file is written anew'];
    console.error(inertLine(`fault-replay: --weights ${path}: ${problem}: ${consequences.filter(Boolean).join('; ')}`));
  }
  return {
    previous: table,
    keep(measured, files) {
      const known = Object.keys(table ?? {});
      if (how.splits && known.length && !files.some((history) => Object.hasOwn(table!, history)))
        console.error(
          inertLine(
            `fault-replay: --weights ${path} names none of these histories (it has ${JSON.stringify(known[0])}…; histories are named as --histories gives them): the split weighed by history length`,
          ),
        );
      const checked = new Set(files);
      const kept = Object.fromEntries(Object.entries(table ?? {}).filter(([history]) => checked.has(history)));
      file?.write(formatWorkFile(mergeWork([kept, measured])));
    },
  };
}

/** The report files a run writes, by flag. */
function reportFiles(opts: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(['json', 'junit', 'markdown', 'html'].map((flag) => [`--${flag}`, opts[flag]]));
}
