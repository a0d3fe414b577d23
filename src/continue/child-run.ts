import { createHash } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { HistoryBuilder, millisOf } from '../history/builder';
import type { ChildClose } from '../history/child-events';
import { EventType, idOf, long, RetryState, type HistoryEvent } from '../history/events';
import { FAULT_REPLAY_IDENTITY } from '../history/event-log';
import { durationMillis } from '../history/durations';
import type { FollowEngine } from './engine';
import { ExternalTargets } from './external-targets';
import { answerEarliest, CHILD_TIME_MS, OpenWorkIndex, type OpenWork } from './open-work';
import { recordCommands } from './record-commands';
import { Results, UnknownAnswer, type AnswerScenario } from './results';
import type { FollowOptions } from './follow';
import { localAnswer } from './local-answer';

/**
 * What a child workflow the parent starts does, found by running it: its own workflow tasks on the
 * same live worker, its commands answered by the same rules as the parent's (recorded results do
 * not apply: the recorded history is the parent's), with no fault of its own.
 * - `closes`: how it closes and how long it took (workflow time, from its start);
 * - `never`: it never closes on its own (its workflow task fails or does not yield, with no
 *   answer assumed before: the server retries it for ever);
 * - `notRun`: the tool cannot run it (a type the workflows module does not export, an answer not
 *   known, a command the tool cannot follow): the child is answered as before (../open-work.ts).
 */
export type ChildRun =
  { closes: ChildClose; durationMs: number; invented: string[] } | { never: string } | { notRun: string };

/** What the SDK says when a workflow type is not exported (src/replay/observer-interceptor.ts says it too). */
const NOT_EXPORTED = /no such function is exported by the workflow bundle/;

interface Parent {
  events: HistoryEvent[];
  workflowId: string;
  /** The run id the parent runs as live. */
  runId: string;
  namespace: string;
}

/** How a child a parent path starts (its StartChildWorkflowExecutionInitiated) runs, followed to its close. */
export async function runChild(
  parent: Parent,
  initiated: HistoryEvent,
  engine: FollowEngine,
  options: FollowOptions,
  scenario: () => AnswerScenario,
): Promise<ChildRun> {
  const start = initiated.startChildWorkflowExecutionInitiatedEventAttributes!;
  if (start.cronSchedule) return { notRun: 'it runs on a cron schedule' };
  const workflowType = start.workflowType?.name ?? '';
  const runId = childRunId(parent.runId, idOf(initiated.eventId));
  const startedAt = millisOf(initiated.eventTime);
  const builder = new HistoryBuilder([startedEvent(parent, initiated, runId)]);
  builder.startWorkflowTask(0, 'normal');
  const rules = { samePath: false, strict: Boolean(options.strictAnswers), scenario };
  const results = new Results(
    builder.events.slice(0, 1),
    options.givenResults,
    options.decoder,
    options.converter,
    rules,
  );
  const targets = new ExternalTargets([]);
  const context = {
    builder,
    decoder: options.decoder,
    workflowTaskQueue: start.taskQueue?.name ?? '',
    results,
    targets,
    searchAttributeTypes: new Map<string, Uint8Array | undefined>(),
  };
  const work = new OpenWorkIndex(builder.events);
  const localActivities = {
    fail: [],
    answer: (type: string, args: unknown[], rank: number) => localAnswer(results, type, args, rank, builder.events),
  };
  const run = { workflowId: start.workflowId ?? '', runId, workflowType, localActivities };
  const invented = () => [...results.invented].sort();
  // A crash after an answer the tool assumed may be the assumption's doing (an undefined result read): not a fact.
  const never = (why: string): ChildRun =>
    results.invented.size
      ? { notRun: `${why}, after answers the tool assumed (${invented().join(', ')})` }
      : { never: why };
  try {
    for (let round = 1; round <= options.maxRounds; round++) {
      const answer = await engine.live.runTask({ ...run, events: builder.events });
      for (const type of answer.invented ?? []) results.invented.add(type);
      if ('timedOut' in answer) return never(`its workflow task does not yield: ${answer.timedOut}`);
      if ('lost' in answer) return { notRun: answer.lost };
      if (answer.unknown) return { notRun: answer.unknown };
      if ('failed' in answer) {
        const message = answer.failed.failure?.message ?? 'the workflow task failed';
        if (round === 1 && NOT_EXPORTED.test(message)) return { notRun: 'the workflows module does not export it' };
        return never(`its workflow task fails (the server retries it for ever): ${message}`);
      }
      builder.completeWorkflowTask(answer.completed.sdkMetadata ?? {});
      const recorded = recordCommands(answer.completed.commands, { ...context, localCalls: answer.localCalls });
      if (recorded.unsupported) return { notRun: `it issues a ${recorded.unsupported}` };
      if (recorded.close) {
        const closes = childClose(builder.events[builder.events.length - 1], start.retryPolicy);
        if ('notRun' in closes) return closes;
        const durationMs = millisOf(builder.events[builder.events.length - 1].eventTime) - startedAt;
        const limit = Math.min(...[start.workflowExecutionTimeout, start.workflowRunTimeout].map(timeoutMs));
        if (durationMs > limit) return { notRun: 'it runs past its own timeout (the server would time it out)' };
        return { closes, durationMs, invented: invented() };
      }
      // Run alone, it cannot hear from its parent (a signal may come later): not a fact about its close.
      if (!answerEarliest(builder, work, { results, targets }, []))
        return { notRun: 'it waits for something from outside' };
      builder.startWorkflowTask();
    }
    return { notRun: `still open after ${options.maxRounds} workflow tasks` };
  } catch (err) {
    if (err instanceof UnknownAnswer) return { notRun: err.message };
    throw err;
  } finally {
    engine.live.forget(runId);
  }
}

/** A child that closes on its own before this long is still given it: the parent's other work goes first. */
export function childTime(run: ChildRun | undefined): number | undefined {
  if (!run || 'notRun' in run) return undefined;
  return 'never' in run ? Infinity : Math.max(CHILD_TIME_MS, run.durationMs);
}

/** How the parent's history shows the child's close (a retried failure is the server's to retry: not run). */
function childClose(
  closed: HistoryEvent,
  retryPolicy: temporal.api.common.v1.IRetryPolicy | null | undefined,
): ChildClose | { notRun: string } {
  const completed = closed.workflowExecutionCompletedEventAttributes;
  if (completed) return { kind: 'completed', result: completed.result?.payloads ?? undefined };
  const failed = closed.workflowExecutionFailedEventAttributes;
  if (failed) {
    if (retryPolicy && retryPolicy.maximumAttempts !== 1 && !failed.failure?.applicationFailureInfo?.nonRetryable)
      return { notRun: 'it fails, and its retry policy would start it again' };
    return { kind: 'failed', failure: failed.failure ?? {}, retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  }
  if (closed.workflowExecutionCanceledEventAttributes) return { kind: 'canceled' };
  return { notRun: 'it continues as new' };
}

/** The child's WorkflowExecutionStarted, as the server writes it from the parent's command. */
function startedEvent(parent: Parent, initiated: HistoryEvent, runId: string): HistoryEvent {
  const start = initiated.startChildWorkflowExecutionInitiatedEventAttributes!;
  return {
    eventId: long(1),
    eventTime: initiated.eventTime,
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    taskId: long(1),
    workflowExecutionStartedEventAttributes: {
      workflowType: start.workflowType,
      parentWorkflowNamespace: parent.namespace,
      parentWorkflowExecution: { workflowId: parent.workflowId, runId: parent.runId },
      parentInitiatedEventId: long(idOf(initiated.eventId)),
      taskQueue: start.taskQueue,
      input: start.input,
      workflowExecutionTimeout: start.workflowExecutionTimeout,
      workflowRunTimeout: start.workflowRunTimeout,
      workflowTaskTimeout: start.workflowTaskTimeout,
      originalExecutionRunId: runId,
      firstExecutionRunId: runId,
      identity: FAULT_REPLAY_IDENTITY,
      attempt: 1,
      retryPolicy: start.retryPolicy,
      header: start.header,
      memo: start.memo,
      searchAttributes: start.searchAttributes,
      workflowId: start.workflowId,
    },
  };
}

/** The run id the child is run as: from the parent's (itself made from the scenario) and where it started it. */
function childRunId(parentRunId: string, initiatedEventId: number): string {
  const hex = createHash('sha256').update(`${parentRunId}/${initiatedEventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The children a scenario's path starts past the recorded prefix, each run once as its
 * StartChildWorkflowExecutionInitiated is written: only those on the workflow's own task queue (the worker under test polls it; a child
 * sent elsewhere runs on a worker the tool does not have) and only on the built-in worker.
 */
export class ChildRuns {
  private readonly runs = new Map<number, ChildRun>();
  private scanned = 0;

  /** @param prefix the events the fault kept from the recorded history: the children they start are the recorded ones */
  constructor(
    private readonly parent: Omit<Parent, 'events'> & { taskQueue: string },
    prefix: number,
    private readonly engine: FollowEngine,
    private readonly options: FollowOptions,
  ) {
    this.scanned = engine.runsChildren ? prefix : Infinity;
  }

  get(initiatedEventId: number): ChildRun | undefined {
    return this.runs.get(initiatedEventId);
  }

  /** Why the open children that never close on their own do not (`; child workflow X (event N) never closes: …`). */
  neverClosing(open: OpenWork[]): string {
    return open
      .map((work) => {
        const run = work.kind === 'child' ? this.runs.get(idOf(work.event.eventId)) : undefined;
        return run && 'never' in run ? `; ${work.label} never closes: ${run.never}` : '';
      })
      .join('');
  }

  /** Runs the children the path started since the last call. */
  async runNew(path: HistoryEvent[], scenario: () => AnswerScenario): Promise<void> {
    for (; this.scanned < path.length; this.scanned++) {
      const initiated = path[this.scanned];
      const start = initiated.startChildWorkflowExecutionInitiatedEventAttributes;
      if (!start || start.taskQueue?.name !== this.parent.taskQueue) continue;
      const run = await runChild({ ...this.parent, events: path }, initiated, this.engine, this.options, scenario);
      this.runs.set(idOf(initiated.eventId), run);
    }
  }
}

function timeoutMs(timeout: Parameters<typeof durationMillis>[0]): number {
  return durationMillis(timeout) || Infinity;
}
