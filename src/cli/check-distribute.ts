import { isFaultName } from '../faults/registry';
import { reportersFor } from '../report/registry';
import { fanOut, finishRun, processIO } from '../report/reporter';
import { thresholdOf } from './reporter-flags';
import { connectionOptions, type ConnectionFlags } from '../capture/connection';
import { shardCheckOptions, WORKER_KEYS, type FaultReplayOptions } from '../model/options';
import { SHARD_LIMITS } from '../distribute/protocol';
import { weightsFile } from './weights-flag';
import { packWork, type WorkTable } from '../report/shard-work';

const REFUSED_WITH_DISTRIBUTE = [
  ['update', '--update would write golden files on the worker machines: update with a local check'],
  ['repro', '--repro would write on the worker machines: use a local check for repro files'],
  ['shard', '--shard and --distribute both split the run: --distribute takes --shards N'],
  ['incremental', '--incremental keeps its file on this machine: use it with a local check'],
] as const;

/** `check --distribute`: the shards run on `fault-replay worker`s; the reports are those of a local run. */
export async function checkDistributed(
  engine: FaultReplayOptions,
  opts: Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- commander's parsed flags
  signal: AbortSignal,
): Promise<number> {
  for (const [flag, why] of REFUSED_WITH_DISTRIBUTE) if (opts[flag]) throw new Error(why);
  if (!opts.address || !opts.taskQueue)
    throw new Error('--distribute needs --address and --task-queue (where the fault-replay workers poll)');
  for (const name of engine.faults ?? []) if (!isFaultName(name)) throw new Error(`unknown fault kind ${name}`);
  // A shard carries no module or file path: the workers' own flags set them (--workflows included: it is not sent).
  const own = WORKER_KEYS.filter((key) => key !== 'workflowsPath' && engine[key] !== undefined);
  if (own.length)
    throw new Error(
      `${own.join(', ')}: with --distribute these are each fault-replay worker's own flags (a shard carries no module or file path)`,
    );
  // Loaded only here: a check without --distribute does not even load the client.
  const { distributedCheck, ShardsFailed } = await import('../distribute/client');
  const reporter = fanOut(reportersFor(opts, { ...processIO(), stderrIsTTY: false })); // before the run: its output files are checked
  const weights = weightsFile(opts, { writes: true, splits: true });
  try {
    const { report, work } = await distributedCheck(
      {
        address: opts.address,
        connection: connectionOptions(opts as ConnectionFlags),
        namespace: opts.namespace,
        taskQueue: opts.taskQueue,
      },
      {
        options: shardCheckOptions(engine),
        ...sendable(weights?.previous, opts.weights, opts.shards),
        shards: opts.shards,
        attempts: opts.attempts,
        heartbeatTimeoutMs: opts.heartbeatTimeout * 1000,
      },
      thresholdOf(opts),
      signal,
    );
    const exitCode = finishRun(reporter, report, processIO());
    weights?.keep(
      work,
      report.histories.map((h) => h.file),
    );
    return exitCode;
  } catch (err) {
    if (!(err instanceof ShardsFailed)) throw err;
    for (const line of err.lines) console.error(`fault-replay: ${line}`);
    return 2;
  }
}

/** The weights packed, unless every shard's copy would make the workflow's history too long: then the split is by history length, and says so. */
function sendable(weights: WorkTable | undefined, path: string | undefined, shards: number): { weights?: string } {
  if (!weights) return {};
  const packed = packWork(weights);
  const room = Math.min(SHARD_LIMITS.weightsChars, Math.floor(SHARD_LIMITS.weightsCharsInHistory / shards));
  if (packed.length <= room) return { weights: packed };
  console.error(
    `fault-replay: --weights ${path}: ${packed.length} characters packed, over the ${room} that ${shards} shards have room for: the shards are split by history length`,
  );
  return {};
}
