import { Command } from 'commander';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CHECK_SHARD_ACTIVITY } from '../distribute/protocol';
import { bundleWorkflows } from '../replay/bundle';
import { installQuietRuntime } from '../util/quiet';
import { connectingTo } from '../util/connect';

const DISTRIBUTE_WORKFLOW_MODULE = require.resolve('../distribute/workflow');

/**
 * `fault-replay worker`: a Temporal worker on the team's own server that checks shards of a
 * `check --distribute` run, one at a time (each shard already keeps every core busy), until
 * Ctrl-C or SIGTERM (the shard in hand is cancelled, and Temporal retries it on another worker).
 */
export function workerCommand(): Command {
  return new Command('worker')
    .exitOverride()
    .description('run a Temporal worker that checks the shards of check --distribute runs')
    .requiredOption('--address <host:port>', 'the Temporal server (frontend) address')
    .requiredOption('--task-queue <name>', 'the task queue check --distribute uses')
    .option('--namespace <name>', 'the namespace', 'default')
    .action(async (opts) => {
      // Loaded here: the other commands do not need @temporalio/activity.
      const { checkShard } = await import('../distribute/activity');
      installQuietRuntime('WARN');
      const connection = await connectingTo(opts.address, () => NativeConnection.connect({ address: opts.address }));
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
        console.error(`fault-replay worker: polling task queue ${opts.taskQueue} on ${opts.address} (namespace ${opts.namespace})`);
        await worker.run();
      } finally {
        await connection.close();
      }
    });
}
