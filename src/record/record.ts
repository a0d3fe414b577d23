import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type InjectedSinks } from '@temporalio/worker';
import type { CrashSinks } from './crash-interceptor';
import { bundleWorkflows } from '../replay/bundle';
import { startServer } from '../server/environment';
import type { ServerKind } from '../server/resolve';
import { loadUserModule } from '../util/load-module';
import { redactHistory, type RedactOptions } from './redact';
import { historyJson } from './history-json';
import { Activities, ActivityFaults, withActivityFaults } from './activity-faults';
import { actOnChildren, childFaultBundle, type ChildFaults } from './child-faults';
import { withWorkflowEvents, type WorkflowEvents } from './workflow-events';
import { taskFailureBundle, workersFailingOneTask } from './task-failure';
import { writeFileAtomic } from '../util/atomic-write';
import { delay, settledWithin, terminate, waitForClose } from './workflow-waits';

export { INJECTED_FAILURE, INJECTED_RETRYABLE_FAILURE } from './activity-faults';

export interface RecordOptions extends ActivityFaults, ChildFaults, WorkflowEvents {
  workflowsPath: string;
  activitiesPath: string;
  workflowType: string;
  args: unknown[];
  /**
   * Activities are polled only this long after the workflow starts (the activity workers are down
   * until then): a step whose schedule-to-start timeout is shorter times out for real.
   */
  activityWorkerDelayMs?: number;
  /**
   * The worker stalls, past the workflow task timeout, in the workflow task that handles this
   * activity's first completion, as a worker killed mid-task would: the server times the task
   * out and retries it.
   */
  crashWorkerAfter?: string;
  /**
   * The worker fails the first workflow task that schedules this activity (an unexpected error in
   * the task): the server writes WorkflowTaskFailed and retries the task, which a worker without
   * the fault then completes.
   */
  failTaskScheduling?: string;
  /** Namespace created on the local server and used by the worker and the client. */
  namespace?: string;
  /** Custom search attributes registered on the local server (`NAME=TYPE`), as production has them. */
  searchAttributes?: Array<{ name: string; type: SearchAttributeType }>;
  /** Search attribute values and memo the workflow is started with. */
  startSearchAttributes?: Record<string, unknown[]>;
  memo?: Record<string, unknown>;
  /**
   * When the workflow does not close within the timeout (or a workflow task fails), write the
   * history as it is then, still open, and terminate the workflow, instead of throwing.
   */
  keepOpenHistory?: boolean;
  /** A running server to record on (left running); without it a server of kind `server` is started. */
  environment?: TestWorkflowEnvironment;
  out: string;
  server: ServerKind;
  timeoutMs: number;
  taskQueue?: string;
  workflowId?: string;
  /** Hash what identifies people, hosts and workflows (src/record/redact.ts), with this key. */
  redact?: RedactOptions;
}

export interface RecordResult {
  out: string;
  workflowId: string;
  closeEventType: string;
  events: number;
  /** Set when the workflow had not closed (`keepOpenHistory`): why the recording stopped. */
  open?: string;
}

type History = temporal.api.history.v1.IHistory;

/** Runs one workflow on a local server with the given modules and writes its history as JSON. */
export async function recordHistory(options: RecordOptions): Promise<RecordResult> {
  const released = new AbortController();
  const activities = withActivityFaults(loadActivities(options.activitiesPath), options, released.signal);
  try {
    if (options.environment) return await recordOn(options.environment, options, activities, released);
    const env = await startServer(options.server, {
      searchAttributes: options.searchAttributes,
      namespace: options.namespace,
    });
    try {
      return await recordOn(env, options, activities, released);
    } finally {
      await env.teardown();
    }
  } finally {
    released.abort();
  }
}

async function recordOn(
  env: TestWorkflowEnvironment,
  options: RecordOptions,
  given: Activities,
  released: AbortController,
): Promise<RecordResult> {
  const activities = withWorkflowEvents(given, options, env.client);
  // A cancellation reaches an activity with the answer to its next heartbeat: sent often (not only
  // every 0.8 × its heartbeat timeout), it arrives at once, as the tool's continuation takes it.
  const heartbeats = { maxHeartbeatThrottleInterval: 50 };
  if (options.failTaskScheduling && (options.activityWorkerDelayMs !== undefined || options.crashWorkerAfter)) {
    throw new Error('--fail-task-scheduling cannot be combined with --activity-worker-delay or --crash-worker-after');
  }
  const crashing = options.crashWorkerAfter ? crashingWorker(options.crashWorkerAfter) : undefined;
  const children = childFaultBundle(options);
  const interceptorModules = [...(crashing ? [CRASH_INTERCEPTOR] : []), ...(children?.interceptorModules ?? [])];
  const workflowBundle = await bundleWorkflows({
    workflowsPath: options.workflowsPath,
    interceptorModules,
    aliases: children?.aliases,
  });
  const taskQueue = options.taskQueue ?? `fault-replay-record-${process.pid}`;
  const workflowId = options.workflowId ?? `record-${options.workflowType}-${Date.now()}`;
  const common = { connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue };
  const delayed = options.activityWorkerDelayMs !== undefined;
  const failingTask = options.failTaskScheduling
    ? await oneFailingTask(options, options.failTaskScheduling, children, { ...common, workflowBundle, activities })
    : undefined;
  // With a failing task, the workflows run on the two workers in turn; this one runs the activities.
  const workflows = failingTask ? {} : { workflowBundle };
  const worker = await Worker.create({
    ...common,
    ...heartbeats,
    ...workflows,
    ...(delayed ? {} : { activities }),
    ...(crashing ? { sinks: crashing.sinks } : {}),
  });
  const activityWorker = delayed ? await Worker.create({ ...common, ...heartbeats, activities }) : undefined;
  const { history, open } = await worker.runUntil(async () => {
    await failingTask?.start();
    const started = await env.client.workflow.start(options.workflowType, {
      taskQueue,
      workflowId,
      args: options.args,
      ...(options.memo ? { memo: options.memo } : {}),
      ...(options.startSearchAttributes ? { searchAttributes: options.startSearchAttributes as never } : {}),
    });
    // Pinned to the run started here: a run that continues as new is recorded up to its own close.
    const handle = env.client.workflow.getHandle(workflowId, started.firstExecutionRunId);
    // Only a client waiting on the result lets the time-skipping server skip timers; the close
    // itself is watched by waitForClose, which also sees failed workflow tasks and the timeout.
    const waiting = env.client.workflow
      .result(workflowId, started.firstExecutionRunId, { followRuns: false })
      .catch(() => undefined);
    const activitiesDone =
      activityWorker && delay(options.activityWorkerDelayMs ?? 0).then(() => activityWorker.runUntil(() => closed));
    let markClosed = () => {};
    const closed = new Promise<void>((done) => (markClosed = done));
    const watched = new AbortController();
    let actingError: Error | undefined;
    const acting = actOnChildren(env.client, handle, options, watched.signal).catch(
      (err: Error) => void (actingError = err),
    );
    try {
      const stillOpen = await waitForClose(handle, options.timeoutMs, failingTask || crashing ? 1 : 0);
      const history = await handle.fetchHistory();
      if (stillOpen) {
        await terminate(handle, stillOpen.why);
        if (!options.keepOpenHistory) throw new Error(stillOpen.error);
      }
      if (history.events?.some((event) => event.workflowExecutionContinuedAsNewEventAttributes)) {
        await terminate(env.client.workflow.getHandle(workflowId), 'the recorded run continued as new');
      }
      return { history, open: stillOpen?.error };
    } finally {
      released.abort(); // hung attempts end before their workers shut down
      watched.abort();
      await acting;
      markClosed();
      // A failure to act on the workflow (signal, cancel, terminate) makes the recording worthless, whatever it returned.
      // eslint-disable-next-line no-unsafe-finally
      if (actingError) throw new Error(`record: acting on the workflow failed: ${actingError.message}`);
      await activitiesDone;
      await failingTask?.stop();
      await settledWithin(waiting, 5_000);
    }
  });
  // The workflow id is filled in first, so that it is redacted too.
  const complete = withStartedWorkflowId(history, workflowId);
  const result = writeHistory(options, workflowId, options.redact ? redactHistory(complete, options.redact) : complete);
  return open ? { ...result, open } : result;
}

const CRASH_INTERCEPTOR = require.resolve('./crash-interceptor');

/** The two workflow workers of `failTaskScheduling`: one bundle with the failing interceptor (and the child faults), one without. */
async function oneFailingTask(
  options: RecordOptions,
  activityType: string,
  children: ReturnType<typeof childFaultBundle>,
  healthy: Parameters<typeof workersFailingOneTask>[1],
) {
  const failure = taskFailureBundle(activityType);
  const failingBundle = await bundleWorkflows({
    workflowsPath: options.workflowsPath,
    interceptorModules: [...failure.interceptorModules, ...(children?.interceptorModules ?? [])],
    aliases: { ...failure.aliases, ...children?.aliases },
  });
  return workersFailingOneTask({ ...healthy, workflowBundle: failingBundle }, healthy);
}

/** Stalls the first live workflow task that resolves `activityType`, past the task's timeout, once. */
function crashingWorker(activityType: string) {
  let crashed = false;
  const sinks: InjectedSinks<CrashSinks> = {
    faultReplayRecorder: {
      taskResolves: {
        fn: async (info, types) => {
          if (crashed || !types.includes(activityType)) return;
          crashed = true;
          await delay((info.taskTimeoutMs || 10_000) + 1_000);
        },
      },
    },
  };
  return { sinks };
}

export function loadActivities(path: string): Activities {
  const module = loadUserModule(path, 'activities');
  const activities = Object.fromEntries(Object.entries(module).filter(([, value]) => typeof value === 'function'));
  if (Object.keys(activities).length === 0) throw new Error(`activities module ${path} exports no function`);
  return activities as Activities;
}

/**
 * The time-skipping test server leaves the workflow id out of WorkflowExecutionStarted, where the
 * dev server and Temporal Cloud write it. The run was started under `workflowId`, a fact and not a
 * guess: without it a workflow that reads `workflowInfo().workflowId` would not replay the history.
 */
function withStartedWorkflowId(history: History, workflowId: string): History {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (started && !started.workflowId) started.workflowId = workflowId;
  return history;
}

function writeHistory(options: RecordOptions, workflowId: string, history: History): RecordResult {
  const events = history.events ?? [];
  const last = events[events.length - 1]?.eventType;
  const closeEventType = last == null ? 'none' : temporal.api.enums.v1.EventType[last];
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileAtomic(options.out, historyJson(history) + '\n');
  return { out: options.out, workflowId, closeEventType, events: events.length };
}
