import './util/protobuf-copies'; // first: before anything loads @temporalio/common's proto-utils
import { Command } from 'commander';
import { captureCommand } from './cli/capture';
import { chaosCommand } from './cli/chaos';
import { checkCommand } from './cli/check';
import { mergeCommand } from './cli/merge';
import { replayCommand } from './cli/replay';
import { recordCommand } from './cli/record';
import { specCommand } from './cli/spec';
import { workerCommand } from './cli/worker';
import { firstLine } from './util/load-module';
import { ownVersion } from './util/own-version';
import { faultReplayLine } from './report/escape';

/** Exit codes: 0 all as expected, 1 a regression found, 2 the run itself could not happen. */
export const EXIT = { ok: 0, regression: 1, couldNotRun: 2 } as const;

/** Usage errors must exit 2 ("could not run"), never commander's 1 ("regression found"). */
export function buildProgram(): Command {
  return new Command('fault-replay')
    .description('inject faults into recorded Temporal histories and judge the compensation path')
    .version(ownVersion())
    .exitOverride()
    .addHelpText(
      'after',
      '\nAn error the tool did not expect is one line and exit 2; --debug (anywhere) or FAULT_REPLAY_DEBUG=1 also prints its stack.',
    )
    .addCommand(recordCommand())
    .addCommand(checkCommand())
    .addCommand(chaosCommand())
    .addCommand(captureCommand())
    .addCommand(specCommand())
    .addCommand(mergeCommand())
    .addCommand(replayCommand())
    .addCommand(workerCommand());
}

/** An SDK error's own message is often generic ("Failed to start Workflow"); its cause says why. */
function withCause(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause;
  return cause ? `${firstLine(err)}: ${firstLine(cause)}` : firstLine(err);
}

/** Runs the CLI; resolves to the process exit code. Errors are one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    // Commander's codes are strings; an SDK (gRPC) error's code is a number.
    const code = (err as { code?: unknown })?.code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return EXIT.ok;
    if (typeof code !== 'string' || !code.startsWith('commander.')) {
      // The message may quote a history (a type, a file name): one inert line, whatever it holds.
      process.stderr.write(faultReplayLine(withCause(err)));
      if (process.env.FAULT_REPLAY_DEBUG === '1') console.error(err instanceof Error ? err.stack : err);
    }
    return EXIT.couldNotRun;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((exitCode) => process.exit(exitCode));
}
