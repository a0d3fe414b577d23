import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { answerLocalActivity, type LocalActivityAnswers } from './local-activities';
import { localActivityData } from '../steps/local-activity-steps';
import { idOf, long, type HistoryEvent } from '../history/events';
import { installQuietRuntime } from '../util/quiet';
import { dropSandboxWatchdog, stopStackTraceHook } from '../util/sandbox-costs';
import { Frontend, type FrontendHandler, type TaskCompletion, type TaskFailure } from './frontend';

/** The queue the tool's worker polls: tasks of every run start there, then go to its sticky queue. */
export const WORKER_TASK_QUEUE = 'fault-replay-live';
const NAMESPACE = 'default';

export interface LiveWorkerOptions {
  /** The team's payload converter module (as `dataConverter.payloadConverterPath`). */
  payloadConverterPath?: string;
  /** Runs held in the worker's cache at once (at least the scenarios in flight). */
  cachedRuns: number;
}

/** A workflow task to run: the run's whole history, ending with the task's WorkflowTaskStarted. */
export interface TaskRequest {
  workflowId: string;
  runId: string;
  workflowType: string;
  events: HistoryEvent[];
  /** How the local activities the workflow runs live in this task answer. */
  localActivities?: LocalActivityAnswers;
}

export type TaskAnswer = ({ completed: TaskCompletion } | { failed: TaskFailure }) & { invented?: string[] };

interface Run {
  request: TaskRequest;
  /** The worker's sticky queue for this run, once it has completed a task of it. */
  sticky?: string;
  /** The last WorkflowTaskStarted the worker completed: it holds everything up to there. */
  seenUpTo: number;
  answer?: (answer: TaskAnswer) => void;
  /** Local activities run in the current task with no known result. */
  invented: Set<string>;
  /** The live local activity calls of the run (by activity id, core's sequence number): their type and rank among calls of that type. */
  localCalls: Map<string, { type: string; rank: number }>;
}

/**
 * The SDK's own worker, running the team's workflow code as it runs in production, against the
 * in-process frontend: each workflow task of a scenario is a real task of a real worker. A run
 * stays in the worker's cache between tasks (its sticky queue), so the workflow keeps its state
 * and only new events are sent; `isReplaying` and `patched()` are what they are live.
 */
export class LiveWorker implements FrontendHandler {
  private readonly runs = new Map<string, Run>();
  private readonly ready: Run[] = [];
  private frontend!: Frontend;
  private worker!: Worker;
  private connection!: NativeConnection;
  private running!: Promise<void>;

  static async start(bundle: { code: string }, options: LiveWorkerOptions): Promise<LiveWorker> {
    const live = new LiveWorker();
    installQuietRuntime();
    dropSandboxWatchdog();
    live.frontend = new Frontend(live);
    const address = await live.frontend.listen();
    // Loopback: compressing each call costs CPU and saves nothing (an option since SDK 1.14; older ones ignore it).
    live.connection = await NativeConnection.connect({ address, grpcCompression: { codec: 'none' } } as Parameters<typeof NativeConnection.connect>[0]);
    live.worker = await Worker.create({
      connection: live.connection,
      namespace: NAMESPACE,
      taskQueue: WORKER_TASK_QUEUE,
      workflowBundle: { code: bundle.code },
      maxCachedWorkflows: options.cachedRuns,
      // The workflows run on this process's main thread, as in the SDK's replay worker (no hop to a
      // workflow thread and back each task), and with its timeout, which dropSandboxWatchdog leaves
      // out: the pool watches this process's CPU time.
      debugMode: true,
      ...(options.payloadConverterPath ? { dataConverter: { payloadConverterPath: options.payloadConverterPath } } : {}),
      // Local activities run in the worker, as core runs them; none is polled from a queue.
      activities: { default: (...args: unknown[]) => live.localActivity(args) },
      enableNonLocalActivities: false,
      // The bundle's observer (for the replays) reports here too: taken and dropped (a bare function
      // would be no sink: each call would throw inside the SDK and be logged, every activation).
      sinks: { faultReplayObserver: { started: { fn: ignore }, concluded: { fn: ignore }, threw: { fn: ignore } } },
    });
    stopStackTraceHook();
    live.running = live.worker.run();
    return live;
  }

  /** Hands the worker the task that ends `request.events` and resolves with its answer. */
  runTask(request: TaskRequest): Promise<TaskAnswer> {
    const run: Run = this.runs.get(request.runId) ?? { request, seenUpTo: 0, invented: new Set<string>(), localCalls: new Map() };
    run.request = request;
    this.runs.set(request.runId, run);
    return new Promise((resolve) => {
      run.answer = resolve;
      this.ready.push(run);
      this.frontend.wake(run.sticky ?? WORKER_TASK_QUEUE);
    });
  }

  /** A local activity the workflow runs live: it fails as the fault says, or answers with the result it is given. */
  private async localActivity(args: unknown[]): Promise<unknown> {
    void args;
    const info = Context.current().info;
    const run = this.runs.get(info.workflowExecution?.runId ?? "");
    const rank = run ? localCallRank(run, info.activityId, info.activityType) : 0;
    return answerLocalActivity(info.activityType, rank, run?.request.localActivities, () => run?.invented.add(info.activityType));
  }

  /** The scenario is done: its run is no longer answered (the worker's cache lets it go in time). */
  forget(runId: string): void {
    this.runs.delete(runId);
  }

  takeTask(taskQueue: string): temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse | undefined {
    const index = this.ready.findIndex((run) => (run.sticky ?? WORKER_TASK_QUEUE) === taskQueue);
    if (index < 0) return undefined;
    const [run] = this.ready.splice(index, 1);
    const { events, workflowId, runId, workflowType } = run.request;
    const started = events[events.length - 1];
    const partial = run.sticky !== undefined;
    return {
      taskToken: new TextEncoder().encode(`${runId}\n${idOf(started.eventId)}`),
      workflowExecution: { workflowId, runId },
      workflowType: { name: workflowType },
      previousStartedEventId: long(previousStarted(events)),
      startedEventId: started.eventId,
      attempt: 1,
      history: { events: partial ? events.slice(run.seenUpTo) : events },
      workflowExecutionTaskQueue: { name: partial ? run.sticky : WORKER_TASK_QUEUE, kind: partial ? 2 : 1 },
      scheduledTime: started.eventTime,
      startedTime: started.eventTime,
    };
  }

  completed(request: TaskCompletion): void {
    const run = this.runOf(request.taskToken);
    if (!run) return;
    run.sticky = request.stickyAttributes?.workerTaskQueue?.name || undefined;
    run.seenUpTo = startedOf(request.taskToken);
    this.settle(run, { completed: request });
  }

  failed(request: TaskFailure): void {
    const run = this.runOf(request.taskToken);
    if (!run) return;
    run.sticky = undefined; // core evicts a run whose task failed
    run.seenUpTo = 0;
    this.settle(run, { failed: request });
  }

  history(_workflowId: string, runId: string) {
    return { events: this.runs.get(runId)?.request.events ?? [] };
  }

  async shutdown(): Promise<void> {
    this.worker.shutdown();
    await this.running.catch(() => undefined);
    this.frontend.close();
    await this.connection.close().catch(() => undefined);
  }

  private runOf(token: Uint8Array): Run | undefined {
    const runId = new TextDecoder().decode(token).split('\n')[0];
    return this.runs.get(runId);
  }

  private settle(run: Run, answer: TaskAnswer): void {
    const resolve = run.answer;
    run.answer = undefined;
    const invented = [...run.invented];
    run.invented.clear();
    resolve?.(invented.length ? { ...answer, invented } : answer);
  }
}

/** A fresh run id for each scenario: each is its own run in the worker's cache. */
export function scenarioRunId(): string {
  return randomUUID();
}

function startedOf(token: Uint8Array): number {
  return Number(new TextDecoder().decode(token).split('\n')[1]);
}

/** The WorkflowTaskStarted of the last completed workflow task: where the server says replay ends. */
function previousStarted(events: HistoryEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const completed = events[i].workflowTaskCompletedEventAttributes;
    if (completed) return idOf(completed.startedEventId);
  }
  return 0;
}

function ignore(): void {}

export type { TaskCompletion, TaskFailure };
export const CommandType = temporal.api.enums.v1.CommandType;

/**
 * Which call of its type a live local activity is (from 0): the markers of that type already in the
 * history that no live call of this run wrote (the recorded prefix), plus the live calls before it.
 * A retried attempt keeps its call's rank; a run the worker lost (its process restarted) counts its
 * earlier live calls among the markers.
 */
function localCallRank(run: Run, activityId: string, type: string): number {
  const known = run.localCalls.get(activityId);
  if (known) return known.rank;
  const live = [...run.localCalls.entries()].filter(([, call]) => call.type === type);
  const liveIds = new Set(live.map(([id]) => id));
  const earlier = run.request.events.filter((event) => {
    const data = localActivityData(event);
    return data?.activity_type === type && !liveIds.has(data.activity_id);
  }).length;
  const rank = earlier + live.length;
  run.localCalls.set(activityId, { type, rank });
  return rank;
}
