import './util/protobuf-copies'; // first: before anything loads @temporalio/common's proto-utils
import { Command, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import { recordHistory } from './record/record';
import { chaosCommand } from './cli/chaos';
import { runFaultReplay } from './run';
import { formatMatrix } from './report/matrix';
import { formatJson } from './report/json';
import { firstLine } from './util/load-module';
import { installQuietRuntime } from './util/quiet';
import { FAULT_KINDS } from './faults/registry';
import { DEFAULT_DEADLINE_MS } from './replay/session';
import type { ServerKind } from './server/resolve';
import { captureCommand } from './cli/capture';
import { specCommand } from './cli/spec';

/** Exit codes: 0 all as expected, 1 a regression found, 2 the run itself could not happen. */
export const EXIT = { ok: 0, regression: 1, couldNotRun: 2 } as const;

function parseJsonArray(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('not JSON');
  }
  if (!Array.isArray(value)) throw new InvalidArgumentError('must be a JSON array');
  return value;
}

function parseServer(text: string): ServerKind {
  if (text !== 'dev' && text !== 'time-skipping') throw new InvalidArgumentError('dev or time-skipping');
  return text;
}

const SEARCH_ATTRIBUTE_TYPES = ['TEXT', 'KEYWORD', 'INT', 'DOUBLE', 'BOOL', 'DATETIME', 'KEYWORD_LIST'];

function searchAttribute(text: string, previous: Array<{ name: string; type: string }>) {
  const [name, type] = text.split('=');
  if (!name || !SEARCH_ATTRIBUTE_TYPES.includes(type)) throw new InvalidArgumentError(`NAME=TYPE, TYPE one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}`);
  return [...previous, { name, type }];
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError('must be a JSON object');
  return value as Record<string, unknown>;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function recordCommand(): Command {
  return new Command('record')
    .exitOverride()
    .description('run a workflow on a local Temporal server and write its history as JSON')
    .requiredOption('--workflows <module>', 'workflows module (.ts or .js)')
    .requiredOption('--activities <module>', 'activities module (.ts or .js)')
    .requiredOption('--workflow-type <name>', 'workflow function to start')
    .option('--args <json>', 'workflow arguments as a JSON array', parseJsonArray, [])
    .option('--fail-activity <type>', 'make this activity throw a non-retryable InjectedFailure (repeatable)', collect, [])
    .option('--fail-activity-retryable <type>', 'make this activity throw a retryable InjectedRetryableFailure on every attempt (repeatable)', collect, [])
    .option('--keep-open-history', 'when the workflow does not close in time, write its history so far instead of failing')
    .requiredOption('--out <file>', 'history file to write')
    .option('--server <kind>', 'dev or time-skipping', parseServer, 'dev')
    .option('--timeout <ms>', 'how long to wait for the workflow to close', Number, 60_000)
    .option('--workflow-id <id>', 'workflow id (default: generated)')
    .option('--redact', 'replace strings in every payload, and failure messages and stack traces, with stable hashes')
    .option('--namespace <ns>', 'namespace to create on the local server and run in (dev server)')
    .option('--task-queue <queue>', 'task queue of the worker and the workflow')
    .option('--search-attribute <NAME=TYPE>', 'register a custom search attribute on the local server (repeatable)', searchAttribute, [])
    .option('--search-attribute-values <json>', 'search attributes to start the workflow with, e.g. \'{"CustomerId":["c1"]}\'', parseJsonObject)
    .option('--memo <json>', 'memo to start the workflow with (a JSON object)', parseJsonObject)
    .action(async (opts) => {
      installQuietRuntime();
      const result = await recordHistory({
        workflowsPath: opts.workflows,
        activitiesPath: opts.activities,
        workflowType: opts.workflowType,
        args: opts.args,
        failActivities: opts.failActivity,
        failActivitiesRetryable: opts.failActivityRetryable,
        keepOpenHistory: Boolean(opts.keepOpenHistory),
        out: opts.out,
        server: opts.server,
        timeoutMs: opts.timeout,
        workflowId: opts.workflowId,
        redact: Boolean(opts.redact),
        namespace: opts.namespace,
        taskQueue: opts.taskQueue,
        searchAttributes: opts.searchAttribute,
        startSearchAttributes: opts.searchAttributeValues as Record<string, unknown[]> | undefined,
        memo: opts.memo,
      });
      const end = result.open ? `still open (${result.open})` : `closed with ${result.closeEventType}`;
      console.log(`recorded ${result.out}: ${result.events} events, ${end}`);
    });
}

function checkCommand(): Command {
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
    .option('--faults <names...>', `fault kinds to inject (default: all: ${FAULT_KINDS.map((k) => k.name).join(', ')})`)
    .option('--results <file>', 'results for activities the recorded history never ran, by activity type (.json, .ts or .js)')
    .option('--max-rounds <n>', 'workflow tasks a scenario may take before it is called stuck (default: 1000, or 10 a step)', positiveInteger)
    .option('--deadline <ms>', 'CPU time (ms) one replay may take before its code is called stuck in a loop, plus 2 ms an event', positiveInteger, DEFAULT_DEADLINE_MS)
    .option('--workers <n>', 'replay processes side by side (default: the cores, at most 4)', positiveInteger)
    .action(async (opts) => {
      installQuietRuntime();
      const stop = stopOnSignals();
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
        resultsPath: opts.results,
        maxRounds: opts.maxRounds,
        deadlineMs: opts.deadline,
        workers: opts.workers,
        signal: stop.signal,
      });
      process.stdout.write(formatMatrix(result) + '\n');
      if (opts.json) writeFileSync(opts.json, formatJson(result));
      for (const problem of result.problems) console.error(`fault-replay: ${problem}`);
      process.exitCode = stop.exitCode() ?? result.exitCode;
    });
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError('a positive whole number');
  return value;
}

/**
 * Ctrl-C or SIGTERM: the run stops, the reports of what was judged so far are written (marked
 * incomplete), and the process exits 130 / 143. A second signal exits at once.
 */
function stopOnSignals(): { signal: AbortSignal; exitCode(): number | undefined } {
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

/** Usage errors must exit 2 ("could not run"), never commander's 1 ("regression found"). */
export function buildProgram(): Command {
  return new Command('fault-replay')
    .description('inject faults into recorded Temporal histories and judge the compensation path')
    .exitOverride()
    .addCommand(recordCommand())
    .addCommand(checkCommand())
    .addCommand(chaosCommand())
    .addCommand(captureCommand())
    .addCommand(specCommand());
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
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return EXIT.ok;
    if (!code?.startsWith('commander.')) console.error(`fault-replay: ${withCause(err)}`);
    return EXIT.couldNotRun;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((exitCode) => process.exit(exitCode));
}
