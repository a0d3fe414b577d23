import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApplicationFailure, type SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../replay/bundle';
import type { WorkflowHandle } from '@temporalio/client';
import { startServer } from '../server/environment';
import type { ServerKind } from '../server/resolve';
import { loadUserModule } from '../util/load-module';
import { historyJson } from './history-json';
import { redactHistory } from './redact';

export interface RecordOptions {
  workflowsPath: string;
  activitiesPath: string;
  workflowType: string;
  args: unknown[];
  /** Activity types made to throw a non-retryable `InjectedFailure` during this recording. */
  failActivities: string[];
  out: string;
  server: ServerKind;
  timeoutMs: number;
  taskQueue?: string;
  workflowId?: string;
  redact?: boolean;
  /** Namespace created on the local server and used by the worker and the client. */
  namespace?: string;
  /** Custom search attributes registered on the local server (`NAME=TYPE`), as production has them. */
  searchAttributes?: Array<{ name: string; type: SearchAttributeType }>;
  /** Search attribute values and memo the workflow is started with. */
  startSearchAttributes?: Record<string, unknown[]>;
  memo?: Record<string, unknown>;
}

export interface RecordResult {
  out: string;
  workflowId: string;
  closeEventType: string;
  events: number;
}

type History = temporal.api.history.v1.IHistory;
type Activities = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** Runs one workflow on a local server with the given modules and writes its history as JSON. */
export async function recordHistory(options: RecordOptions): Promise<RecordResult> {
  const activities = withInjectedFailures(loadActivities(options.activitiesPath), options.failActivities);
  const workflowBundle = await bundleWorkflows({ workflowsPath: options.workflowsPath });
  const env = await startServer(options.server, { searchAttributes: options.searchAttributes, namespace: options.namespace });
  try {
    const taskQueue = options.taskQueue ?? `fault-replay-record-${process.pid}`;
    const workflowId = options.workflowId ?? `record-${options.workflowType}-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities,
    });
    const history = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(options.workflowType, {
        taskQueue,
        workflowId,
        args: options.args,
        ...(options.memo ? { memo: options.memo } : {}),
        ...(options.startSearchAttributes ? { searchAttributes: options.startSearchAttributes as never } : {}),
      });
      // Only a client waiting on the result lets the time-skipping server skip timers; the close
      // itself is watched by waitForClose, which also sees failed workflow tasks and the timeout.
      const waiting = env.client.workflow.result(workflowId, handle.firstExecutionRunId, { followRuns: false }).catch(() => undefined);
      try {
        await waitForClose(handle, options.timeoutMs);
      } finally {
        await settledWithin(waiting, 5_000);
      }
      return handle.fetchHistory();
    });
    return writeHistory(options, workflowId, options.redact ? redactHistory(history) : history);
  } finally {
    await env.teardown();
  }
}

function loadActivities(path: string): Activities {
  const module = loadUserModule(path, 'activities');
  const activities = Object.fromEntries(Object.entries(module).filter(([, value]) => typeof value === 'function'));
  if (Object.keys(activities).length === 0) throw new Error(`activities module ${path} exports no function`);
  return activities as Activities;
}

function withInjectedFailures(activities: Activities, failing: string[]): Activities {
  const wrapped = { ...activities };
  for (const type of failing) {
    if (!wrapped[type]) throw new Error(`--fail-activity ${type}: the activities module has no such activity`);
    wrapped[type] = async () => {
      throw ApplicationFailure.nonRetryable(`injected failure in ${type}`, 'InjectedFailure');
    };
  }
  return wrapped;
}

/**
 * Waits until the workflow closes. A failed workflow task (unknown workflow type, code that throws)
 * would otherwise be retried until the timeout, so it ends the wait at once with its message.
 */
async function waitForClose(handle: WorkflowHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') return;
    const taskFailure = await firstWorkflowTaskFailure(handle);
    if (taskFailure) {
      await terminate(handle, 'a workflow task failed');
      throw new Error(`workflow ${handle.workflowId}: workflow task failed: ${taskFailure}`);
    }
    if (Date.now() > deadline) {
      await terminate(handle, 'timed out');
      throw new Error(`workflow ${handle.workflowId} did not close within ${timeoutMs} ms`);
    }
    await delay(100);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Waits for `promise` at most `ms`, leaving no timer behind to hold a caller's process open. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((done) => (timer = setTimeout(done, ms)))]);
  clearTimeout(timer);
}

/** Leaves nothing running on the server (it may be a persistent one) when the recording gives up. */
async function terminate(handle: WorkflowHandle, why: string): Promise<void> {
  await handle.terminate(`fault-replay record: ${why}`).catch(() => undefined);
}

async function firstWorkflowTaskFailure(handle: WorkflowHandle): Promise<string | undefined> {
  const history = await handle.fetchHistory();
  const failed = history.events?.find((e) => e.workflowTaskFailedEventAttributes);
  return failed ? failed.workflowTaskFailedEventAttributes?.failure?.message ?? 'no message' : undefined;
}

function writeHistory(options: RecordOptions, workflowId: string, history: History): RecordResult {
  const events = history.events ?? [];
  const last = events[events.length - 1]?.eventType;
  const closeEventType = last == null ? 'none' : temporal.api.enums.v1.EventType[last];
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, historyJson(history) + '\n');
  return { out: options.out, workflowId, closeEventType, events: events.length };
}
