import { Command, InvalidArgumentError } from 'commander';
import { captureHistories, DEFAULT_CAPTURE_LIMIT } from '../capture/capture';
import { connectionOptions, withConnectionFlags } from '../capture/connection';
import { redactOptionsOf, withRedactFlags } from '../record/redact';
import { loadDataConverter } from '../load/codec';
import { withHelp } from './help';

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return value;
}

/** `fault-replay capture`: closed executions' histories from a cluster, read-only, one file each. */
export function captureCommand(): Command {
  const command = withHelp(new Command('capture').exitOverride(), [
    'fault-replay capture --address localhost:7233 --query "WorkflowType = \'provisionTenant\'" --limit 20 --out histories/captured --redact',
  ])
    .description(
      'read closed workflow histories from a Temporal cluster (read-only) and write one JSON file per execution',
    )
    .option('--address <host:port>', 'frontend address', 'localhost:7233')
    .option('--namespace <ns>', 'namespace', 'default');
  return withRedactFlags(withConnectionFlags(command))
    .option('--workflow-id <id>', 'capture this execution')
    .option('--run-id <id>', 'with --workflow-id: this run (default: the latest)')
    .option(
      '--query <visibility query>',
      'capture the closed executions this finds, e.g. "WorkflowType = \'provisionTenant\'"',
    )
    .option('--limit <n>', 'with --query: at most this many, newest first', positiveInteger, DEFAULT_CAPTURE_LIMIT)
    .requiredOption('--out <dir>', 'folder to write <workflow id>.<run id>.json files into')
    .option(
      '--data-converter <module>',
      'your module exporting payloadCodecs: payloads are written decoded (combine with --redact)',
    )
    .option(
      '--allow-empty',
      'a --query that matches no closed execution exits 0 (default: 2, as a typo in the query would)',
    )
    .action(async (opts) => {
      if (Boolean(opts.workflowId) === (opts.query !== undefined))
        throw new Error('capture: give either --workflow-id or --query');
      if (opts.runId && !opts.workflowId) throw new Error('capture: --run-id goes with --workflow-id');
      const progress = process.stderr.isTTY
        ? (done: number, total: number, workflowId: string) =>
            process.stderr.write(`\rcaptured ${done}/${total} ${workflowId}\x1b[K`)
        : undefined;
      const result = await captureHistories({
        connection: connectionOptions(opts),
        namespace: opts.namespace,
        workflowId: opts.workflowId,
        runId: opts.runId,
        query: opts.query,
        limit: opts.limit,
        out: opts.out,
        redact: redactOptionsOf(opts, opts.out, (line) => console.error(line)),
        payloadCodecs: opts.dataConverter ? loadDataConverter(opts.dataConverter).payloadCodecs : undefined,
        onProgress: progress,
      });
      if (progress) process.stderr.write('\n');
      for (const file of result.files)
        console.log(`captured ${file.file}: ${file.events} events, closed with ${file.closeEventType}`);
      for (const problem of result.problems) console.error(`fault-replay: ${problem}`);
      const empty = result.files.length === 0 && result.problems.length === 0;
      if (empty)
        console.error(
          `fault-replay: capture: no closed execution matched${opts.allowEmpty ? '' : ' (--allow-empty to exit 0)'}`,
        );
      process.exitCode = result.problems.length > 0 || (empty && !opts.allowEmpty) ? 2 : 0;
    });
}
