import { Command } from 'commander';
import { loadHistoryFile } from '../load/load';
import { payloadConverter } from '../run';
import { liveTask } from '../replay/activations';
import { bundleWithObserver } from '../replay/bundle';
import { ReplaySession } from '../replay/session';
import { installQuietRuntime } from '../util/quiet';

/**
 * `fault-replay replay --workflows W --history FILE`: one history (a `--repro` file) replayed alone,
 * as check replays each round: a replay error (nondeterminism, a failed task) or a last workflow
 * task left open that the workflow code fails (which the plain SDK replayer only logs) is exit 1.
 */
export function replayCommand(): Command {
  return new Command('replay')
    .exitOverride()
    .description('replay one history (e.g. a --repro file) against the workflow code and say what happened')
    .requiredOption('--workflows <module>', 'workflows module (.ts or .js) as given to a worker')
    .requiredOption('--history <file>', 'the history JSON')
    .option('--workflow-id <id>', 'the workflow id to replay as', 'fault-replay-repro')
    .option('--interceptors <module...>', 'your workflow interceptor modules')
    .option('--payload-converter <module>', 'your module exporting payloadConverter')
    .action(async (opts) => {
      installQuietRuntime();
      // As check loads one (payloads checked with the team's converter): a bad file is one line naming it.
      const { history } = loadHistoryFile(opts.history, { payloadConverter: payloadConverter(opts.payloadConverter) });
      const bundle = await bundleWithObserver({ workflowsPath: opts.workflows, interceptorModules: opts.interceptors, payloadConverterPath: opts.payloadConverter });
      const session = new ReplaySession(bundle, { payloadConverterPath: opts.payloadConverter, workers: 1 });
      try {
        const outcome = await session.replay(history, opts.workflowId);
        const task = liveTask(outcome.events);
        if (outcome.error) {
          process.stdout.write(`${opts.history}: ${outcome.error.kind}: ${outcome.error.message}\n`);
          process.exitCode = outcome.error.kind === 'replay-failed' ? 2 : 1;
        } else if (task.failure) {
          process.stdout.write(`${opts.history}: workflow-task-failed: the last workflow task fails: ${task.failure}\n`);
          process.exitCode = 1;
        } else {
          const live = task.ran ? `; its last workflow task ran live and issued ${task.commands.length} command(s)` : '';
          process.stdout.write(`${opts.history}: replays without error${live} (a difference from a golden file or a broken law shows only in check)\n`);
        }
      } finally {
        await session.close();
      }
    });
}
