import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { historyJson } from '../record/history-json';
import { redactHistory } from '../record/redact';
import { firstLine } from '../util/load-module';

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
  redact?: boolean;
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
  const connection = await Connection.connect(options.connection);
  try {
    const client = new Client({ connection, namespace: options.namespace });
    const executions = options.workflowId
      ? [{ workflowId: options.workflowId, runId: options.runId }]
      : await closedExecutions(client, options.query ?? '', options.limit ?? DEFAULT_CAPTURE_LIMIT);
    const result: CaptureResult = { files: [], problems: [] };
    mkdirSync(options.out, { recursive: true });
    for (const [index, execution] of executions.entries()) {
      try {
        result.files.push(await captureOne(client, execution, options));
      } catch (err) {
        result.problems.push(`${execution.workflowId}${execution.runId ? ` (run ${execution.runId})` : ''}: ${firstLine(err)}`);
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

async function closedExecutions(client: Client, query: string, limit: number): Promise<Execution[]> {
  const found: Execution[] = [];
  for await (const info of client.workflow.list({ query: closedQuery(query) })) {
    if (found.length >= limit) break;
    found.push({ workflowId: info.workflowId, runId: info.runId });
  }
  return found;
}

async function captureOne(client: Client, execution: Execution, options: CaptureOptions): Promise<CapturedFile> {
  const described = await client.workflow.getHandle(execution.workflowId, execution.runId).describe();
  if (described.status.name === 'RUNNING') throw new Error('still running: only closed executions can be checked');
  const history = await client.workflow.getHandle(execution.workflowId, described.runId).fetchHistory();
  const written = options.redact ? redactHistory(history) : history;
  const file = join(options.out, fileNameFor(execution.workflowId, described.runId));
  writeFileSync(file, historyJson(written) + '\n');
  const events = history.events ?? [];
  const last = events[events.length - 1]?.eventType;
  return {
    file,
    workflowId: execution.workflowId,
    runId: described.runId,
    events: events.length,
    closeEventType: last == null ? 'none' : temporal.api.enums.v1.EventType[last],
  };
}

/** The same execution always gets the same name: `<workflow id, safe for a file name>.<run id>.json`. */
export function fileNameFor(workflowId: string, runId: string): string {
  return `${workflowId.replace(/[^A-Za-z0-9_-]+/g, '_')}.${runId}.json`;
}
