import { Command } from 'commander';
import type { FaultReplayOptions } from '../model/options';
import { reportOf } from '../report/model';
import { reportersFor } from '../report/registry';
import { fanOut, finishRun, processIO } from '../report/reporter';
import { writeRepro } from '../report/repro';
import { parseShard, shardMetadata } from '../report/shard';
import { runFaultReplay } from '../run';
import { installQuietRuntime } from '../util/quiet';
import { inertLine } from '../report/escape';
import { checkDistributed } from './check-distribute';
import { withConnectionFlags } from '../capture/connection';
import { addEngineFlags, CHECK_KEYS, engineOptionsOf } from './engine-flags';
import { positiveInteger } from './options';
import { addReporterFlags, thresholdOf } from './reporter-flags';
import { withHelp } from './help';
import { CHECK_WEIGHTS, weightsFile, withWeightsFlag } from './weights-flag';

export function checkCommand(): Command {
  const command = withHelp(new Command('check').exitOverride(), [
    'fault-replay check --workflows examples/workflows.ts --histories histories/tenant-provisioning --update',
    'fault-replay check --workflows examples/workflows.ts --histories histories/tenant-provisioning --faults activity-failed,retries-exhausted',
    'fault-replay check --workflows examples/workflows.ts --histories histories/travel-booking --junit report.xml --markdown summary.md --incremental',
  ]).description('inject a fault at every step of every history, replay it, and judge the path against golden files');
  addEngineFlags(command, CHECK_KEYS);
  addReporterFlags(command);
  return withConnectionFlags(withWeightsFlag(command, CHECK_WEIGHTS))
    .option(
      '--repro <dir>',
      'write, per finding, the rewritten history of its last round and a repro.sh replaying it alone',
    )
    .option(
      '--shard <i/n>',
      'check only shard i of n of the scenarios (merge the --json reports with fault-replay merge)',
      parseShard,
    )
    .option(
      '--distribute',
      'run the shards on fault-replay workers through a Temporal server (paths as the worker machines see them)',
    )
    .option('--address <host:port>', 'with --distribute: the Temporal server')
    .option('--namespace <name>', 'with --distribute: the namespace', 'default')
    .option('--task-queue <name>', 'with --distribute: the task queue the fault-replay workers poll')
    .option('--shards <n>', 'with --distribute: how many shards', positiveInteger, 4)
    .option('--attempts <n>', 'with --distribute: attempts per shard before it is could-not-run', positiveInteger, 3)
    .option(
      '--heartbeat-timeout <seconds>',
      'with --distribute: a worker silent this long is gone; its shard is retried elsewhere',
      positiveInteger,
      30,
    )
    .action(async (opts) => {
      const options = engineOptionsOf(opts, CHECK_KEYS) as FaultReplayOptions;
      if (opts.distribute && options.workerCommand)
        throw new Error(
          '--worker-command runs on this machine: fault-replay workers run the built-in worker on their own --workflows (leave --distribute out)',
        );
      if (opts.distribute) {
        const stop = stopOnSignals(); // the workflow is cancelled, and with it the shards in flight
        process.exitCode = await checkDistributed(options, opts, stop.signal)
          .catch((err: unknown) => stop.exitCode() ?? Promise.reject<number>(err))
          .finally(stop.dispose);
        return;
      }
      const connecting = ['tls', 'tlsCert', 'tlsKey', 'tlsCa', 'tlsServerName', 'apiKey', 'apiKeyFile'].filter(
        (flag) => opts[flag] !== undefined,
      );
      if (connecting.length)
        throw new Error(
          '--tls* and --api-key* are for the server of check --distribute: a local check connects to nothing',
        );
      if (opts.shard && opts.update)
        throw new Error('--update with --shard would write partial golden files: update without --shard');
      if (opts.incremental && opts.update)
        throw new Error('--update runs every scenario to write the golden files: leave --incremental out');
      if (opts.narrowKeys && !opts.incremental)
        throw new Error('--narrow-keys narrows the keys of the --incremental file: give --incremental too');
      if (opts.repro && options.workerCommand)
        throw new Error('--repro writes a script replaying with the TypeScript SDK: not with --worker-command');
      installQuietRuntime();
      const stop = stopOnSignals();
      const reporter = fanOut(reportersFor(opts, processIO()));
      // A shard's report carries its scenarios' work: merge --weights keeps it.
      const weights = weightsFile(opts, {
        writes: !opts.shard,
        splits: Boolean(opts.shard),
        incrementalPath: options.incrementalPath,
      });
      const result = await runFaultReplay({
        ...options,
        signal: stop.signal,
        hooks: reporter,
        shard: opts.shard,
        shardWeights: weights?.previous,
      }).finally(stop.dispose);
      for (const note of result.notes ?? []) console.error(inertLine(`fault-replay: ${note}`));
      const repro = opts.repro ? writeRepro(result, opts.repro, options.workflowsPath!) : undefined;
      const shard = opts.shard && shardMetadata(opts.shard, result);
      const report = reportOf(result, { threshold: thresholdOf(opts), shard, repro });
      const exitCode = finishRun(reporter, report, processIO()); // a run cut short still writes its reports
      weights?.keep(
        result.work,
        result.histories.map((h) => h.file),
      );
      process.exitCode = stop.exitCode() ?? exitCode;
    });
}

/**
 * Ctrl-C or SIGTERM: the run stops, the reports of what was judged so far are written (marked
 * incomplete), and the process exits 130 / 143. A second signal exits at once.
 */
export function stopOnSignals(): { signal: AbortSignal; exitCode(): number | undefined; dispose(): void } {
  const controller = new AbortController();
  let code: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (code !== undefined) process.exit(code);
    code = signal === 'SIGINT' ? 130 : 143;
    console.error(`fault-replay: ${signal}: stopping; the reports will hold what was judged so far`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  return { signal: controller.signal, exitCode: () => code, dispose };
}
