import { createHash } from 'node:crypto';
import type { LoadedHistory } from '../model/history';
import type { LocalActivityCall } from '../model/observation';
import { temporal } from '@temporalio/proto';
import { localActivityAnswer, type LocalActivityAnswer, type LocalActivityAnswers } from './local-activities';
import { localActivityData } from '../steps/local-activity-steps';
import { idOf, long, type HistoryEvent } from '../history/events';
import type { FrontendHandler, TaskCompletion, TaskFailure } from './frontend';

const { CommandType } = temporal.api.enums.v1;
/** Commands after which the worker lets the run go. */
const CLOSING = new Set<number>([
  CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

/** The queue the tool's worker polls: tasks of every run start there, then go to its sticky queue. */
export const WORKER_TASK_QUEUE = 'fault-replay-live';

/** A workflow task to run: the run's whole history, ending with the task's WorkflowTaskStarted. */
export interface TaskRequest {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Left as they are until the task is answered (the caller appends only after that). */
  events: HistoryEvent[];
  /** How the local activities the workflow runs live in this task answer. */
  localActivities?: LocalActivityAnswers;
}

/** `unknown`: a local activity the worker ran whose answer is not known (the scenario could not run; why). */
export type TaskAnswer = ({ completed: TaskCompletion } | { failed: TaskFailure }) & {
  invented?: string[];
  localCalls?: Record<string, LocalActivityCall>;
  unknown?: string;
};

interface Run {
  request: TaskRequest;
  /** The worker's sticky queue for this run, once it has completed a task of it. */
  sticky?: string;
  /** The last WorkflowTaskStarted the worker completed: it holds everything up to there. */
  seenUpTo: number;
  /** Its last task closed the workflow: the worker no longer holds it. */
  closed?: boolean;
  answer?: (answer: TaskAnswer) => void;
  /** Local activities run in the current task with no known result. */
  invented: Set<string>;
  /** The first local activity call of the run whose answer is not known. */
  unknown?: string;
  /** What the worker saw of the local activities it ran (arguments, options), by activity id: a call may span tasks. */
  calls: Record<string, LocalActivityCall>;
  /** The live local activity calls of the run (by activity id, core's sequence number): their type and rank among calls of that type. */
  localCalls: Map<string, { type: string; rank: number }>;
}

/**
 * The server's side of one worker process: the runs it works on, the workflow task each one waits
 * to hand out, and what the worker answered. The SDK's worker (./live-worker.ts) polls these
 * tasks through the frontend (./frontend.ts) that this process serves on a loopback port. A run
 * stays in the worker's cache between tasks (its sticky queue), so only new events are sent.
 */
export class LiveRuns implements FrontendHandler {
  private readonly runs = new Map<string, Run>();
  private readonly ready: Run[] = [];
  /** Runs forgotten while the worker still held them open in its cache: followed again, it would go on from there. */
  private readonly heldOpen = new Set<string>();

  /** Called when a task is ready for this queue (the frontend hands it to a waiting poll). */
  constructor(private readonly wake: (taskQueue: string) => void) {}

  get size(): number {
    return this.runs.size;
  }

  /** Hands the worker the task that ends `request.events` and resolves with its answer. */
  runTask(request: TaskRequest): Promise<TaskAnswer> {
    const run: Run = this.runs.get(request.runId) ?? {
      request,
      seenUpTo: 0,
      invented: new Set<string>(),
      calls: {},
      localCalls: new Map(),
    };
    run.request = request;
    this.runs.set(request.runId, run);
    return new Promise((resolve) => {
      run.answer = resolve;
      this.ready.push(run);
      this.wake(run.sticky ?? WORKER_TASK_QUEUE);
    });
  }

  /** The scenario is done: its run is no longer answered (the worker's cache lets it go in time). */
  forget(runId: string): void {
    const run = this.runs.get(runId);
    if (run?.sticky !== undefined && !run.closed) this.heldOpen.add(runId);
    this.runs.delete(runId);
  }

  /** The worker may still hold this run, forgotten open: a new follow of it must go to another worker. */
  mayHold(runId: string): boolean {
    return this.heldOpen.has(runId);
  }

  /** A local activity the workflow runs live: it fails as the fault says, or answers with the result it is given. */
  localActivity(
    runId: string,
    activityId: string,
    activityType: string,
    call?: LocalActivityCall,
  ): LocalActivityAnswer {
    const run = this.runs.get(runId);
    if (run && call) run.calls[activityId] = call;
    const rank = run ? localCallRank(run, activityId, activityType) : 0;
    const answer = localActivityAnswer(activityType, call?.args ?? [], rank + 1, run?.request.localActivities);
    if ('invented' in answer) run?.invented.add(activityType);
    if (run && 'unknown' in answer) run.unknown ??= answer.unknown;
    return answer;
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
    const { runId, started } = tokenOf(request.taskToken);
    const run = this.runs.get(runId);
    if (!run) return;
    run.sticky = request.stickyAttributes?.workerTaskQueue?.name || undefined;
    run.seenUpTo = started;
    run.closed = (request.commands ?? []).some((command) => CLOSING.has(command.commandType ?? 0));
    this.settle(run, { completed: request });
  }

  failed(request: TaskFailure): void {
    const run = this.runs.get(tokenOf(request.taskToken).runId);
    if (!run) return;
    run.sticky = undefined; // core evicts a run whose task failed
    run.seenUpTo = 0;
    this.settle(run, { failed: request });
  }

  history(_workflowId: string, runId: string) {
    return { events: this.runs.get(runId)?.request.events ?? [] };
  }

  private settle(run: Run, answer: TaskAnswer): void {
    const resolve = run.answer;
    run.answer = undefined;
    const invented = [...run.invented];
    run.invented.clear();
    resolve?.({
      ...answer,
      ...(invented.length ? { invented } : {}),
      ...(Object.keys(run.calls).length ? { localCalls: { ...run.calls } } : {}),
      ...(run.unknown ? { unknown: run.unknown } : {}),
    });
  }
}

/**
 * Each scenario is its own run in the worker's cache, with a run id made from what the scenario is
 * (the recorded run, which copy of it, the step, the fault): the same on every check, so code that
 * reads its run id (an idempotency key) gives goldens that settle. Copies of one history loaded side
 * by side (`copy` 1, 2…) get their own.
 */
export function scenarioRunId(
  history: Pick<LoadedHistory, 'workflowId' | 'runId' | 'copy'>,
  step: number,
  fault: string,
): string {
  return runIdOf(JSON.stringify([history.workflowId, history.runId, history.copy, step, fault]));
}

/** A version-4 shaped UUID (as the server's own) made from `text`: from its SHA-256's first 16 bytes. */
export function runIdOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type { TaskCompletion, TaskFailure };

/** What takeTask wrote into a task's token: its run and its WorkflowTaskStarted. */
function tokenOf(token: Uint8Array): { runId: string; started: number } {
  const [runId, started] = new TextDecoder().decode(token).split('\n');
  return { runId, started: Number(started) };
}

/** The WorkflowTaskStarted of the last completed workflow task: where the server says replay ends. */
function previousStarted(events: HistoryEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const completed = events[i].workflowTaskCompletedEventAttributes;
    if (completed) return idOf(completed.startedEventId);
  }
  return 0;
}

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
