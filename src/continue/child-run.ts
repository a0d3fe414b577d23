import { temporal } from '@temporalio/proto';
import { HistoryBuilder, millisOf } from '../history/builder';
import type { ChildClose } from '../history/child-events';
import { EventType, idOf, long, RetryState, type HistoryEvent } from '../history/events';
import { FAULT_REPLAY_IDENTITY } from '../history/event-log';
import { durationMillis } from '../history/durations';
import type { FollowEngine } from './engine';
import { ExternalTargets } from './external-targets';
import { answerEarliest, OpenWorkIndex } from './open-work';
import { leftOpen } from './left-open';
import { childTimeout } from '../faults/child-faults';
import { recordCommands } from './record-commands';
import { Results, UnknownAnswer, type AnswerScenario } from './results';
import type { FollowOptions } from './follow';
import { localAnswer } from './local-answer';
import { runIdOf } from '../live/live-runs';

/**
 * What a child workflow the parent starts does, found by running it: its own workflow tasks on the
 * same live worker, its commands answered by the same rules as the parent's (recorded results do
 * not apply: the recorded history is the parent's), with no fault of its own.
 * - `closes`: how it closes, how long it took (workflow time, from its start), the answers it
 *   assumed (void results of types never recorded) and the work it left open at its close;
 * - `never`: it never closes on its own (its workflow task fails or does not yield, and it sets no
 *   timeout: the server retries the task for ever);
 * - `unknown`: what it does rests on an answer not known, or a crash or failure follows answers the
 *   tool assumed: the parent's scenario cannot run past the child's close;
 * - `notRun`: the tool cannot run it (a type the workflows module does not export, a command the
 *   tool cannot follow, a wait for a signal, a retried failure): answered as before (./child-runs.ts).
 */
export type ChildRun =
  | { closes: ChildClose; durationMs: number; invented: string[]; open?: string[] }
  | { never: string; atStart?: true }
  | { unknown: string }
  | { notRun: string };

/** What the SDK says when a workflow type is not exported (src/replay/observer-interceptor.ts says it too). */
const NOT_EXPORTED = /no such function is exported by the workflow bundle/;

export interface Parent {
  workflowId: string;
  /** The answers the parent's path assumed before it started the child. */
  assumed: string[];
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
  const named = `child workflow ${workflowType}`;
  // Answers assumed by the parent before it started the child (its input may come from them), or by the child.
  const assumed = () => [...new Set([...parent.assumed, ...results.invented])].sort();
  // What the child's own code does, unless an assumed answer may have caused it (an undefined result read): then not a fact.
  const fact = (ran: ChildRun, what: string): ChildRun => {
    const types = assumed();
    if (types.length === 0) return ran;
    return {
      unknown: `${named} ${what}, after answers the tool assumed (${types.join(', ')}): give them with --results`,
    };
  };
  const timeouts = timeoutsOf(start);
  const never = (why: string, round: number): ChildRun => {
    const timeout = childTimeout({ childTimeouts: timeouts, retryPolicy: start.retryPolicy ?? undefined });
    const closes = timeout && { kind: 'timed-out' as const, retryState: timeout.retryState };
    const stays = round === 1 ? { never: why, atStart: true as const } : { never: why };
    return fact(closes ? { closes, durationMs: timeout.afterMs, invented: [] } : stays, why);
  };
  try {
    for (let round = 1; round <= options.maxRounds; round++) {
      const answer = await engine.live.runTask({ ...run, events: builder.events });
      for (const type of answer.invented ?? []) results.invented.add(type);
      if ('timedOut' in answer) return never(`its workflow task does not yield: ${answer.timedOut}`, round);
      if ('lost' in answer) return { notRun: answer.lost };
      if (answer.unknown) return { unknown: `${named}: ${answer.unknown}` };
      if ('failed' in answer) {
        const message = answer.failed.failure?.message ?? 'the workflow task failed';
        if (round === 1 && NOT_EXPORTED.test(message)) return { notRun: 'the workflows module does not export it' };
        if (refusedByWorker(answer.failed.cause, message))
          return { notRun: `the worker refused the events written for its commands: ${message}` };
        return never(`its workflow task fails (the server retries it for ever): ${message}`, round);
      }
      builder.completeWorkflowTask(answer.completed.sdkMetadata ?? {});
      const recorded = recordCommands(answer.completed.commands, { ...context, localCalls: answer.localCalls });
      if (recorded.unsupported) return { notRun: `it issues a ${recorded.unsupported}` };
      if (recorded.close) {
        const closes = childClose(builder.events[builder.events.length - 1], start.retryPolicy);
        if ('notRun' in closes) return closes;
        const durationMs = millisOf(builder.events[builder.events.length - 1].eventTime) - startedAt;
        const limit = Math.min(...[timeouts.execution, timeouts.run].map((seconds) => seconds * 1000 || Infinity));
        if (durationMs > limit) return { notRun: 'it runs past its own timeout (the server would time it out)' };
        const open = leftOpen(work.list(), targets);
        const ran = { closes, durationMs, invented: [...results.invented].sort(), ...(open.length ? { open } : {}) };
        return closes.kind === 'completed' ? ran : fact(ran, `closes ${closes.kind}`);
      }
      // Run alone, it cannot hear from its parent (a signal may come later): not a fact about its close.
      if (!answerEarliest(builder, work, { results, targets }, []))
        return { notRun: 'it waits for something from outside' };
      builder.startWorkflowTask();
    }
    return { notRun: `still open after ${options.maxRounds} workflow tasks` };
  } catch (err) {
    if (err instanceof UnknownAnswer) return { unknown: `${named}: ${err.message}` };
    throw err;
  } finally {
    engine.live.forget(runId);
  }
}

/** A failure core raises about the events the tool wrote (not the child's code), as follow.ts's taskFailure reads it. */
function refusedByWorker(cause: number | null | undefined, message: string): boolean {
  return (
    cause === temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR ||
    /^Fatal error in workflow machines/.test(message)
  );
}

function timeoutsOf(start: temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes) {
  return {
    execution: durationMillis(start.workflowExecutionTimeout) / 1000,
    run: durationMillis(start.workflowRunTimeout) / 1000,
  };
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
    const failure = failed.failure ?? {};
    if (!retryPolicy) return { kind: 'failed', failure, retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
    if (failure.applicationFailureInfo?.nonRetryable)
      return { kind: 'failed', failure, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
    if (retryPolicy.maximumAttempts === 1)
      return { kind: 'failed', failure, retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
    return { notRun: 'it fails, and its retry policy would start it again' };
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
export function childRunId(parentRunId: string, initiatedEventId: number): string {
  return runIdOf(`${parentRunId}/${initiatedEventId}`);
}
