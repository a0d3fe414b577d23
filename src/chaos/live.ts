import { Client, Connection, WorkflowFailedError, WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadActivities } from '../record/record';
import { bundleWorkflows } from '../replay/bundle';
import { startServer } from '../server/environment';
import type { ServerKind } from '../server/resolve';
import type { ChaosInjector } from './inject';

export interface LiveOptions {
  workflowsPath: string;
  activitiesPath: string;
  server: ServerKind;
  /** An existing server (host:port) instead of a local one started for the run. */
  address?: string;
  namespace?: string;
}

/** How a live run closed, in terms that do not change from run to run (no ids, no times). */
export interface LiveClose {
  status: string;
  result?: unknown;
  failure?: string;
}

export interface LiveRun {
  /** Undefined when the run did not close within its deadline or a workflow task failed. */
  close?: LiveClose;
  stuck?: string;
  taskFailure?: string;
  /** The run's history as `historyToJSON` writes it. */
  historyJson: string;
  events: temporal.api.history.v1.IHistoryEvent[];
}

/** A workflow's history and those of its child workflows (depth first, in the order they started). */
export interface RunHistory {
  workflowType: string;
  events: temporal.api.history.v1.IHistoryEvent[];
  /** Its history as `historyToJSON` writes it. */
  historyJson: string;
}

export interface LiveSession {
  runWorkflow(workflowType: string, workflowId: string, args: unknown[], deadlineMs: number): Promise<LiveRun>;
  /** The run's child workflows' histories, and theirs. */
  childHistories(events: temporal.api.history.v1.IHistoryEvent[]): Promise<RunHistory[]>;
}

/** One server and one worker (the team's workflows and activities, the chaos interceptor) for the body. */
export async function withLiveSession<T>(
  options: LiveOptions,
  injector: ChaosInjector,
  body: (session: LiveSession) => Promise<T>,
): Promise<T> {
  const activities = loadActivities(options.activitiesPath);
  const workflowBundle = await bundleWorkflows({ workflowsPath: options.workflowsPath });
  const server = await connect(options);
  injector.lookUpParentsWith(
    async (workflowId) =>
      (await server.client.workflow.getHandle(workflowId).describe()).parentExecution?.workflowId ?? undefined,
  );
  try {
    const taskQueue = `fault-replay-chaos-${process.pid}-${Date.now().toString(36)}`;
    const worker = await Worker.create({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      workflowBundle,
      activities,
      interceptors: { activity: [injector.factory()] },
    });
    return await worker.runUntil(() =>
      body({
        runWorkflow: async (workflowType, workflowId, args, deadlineMs) => {
          const handle = await server.client.workflow.start(workflowType, { taskQueue, workflowId, args });
          return watch(handle, deadlineMs);
        },
        childHistories: (events) => childHistories(server.client, events, 0),
      }),
    );
  } finally {
    await server.teardown();
  }
}

interface Server {
  client: Client;
  nativeConnection: NativeConnection;
  namespace: string;
  teardown(): Promise<void>;
}

async function connect(options: LiveOptions): Promise<Server> {
  if (!options.address) {
    const env = await startServer(options.server);
    return {
      client: env.client,
      nativeConnection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      teardown: () => env.teardown(),
    };
  }
  const namespace = options.namespace ?? 'default';
  const nativeConnection = await NativeConnection.connect({ address: options.address });
  const connection = await Connection.connect({ address: options.address });
  return {
    client: new Client({ connection, namespace }),
    nativeConnection,
    namespace,
    teardown: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

async function childHistories(
  client: Client,
  events: temporal.api.history.v1.IHistoryEvent[],
  depth: number,
): Promise<RunHistory[]> {
  const found: RunHistory[] = [];
  if (depth > 10) return found;
  for (const event of events) {
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (!started?.workflowExecution?.workflowId) continue;
    const history = await client.workflow
      .getHandle(started.workflowExecution.workflowId, started.workflowExecution.runId ?? undefined)
      .fetchHistory();
    const childEvents = history.events ?? [];
    found.push({
      workflowType: started.workflowType?.name ?? '',
      events: childEvents,
      historyJson: historyToJSON(history),
    });
    found.push(...(await childHistories(client, childEvents, depth + 1)));
  }
  return found;
}

/**
 * Waits for the close within the deadline. A failed workflow task (the workflow code threw) would
 * be retried until the deadline, so it is looked for every second and ends the wait at once.
 */
async function watch(handle: WorkflowHandle, deadlineMs: number): Promise<LiveRun> {
  const closing = closeOf(handle);
  const deadline = Date.now() + deadlineMs;
  let close: LiveClose | undefined;
  let stuck: string | undefined;
  let taskFailure: string | undefined;
  for (let round = 1; ; round++) {
    close = await settledWithin(closing, 250);
    if (close) break;
    if (round % 4 === 0) {
      taskFailure = await firstWorkflowTaskFailure(handle);
      if (taskFailure) break;
    }
    if (Date.now() > deadline) {
      stuck = `did not close within ${deadlineMs} ms`;
      break;
    }
  }
  if (!close) await handle.terminate(`fault-replay chaos: ${stuck ?? 'a workflow task failed'}`).catch(() => undefined);
  const history = await handle.fetchHistory();
  return { close, stuck, taskFailure, historyJson: historyToJSON(history), events: history.events ?? [] };
}

async function closeOf(handle: WorkflowHandle): Promise<LiveClose> {
  try {
    return { status: 'completed', result: (await handle.result()) ?? null };
  } catch (err) {
    const status = await handle.describe().then(
      (d) => d.status.name.toLowerCase(),
      () => 'unknown',
    );
    if (err instanceof WorkflowFailedError) return { status, failure: causeMessage(err) };
    return { status, failure: (err as Error).message };
  }
}

function causeMessage(err: Error): string {
  let current: Error | undefined = err;
  while (current && (current as { cause?: Error }).cause) current = (current as { cause?: Error }).cause;
  return current?.message ?? err.message;
}

async function firstWorkflowTaskFailure(handle: WorkflowHandle): Promise<string | undefined> {
  const history = await handle.fetchHistory();
  const failed = history.events?.find((e) => e.workflowTaskFailedEventAttributes);
  return failed ? (failed.workflowTaskFailedEventAttributes?.failure?.message ?? 'no message') : undefined;
}

/** The promise's value if it settles within `ms`, else undefined; leaves no timer behind. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const value = await Promise.race([
    promise,
    new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), ms))),
  ]);
  clearTimeout(timer);
  return value;
}
