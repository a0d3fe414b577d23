import { Context } from '@temporalio/activity';
import { Command } from 'commander';
import { NativeConnection, Worker } from '@temporalio/worker';
import { checkShard } from '../distribute/activity';
import { CHECK_SHARD_ACTIVITY, ShardInput, ShardReportGzip } from '../distribute/protocol';
import { bundleWorkflows } from '../replay/bundle';
import { installQuietRuntime } from '../util/quiet';

/** Each shard taken is one line on stderr, so an operator (and the test) sees which worker ran what. */
async function announced(shard: ShardInput): Promise<ShardReportGzip> {
  const { attempt, workflowExecution } = Context.current().info;
  console.error(`fault-replay worker: shard ${shard.index}/${shard.count} of ${workflowExecution?.workflowId} (attempt ${attempt})`);
  return checkShard(shard);
}

const DISTRIBUTE_WORKFLOW_MODULE = require.resolve('../distribute/workflow');

/**
 * `fault-replay worker`: a Temporal worker on the team's own server that checks shards of a
 * `check --distribute` run, one at a time (each shard already keeps every core busy), until
 * Ctrl-C or SIGTERM, which let the shard in hand finish or be retried elsewhere.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .exitOverride()
    .description('run a Temporal worker that checks the shards of check --distribute runs')
    .requiredOption('--address <host:port>', 'the Temporal server (frontend) address')
    .requiredOption('--task-queue <name>', 'the task queue check --distribute uses')
    .option('--namespace <name>', 'the namespace', 'default')
    .action(async (opts) => {
      installQuietRuntime('WARN');
      const connection = await NativeConnection.connect({ address: opts.address });
      try {
        const worker = await Worker.create({
          connection,
          namespace: opts.namespace,
          taskQueue: opts.taskQueue,
          workflowBundle: await bundleWorkflows({ workflowsPath: DISTRIBUTE_WORKFLOW_MODULE }),
          activities: { [CHECK_SHARD_ACTIVITY]: announced },
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
