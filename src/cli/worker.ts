import { Command } from 'commander';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectionOptions, withConnectionFlags } from '../capture/connection';
import { CHECK_SHARD_ACTIVITY } from '../distribute/protocol';
import { workerPolicy } from '../distribute/policy';
import { bundleWorkflows } from '../replay/bundle';
import { installQuietRuntime } from '../util/quiet';
import { connectingTo } from '../util/connect';
import { positiveInteger } from './options';
import { addEngineFlags, engineOptionsOf } from './engine-flags';
import { WORKER_KEYS } from '../model/options';
import { withHelp } from './help';

const DISTRIBUTE_WORKFLOW_MODULE = require.resolve('../distribute/workflow');

/**
 * `fault-replay worker`: a Temporal worker on the team's own server that checks shards of a
 * `check --distribute` run, one at a time (each shard already keeps every core busy), until
 * Ctrl-C or SIGTERM (the shard in hand is cancelled, and Temporal retries it on another worker).
 * Anyone who can start a workflow on its task queue can send it a shard: what it loads (the
 * workflows and the modules beside them) and what it reads (histories under --histories-root) are
 * fixed here, by its own command line; a shard names only histories under that root, and data.
 */
export function workerCommand(): Command {
  const command = withHelp(new Command('worker').exitOverride(), [
    'fault-replay worker --address temporal.internal:7233 --task-queue fault-replay --workflows src/workflows.ts --histories-root .',
  ])
    .description('run a Temporal worker that checks the shards of check --distribute runs')
    .requiredOption('--address <host:port>', 'the Temporal server (frontend) address')
    .requiredOption('--task-queue <name>', 'the task queue check --distribute uses')
    .option('--namespace <name>', 'the namespace', 'default')
    .requiredOption(
      '--histories-root <dir>',
      "the folder a shard's history paths are relative to; nothing outside it is read (the worker works from it)",
    )
    .option(
      '--max-workers <n>',
      'worker processes of each kind a shard may use (default: one for every two cores, at most 4)',
      positiveInteger,
    );
  // The modules and files every shard is checked with: a shard cannot choose others.
  addEngineFlags(command, [...WORKER_KEYS]);
  return withConnectionFlags(command).action(async (opts) => {
    const own = engineOptionsOf(opts, [...WORKER_KEYS]) as { workflowsPath: string };
    const policy = workerPolicy({ ...own, historiesRoot: opts.historiesRoot, maxWorkers: opts.maxWorkers });
    const connect = connectionOptions(opts) as Parameters<typeof NativeConnection.connect>[0];
    // Loaded here: the other commands do not need @temporalio/activity.
    const { shardActivity } = await import('../distribute/activity');
    installQuietRuntime('WARN');
    const connection = await connectingTo(opts.address, () => NativeConnection.connect(connect));
    // Shards name histories relative to the root, and reports name them so: the worker works from there.
    process.chdir(policy.historiesRoot);
    const checkShard = shardActivity(policy);
    try {
      const worker = await Worker.create({
        connection,
        namespace: opts.namespace,
        taskQueue: opts.taskQueue,
        workflowBundle: await bundleWorkflows({ workflowsPath: DISTRIBUTE_WORKFLOW_MODULE }),
        activities: { [CHECK_SHARD_ACTIVITY]: checkShard },
        maxConcurrentActivityTaskExecutions: 1,
      });
      const stop = () => worker.shutdown();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      console.error(
        `fault-replay worker: polling task queue ${opts.taskQueue} on ${opts.address} (namespace ${opts.namespace}); workflows ${policy.workflowsPath}, histories under ${policy.historiesRoot}`,
      );
      await worker.run();
    } finally {
      checkShard.close();
      await connection.close();
    }
  });
}
