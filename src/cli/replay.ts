import { Command } from 'commander';
import { loadHistoryFile } from '../load/load';
import { payloadConverter } from '../run';
import { liveTask } from '../replay/activations';
import { bundleWithObserver } from '../replay/bundle';
import { ReplaySession } from '../replay/session';
import { installQuietRuntime } from '../util/quiet';
import { decodeHistories } from '../load/codec';
import type { History } from '../history/events';
import type { FaultReplayOptions, QualifiedOptions } from '../model/options';
import { problemLine, type Problem } from '../model/problem';
import { qualify } from '../qualify';
import { addEngineFlags, engineOptionsOf, REPLAY_KEYS } from './engine-flags';
import { withHelp } from './help';
import { inertLine } from '../report/escape';

/**
 * `fault-replay replay --workflows W --history FILE`: one history (a `--repro` file) replayed alone,
 * as check replays each round: a replay error (nondeterminism, a failed task) or a last workflow
 * task left open that the workflow code fails (which the plain SDK replayer only logs) is exit 1.
 */
export function replayCommand(): Command {
  const command = withHelp(new Command('replay').exitOverride(), [
    'fault-replay replay --workflows examples/workflows.ts --history histories/tenant-provisioning/happy.json',
  ])
    .description('replay one history (e.g. a --repro file) against the workflow code and say what happened')
    .requiredOption('--history <file>', 'the history JSON')
    .option('--workflow-id <id>', 'the workflow id to replay as', 'fault-replay-repro');
  return addEngineFlags(command, REPLAY_KEYS).action(async (opts) => {
    installQuietRuntime();
    const options = qualify({
      ...(engineOptionsOf(opts, REPLAY_KEYS) as FaultReplayOptions),
      histories: [opts.history],
      workers: 1,
    });
    const history = await loadOne(opts.history, options);
    const bundle = await bundleWithObserver({ ...options, workflowsPath: options.workflowsPath! }); // a required flag here
    const session = new ReplaySession(bundle, options);
    try {
      const outcome = await session.replay(history, opts.workflowId);
      const task = liveTask(outcome.events);
      if (outcome.error) {
        process.stdout.write(`${inertLine(`${opts.history}: ${outcome.error.kind}: ${outcome.error.message}`)}\n`);
        process.exitCode = outcome.error.kind === 'replay-failed' ? 2 : 1;
      } else if (task.failure) {
        process.stdout.write(
          `${inertLine(`${opts.history}: workflow-task-failed: the last workflow task fails: ${task.failure}`)}\n`,
        );
        process.exitCode = 1;
      } else {
        const live = task.ran ? `; its last workflow task ran live and issued ${task.commands.length} command(s)` : '';
        process.stdout.write(
          `${opts.history}: replays without error${live} (a difference from a golden file or a broken law shows only in check)\n`,
        );
      }
    } finally {
      await session.close();
    }
  });
}

/** As check loads one (payloads checked with the team's converter, decoded by its codecs): a bad file is one line naming it. */
async function loadOne(file: string, options: QualifiedOptions): Promise<History> {
  const loaded = loadHistoryFile(file, {
    payloadConverter: payloadConverter(options.payloadConverterPath),
    encoded: Boolean(options.dataConverterPath),
  });
  const problems: Problem[] = [];
  await decodeHistories([loaded], options.dataConverterPath, problems);
  if (problems.length) throw new Error(problemLine(problems[0]));
  return loaded.history;
}
