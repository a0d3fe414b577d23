import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { decodeHistory } from '../load/codec';
import { historyJson } from '../record/history-json';
import { redactHistory, type RedactOptions } from '../record/redact';
import { firstLine } from '../util/load-module';
import { connectingTo } from '../util/connect';
import { writeFileAtomic } from '../util/atomic-write';
import { inertLine } from '../report/escape';
import { safeFileName } from '../util/file-name';

export interface CaptureOptions {
  connection: ConnectionOptions;
  namespace: string;
  /** One execution (the latest run unless `runId` is given) ... */
  workflowId?: string;
  runId?: string;
  /** ... or the closed executions a visibility query finds, newest first, at most `limit`. */
  query?: string;
  limit?: number;
  out: string;
  /** Hash what identifies people, hosts and workflows (src/record/redact.ts), with this key. */
  redact?: RedactOptions;
  /** The team's codecs (`--data-converter`): payloads are written decoded, so `redact` sees their strings. */
  payloadCodecs?: PayloadCodec[];
  /** Called after each execution, for a progress line. */
  onProgress?(done: number, total: number, workflowId: string): void;
}

export interface CapturedFile {
  file: string;
  workflowId: string;
  runId: string;
  events: number;
  closeEventType: string;
}

export interface CaptureResult {
  files: CapturedFile[];
  /** One line each: an execution that could not be captured (still open, not found, ...). */
  problems: string[];
}

export const DEFAULT_CAPTURE_LIMIT = 100;

interface Execution {
  workflowId: string;
  runId?: string;
}

/**
 * Reads closed executions' histories from a cluster and writes each one as
 * `temporal workflow show --output json` does. Read-only: it describes, lists and fetches history.
 */
export async function captureHistories(options: CaptureOptions): Promise<CaptureResult> {
  const connection = await connectingTo(options.connection.address, () => Connection.connect(options.connection));
  try {
    const client = new Client({ connection, namespace: options.namespace });
    const executions = options.workflowId
      ? [{ workflowId: options.workflowId, runId: options.runId }]
      : await closedExecutions(client, options.namespace, options.query ?? '', options.limit ?? DEFAULT_CAPTURE_LIMIT);
    const result: CaptureResult = { files: [], problems: [] };
    mkdirSync(options.out, { recursive: true });
    for (const [index, execution] of executions.entries()) {
      try {
        result.files.push(await captureOne(client, execution, options));
      } catch (err) {
        result.problems.push(
          inertLine(`${execution.workflowId}${execution.runId ? ` (run ${execution.runId})` : ''}: ${firstLine(err)}`),
        );
      }
      options.onProgress?.(index + 1, executions.length, execution.workflowId);
    }
    return result;
  } finally {
    await connection.close();
  }
}

/** An open execution has no close to check a rollback against, so a query only finds closed ones. */
export function closedQuery(query: string): string {
  const closed = `ExecutionStatus != 'Running'`;
  return query.trim() ? `(${query}) AND ${closed}` : closed;
}

/** Raw list calls, page by page: the client's list() decodes memos, which an encrypting codec breaks. */
async function closedExecutions(client: Client, namespace: string, query: string, limit: number): Promise<Execution[]> {
  const found: Execution[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService
      .listWorkflowExecutions({ namespace, query: closedQuery(query), nextPageToken, pageSize: Math.min(limit, 1000) })
      .catch((err: unknown) => {
        throw new Error(
          `capture: the server refuses to list namespace ${namespace} with --query ${JSON.stringify(query)}: ${firstLine(err)}`,
        );
      });
    for (const info of page.executions ?? []) {
      if (found.length < limit)
        found.push({ workflowId: info.execution?.workflowId ?? '', runId: info.execution?.runId ?? undefined });
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken && found.length < limit);
  return found;
}

async function captureOne(client: Client, execution: Execution, options: CaptureOptions): Promise<CapturedFile> {
  const runId = await closedRunId(client, execution, options.namespace);
  const history = await client.workflow.getHandle(execution.workflowId, runId).fetchHistory();
  const undecodable = options.payloadCodecs?.length ? await decodeHistory(history, options.payloadCodecs) : undefined;
  if (undecodable) throw new Error(undecodable);
  const written = options.redact ? redactHistory(history, options.redact) : history;
  const file = join(options.out, fileNameFor(execution.workflowId, runId));
  writeFileAtomic(file, historyJson(written) + '\n');
  const events = history.events ?? [];
  const last = events[events.length - 1]?.eventType;
  return {
    file,
    workflowId: execution.workflowId,
    runId: runId,
    events: events.length,
    closeEventType: last == null ? 'none' : temporal.api.enums.v1.EventType[last],
  };
}

/** The raw service call: the handle's describe() would decode the memo, which an encrypting codec breaks. */
async function closedRunId(client: Client, execution: Execution, namespace: string): Promise<string> {
  const { workflowExecutionInfo: info } = await client.workflowService.describeWorkflowExecution({
    namespace,
    execution: { workflowId: execution.workflowId, runId: execution.runId },
  });
  if (info?.status === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
    throw new Error('still running: only closed executions can be checked');
  }
  if (!info?.execution?.runId) throw new Error('the server describes no run');
  return info.execution.runId;
}

/**
 * The same execution always gets the same name: `<workflow id, safe for a file name>.<run id>.json`
 * (a very long id keeps its start and a hash of the whole), always a name inside `--out`.
 */
export function fileNameFor(workflowId: string, runId: string): string {
  return `${safeFileName(workflowId.replace(/[^A-Za-z0-9_-]+/g, '_'))}.${safeFileName(runId)}.json`;
}
