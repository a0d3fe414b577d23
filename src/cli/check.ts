import { Command } from 'commander';
import { FAULT_KINDS, NESTED_KINDS } from '../faults/registry';
import { DEFAULT_DEADLINE_MS } from '../replay/session';
import { reportOf } from '../report/model';
import { reportersFor } from '../report/registry';
import { fanOut, finishRun, processIO } from '../report/reporter';
import { writeRepro } from '../report/repro';
import { parseShard } from '../report/shard';
import { runFaultReplay } from '../run';
import { installQuietRuntime } from '../util/quiet';
import { checkDistributed } from './check-distribute';
import { percent, positiveInteger, signalPayload } from './options';

export function checkCommand(): Command {
  return new Command('check')
    .exitOverride()
    .description('inject a fault at every step of every history, replay it, and judge the path against golden files')
    .requiredOption('--workflows <module>', 'workflows module (.ts or .js) as given to a worker')
    .requiredOption('--histories <path...>', 'history files or folders')
    .option('--interceptors <module...>', 'your workflow interceptor modules, bundled as a worker would')
    .option('--payload-converter <module>', 'your module exporting payloadConverter (as dataConverter.payloadConverterPath)')
    .option('--data-converter <module>', 'your module exporting payloadCodecs and/or payloadConverter, as your worker has them')
    .option('--golden-dir <dir>', 'where golden files live (default: beside each history)')
    .option('--update', 'write what is observed as the new golden files')
    .option('--spec <file>', 'saga spec whose laws judge every history (default: <workflowType>.saga.json beside each history, where present)')
    .option('--json <file>', 'also write the full report as JSON')
    .option('--faults <names...>', `fault kinds to inject (default: ${FAULT_KINDS.map((k) => k.name).join(', ')}, and signal:<name> for each signal recorded in the histories or given; only when named: nested:<fault>, a compensation meeting <fault> after the step fails, for ${NESTED_KINDS.map((k) => k.name.slice('nested:'.length)).join(', ')}; \`all\`: the default kinds and every nested one)`)
    .option('--signal <name=json>', 'a signal signal:<name> sends, with its arguments as a JSON array, e.g. abort=\'[{"reason":"x"}]\' (repeatable; default: the payload recorded in the histories)', signalPayload)
    .option('--results <file>', 'results for activities the recorded history never ran, by activity type (.json, .ts or .js)')
    .option('--max-rounds <n>', 'workflow tasks a scenario may take before it is called stuck (default: 1000, or 10 a step)', positiveInteger)
    .option('--deadline <ms>', 'CPU time (ms) one replay may take before its code is called stuck in a loop, plus 2 ms an event', positiveInteger, DEFAULT_DEADLINE_MS)
    .option('--workers <n>', 'worker processes of each kind (live, replay) side by side (default: FAULT_REPLAY_WORKERS, else one for every two cores, at most 4)', positiveInteger)
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per scenario)')
    .option('--markdown <file>', 'also write a Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY)')
    .option('--annotations', 'print GitHub ::error annotations (on by default when GITHUB_ACTIONS=true)')
    .option('--threshold <percent>', 'the fault score (percent) decides: exit 1 below it, findings alone do not fail the run above it', percent)
    .option('--repro <dir>', 'write, per finding, the rewritten history of its last round and a repro.sh replaying it alone')
    .option('--shard <i/n>', 'check only shard i of n of the scenarios (merge the --json reports with fault-replay merge)', parseShard)
    .option('--verbose', 'show whole diffs, not only the changed lines')
    .option('--distribute', 'run the shards on fault-replay workers through a Temporal server (paths as the worker machines see them)')
    .option('--address <host:port>', 'with --distribute: the Temporal server')
    .option('--namespace <name>', 'with --distribute: the namespace', 'default')
    .option('--task-queue <name>', 'with --distribute: the task queue the fault-replay workers poll')
    .option('--shards <n>', 'with --distribute: how many shards', positiveInteger, 4)
    .option('--attempts <n>', 'with --distribute: attempts per shard before it is could-not-run', positiveInteger, 3)
    .option('--heartbeat-timeout <seconds>', 'with --distribute: a worker silent this long is gone; its shard is retried elsewhere', positiveInteger, 30)
    .action(async (opts) => {
      if (opts.distribute) {
        const stop = stopOnSignals(); // the workflow is cancelled, and with it the shards in flight
        process.exitCode = await checkDistributed(opts, stop.signal).catch((err: unknown) => stop.exitCode() ?? Promise.reject<number>(err));
        return;
      }
      if (opts.shard && opts.update) throw new Error('--update with --shard would write partial golden files: update without --shard');
      installQuietRuntime();
      const stop = stopOnSignals();
      const reporter = fanOut(reportersFor(opts, processIO()));
      const result = await runFaultReplay({
        workflowsPath: opts.workflows,
        histories: opts.histories,
        interceptorModules: opts.interceptors,
        payloadConverterPath: opts.payloadConverter,
        dataConverterPath: opts.dataConverter,
        goldenDir: opts.goldenDir,
        update: Boolean(opts.update),
        specPath: opts.spec,
        faults: opts.faults,
        signals: opts.signal,
        resultsPath: opts.results,
        maxRounds: opts.maxRounds,
        deadlineMs: opts.deadline,
        workers: opts.workers,
        signal: stop.signal,
        hooks: reporter,
        shard: opts.shard,
      });
      const repro = opts.repro ? writeRepro(result, opts.repro, opts.workflows) : undefined;
      const shard = opts.shard && { ...opts.shard, faults: opts.faults ?? FAULT_KINDS.map((k) => k.name) };
      const report = reportOf(result, { threshold: opts.threshold, shard, repro });
      const exitCode = finishRun(reporter, report, processIO()); // a run cut short still writes its reports
      process.exitCode = stop.exitCode() ?? exitCode;
    });
}

/**
 * Ctrl-C or SIGTERM: the run stops, the reports of what was judged so far are written (marked
 * incomplete), and the process exits 130 / 143. A second signal exits at once.
 */
export function stopOnSignals(): { signal: AbortSignal; exitCode(): number | undefined } {
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
  return { signal: controller.signal, exitCode: () => code };
}
