import { Command, InvalidArgumentError } from 'commander';
import { CHAOS_FAULTS } from '../chaos/faults/registry';
import { reportersOf } from '../report/registry';
import { fanOut, finishRun, processIO } from '../report/reporter';
import { installQuietRuntime } from '../util/quiet';
import { listValues, parseJsonArray, parseServer } from './options';
import { withHelp } from './help';
import { addReportFileFlags } from './reporter-flags';

function milliseconds(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError('a positive number of milliseconds');
  return value;
}

/** `fault-replay chaos`: live faults on a real server with the team's activities, judged by the team's probe. */
export function chaosCommand(): Command {
  const command = withHelp(new Command('chaos').exitOverride(), [
    'npm run chaos   # the reference saga on a dev server and PostgreSQL, as package.json spells it out',
  ])
    .description('run the workflow live, then once per (activity step, fault), and judge the world the probe describes')
    .requiredOption('--workflows <module>', 'workflows module (.ts or .js)')
    .requiredOption('--activities <module>', 'activities module (.ts or .js): the real ones')
    .requiredOption('--workflow-type <name>', 'workflow function to start')
    .option('--args <json>', 'workflow arguments as a JSON array', parseJsonArray, [])
    .requiredOption('--probe <module>', 'module exporting reset() and snapshot() (and optionally close())')
    .option(
      '--faults <names...>',
      `space- or comma-separated, of: ${CHAOS_FAULTS.map((f) => f.name).join(', ')} (default: all)`,
      listValues,
    )
    .option(
      '--steps <steps...>',
      'only these steps of the happy run: indexes or activity types, space- or comma-separated',
      listValues,
    )
    .option(
      '--allow <paths...>',
      'world paths allowed to differ after a rollback, e.g. tenants (space- or comma-separated, or repeated)',
      listValues,
      [],
    )
    .option('--record <dir>', "keep every run's history in this folder")
    .option('--server <kind>', 'dev or time-skipping', parseServer, 'dev')
    .option('--address <host:port>', 'use this running Temporal server instead of starting one')
    .option('--namespace <name>', 'namespace on --address', 'default')
    .option(
      '--run-timeout <ms>',
      'how long (wall-clock ms) a live run may take to close before it is stuck (default: 30000)',
      milliseconds,
    );
  return addReportFileFlags(command).action(async (opts) => {
    // Loaded here so the other commands do not pay for the live session's modules at start-up.
    const [{ runChaos }, { CHAOS_REPORTERS }] = await Promise.all([
      import('../chaos/run'),
      import('../chaos/reporters/registry'),
    ]);
    const io = processIO();
    const reporter = fanOut(reportersOf(CHAOS_REPORTERS, opts, io)); // before the run: its output files are checked
    installQuietRuntime();
    const result = await runChaos({
      workflowsPath: opts.workflows,
      activitiesPath: opts.activities,
      workflowType: opts.workflowType,
      args: opts.args,
      probe: opts.probe,
      faults: opts.faults,
      steps: opts.steps,
      allow: opts.allow,
      recordDir: opts.record,
      server: opts.server,
      address: opts.address,
      namespace: opts.namespace,
      runTimeoutMs: opts.runTimeout,
    });
    process.exitCode = finishRun(reporter, result, io);
  });
}
