import { ApplicationFailure, Context } from '@temporalio/activity';
import { formatReportJson, reportOf } from '../report/model';
import { engineOptionsOf, runFaultReplay, type SharedParts } from '../run';
import { lazyEngine, startEngine, type LazyEngine } from '../continue/engine';
import type { FaultReplayOptions } from '../model/options';
import { qualify } from '../qualify';
import { bundleWithObserver } from '../replay/bundle';
import { PAYLOAD_LIMIT_BYTES, ShardReportGzip } from './protocol';
import { shardMetadata } from '../report/shard';
import { shardRunOptions, ShardRefused, type WorkerPolicy } from './policy';
import { inertLine } from '../report/escape';
import { packJson } from '../util/packed-json';

const HEARTBEAT_EVERY_MS = 2_000;

/**
 * The shard activity of a worker with this policy: one shard of a check, on this machine, the same
 * engine and the same report as `check --shard i/n --json`, returned gzipped (base64) so it fits in
 * one payload. A shard the policy refuses fails at once, not retried, saying why.
 */
export function shardActivity(
  policy: WorkerPolicy,
  limitBytes = PAYLOAD_LIMIT_BYTES,
): ((input: unknown) => Promise<ShardReportGzip>) & { close(): void } {
  // Bundled once, at the first shard: every shard then checks the same code, even if the checkout changes under the worker.
  let bundle: SharedParts['bundle'];
  // Its engine kept for the next shard: starting the worker processes is most of a small shard's fixed cost.
  const engines = new SharedEngine();
  return Object.assign(checkShard, { close: () => engines.drop('close') });

  async function checkShard(input: unknown): Promise<ShardReportGzip> {
    const context = Context.current();
    let options: ReturnType<typeof shardRunOptions>;
    try {
      options = shardRunOptions(input, policy);
    } catch (err) {
      if (!(err instanceof ShardRefused)) throw err;
      console.error(
        inertLine(
          `fault-replay worker: shard refused (workflow ${context.info.workflowExecution?.workflowId}): ${err.message}`,
        ),
      );
      throw ApplicationFailure.nonRetryable(`shard refused: ${err.message}`, 'FaultReplayShardRefused');
    }
    const { index, count } = options.shard;
    // One line a shard taken, so an operator (and the test) sees which worker ran what.
    console.error(
      inertLine(
        `fault-replay worker: shard ${index}/${count} of ${context.info.workflowExecution?.workflowId} (attempt ${context.info.attempt})`,
      ),
    );
    // A heartbeat as each scenario reaches its close (its details: how far the shard is), and on a
    // timer besides, for a scenario that takes longer than the heartbeat timeout on its own.
    const progress = { followed: 0, scenarios: 0 };
    const beat = () => context.heartbeat({ ...progress });
    const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
    try {
      const hooks = {
        runPlanned: ({ scenarios }: { scenarios: number }) => void (progress.scenarios = scenarios),
        scenarioFollowed: () => {
          progress.followed++;
          beat();
        },
      };
      bundle ??= bundleWithObserver({ ...options, workflowsPath: options.workflowsPath! }); // the policy always sets it
      bundle.catch(() => (bundle = undefined)); // a failed bundle is tried again at the next shard
      const shared = { bundle, engine: engines.for(bundle, options) };
      const result = await runFaultReplay(
        { ...options, signal: context.cancellationSignal, hooks },
        undefined,
        shared,
      ).catch((err: unknown) => {
        engines.drop('kill'); // a shard that failed may have left its engine in any state
        throw err;
      });
      if (context.cancellationSignal.aborted) {
        engines.drop('kill'); // the stopped run killed it
        throw context.cancellationSignal.reason ?? new Error('cancelled');
      }
      const report = reportOf(result, {
        shard: shardMetadata({ index, count }, result),
      });
      const gzip = packJson(formatReportJson(report));
      if (gzip.length > limitBytes - 1024) {
        throw ApplicationFailure.nonRetryable(
          `its report is ${gzip.length} bytes gzipped (base64), over Temporal's payload limit of ${limitBytes} bytes: give more --shards`,
        );
      }
      return gzip;
    } finally {
      clearInterval(timer);
    }
  }
}

/** The engine a worker keeps between shards, started again when a shard asks for other processes (workers, deadline). */
class SharedEngine {
  private kept?: { key: string; engine: LazyEngine };

  for(bundle: NonNullable<SharedParts['bundle']>, options: FaultReplayOptions): LazyEngine {
    const engineOptions = engineOptionsOf(qualify(options));
    const key = JSON.stringify(engineOptions);
    if (this.kept?.key === key) return this.kept.engine;
    this.drop('close');
    const engine = lazyEngine(async () => startEngine(await bundle, engineOptions));
    this.kept = { key, engine };
    return engine;
  }

  drop(how: 'close' | 'kill'): void {
    if (how === 'kill') this.kept?.engine.kill();
    else void this.kept?.engine.close().catch(() => undefined);
    this.kept = undefined;
  }
}
