import type { PathFault } from '../faults/path-faults';
import { millisOf, type HistoryBuilder } from '../history/builder';
import { durationMillis } from '../history/durations';
import { writeChildClosed, writeChildStarted } from '../history/child-events';
import { idOf, type HistoryEvent, type LongLike } from '../history/events';
import { writeExternalOutcome } from '../history/external-events';
import { activityCanceled } from '../history/outside-events';
import type { ExternalTargets } from './external-targets';
import type { Results } from './results';
import type { ChildRuns } from './child-runs';

/** How long an answered activity takes, in workflow time: the server's clock moves while it runs. */
export const ACTIVITY_TIME_MS = 1_000;

/** How long an answered child workflow runs once started, in workflow time. */
export const CHILD_TIME_MS = 1_000;

export interface OpenWork {
  event: HistoryEvent;
  /**
   * A child is open twice: until the server starts it (`child-start`), then until it closes
   * (`child`). `external`: a signal or cancellation sent to another workflow, until the server
   * writes how it went.
   */
  kind: 'activity' | 'timer' | 'child-start' | 'child' | 'external';
  /** When the server would answer it (ms since the epoch); never (Infinity) for a child that runs until cancelled. */
  due: number;
  /** The ActivityTaskCancelRequested or ExternalWorkflowExecutionCancelRequested: the workflow asked for its cancellation. */
  cancelRequestedEventId?: number;
  /** It heartbeats (it sets a heartbeat timeout), so the cancellation reaches it: the attempt ends as canceled. */
  endsCanceled?: boolean;
  label: string;
  /** A started child's ChildWorkflowExecutionStarted. */
  startedEventId?: number;
}

/** How long started children run, and whether a cancellation reaches them (by initiating event). */
export interface ChildTiming {
  childTime(childType: string, initiatedEventId: number): number;
  ignoresCancel?(initiatedEventId: number): boolean;
}

/** What the open work is answered with: results of activities and children, and how other workflows answer. */
export interface Answers {
  results: Results;
  targets: ExternalTargets;
  /** The children the tool runs (./child-runs.ts): how each closes, and the run id the server gives it. */
  children?: Pick<ChildRuns, 'close' | 'runIdOf'>;
}

/**
 * Activities scheduled and never closed, timers started and never fired or cancelled, in event
 * order. It reads each event once, as the history grows: a long rollback costs no rescans.
 */
export class OpenWorkIndex {
  private readonly open = new Map<number, OpenWork>();
  private scanned = 0;

  /**
   * @param children how long a started child runs until it closes on its own (Infinity: never), by
   * its type and initiating event; and whether a cancellation never reaches it (its task fails for ever)
   */
  constructor(
    private readonly events: HistoryEvent[],
    private readonly children: ChildTiming = { childTime: () => CHILD_TIME_MS },
  ) {}

  list(): OpenWork[] {
    for (; this.scanned < this.events.length; this.scanned++) this.read(this.events[this.scanned]);
    return [...this.open.values()];
  }

  private read(event: HistoryEvent): void {
    const activity =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (activity) this.open.delete(idOf(activity.scheduledEventId));
    const closedTimer = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
    if (closedTimer) this.open.delete(idOf(closedTimer.startedEventId));
    this.readChild(event);
    this.readExternal(event);
    const cancel = event.activityTaskCancelRequestedEventAttributes;
    const pending = cancel && this.open.get(idOf(cancel.scheduledEventId));
    if (pending) {
      // Its next heartbeat carries the cancellation: it ends at once, before work that takes its time.
      // An activity that sets no heartbeat timeout is taken not to heartbeat: it never learns of the
      // cancellation and completes as it would have.
      const heartbeats = durationMillis(pending.event.activityTaskScheduledEventAttributes?.heartbeatTimeout) > 0;
      const due = heartbeats ? millisOf(event.eventTime) : pending.due;
      this.open.set(idOf(cancel!.scheduledEventId), {
        ...pending,
        due,
        cancelRequestedEventId: idOf(event.eventId),
        endsCanceled: heartbeats,
      });
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    const timer = event.timerStartedEventAttributes;
    if (scheduled) {
      const due = this.sentAt(event, scheduled.workflowTaskCompletedEventId) + ACTIVITY_TIME_MS;
      this.open.set(idOf(event.eventId), {
        event,
        kind: 'activity',
        due,
        label: `activity ${scheduled.activityType?.name} (event ${idOf(event.eventId)})`,
      });
    } else if (timer) {
      const due = this.sentAt(event, timer.workflowTaskCompletedEventId) + durationMillis(timer.startToFireTimeout);
      this.open.set(idOf(event.eventId), {
        event,
        kind: 'timer',
        due,
        label: `timer ${timer.timerId} (event ${idOf(event.eventId)})`,
      });
    }
  }

  private readChild(event: HistoryEvent): void {
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    const started = event.childWorkflowExecutionStartedEventAttributes;
    const closed =
      event.childWorkflowExecutionCompletedEventAttributes ??
      event.childWorkflowExecutionFailedEventAttributes ??
      event.childWorkflowExecutionCanceledEventAttributes ??
      event.childWorkflowExecutionTimedOutEventAttributes ??
      event.childWorkflowExecutionTerminatedEventAttributes ??
      event.startChildWorkflowExecutionFailedEventAttributes;
    if (closed) this.open.delete(idOf(closed.initiatedEventId));
    if (initiated) {
      const due = this.sentAt(event, initiated.workflowTaskCompletedEventId);
      this.open.set(idOf(event.eventId), {
        event,
        kind: 'child-start',
        due,
        label: `child workflow ${initiated.workflowType?.name} (event ${idOf(event.eventId)})`,
      });
    } else if (started) {
      const id = idOf(started.initiatedEventId);
      const open = this.open.get(id);
      const due = millisOf(event.eventTime) + this.children.childTime(started.workflowType?.name ?? '', id);
      if (open) this.open.set(id, { ...open, kind: 'child', due, startedEventId: idOf(event.eventId) });
    }
    const cancelled = event.externalWorkflowExecutionCancelRequestedEventAttributes;
    const child =
      cancelled &&
      [...this.open.entries()].find(
        ([, open]) =>
          open.kind === 'child' &&
          open.event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ===
            cancelled.workflowExecution?.workflowId,
      );
    // The child sees the cancellation and closes as the recorded history shows it closing once cancelled.
    if (child)
      this.open.set(child[0], {
        ...child[1],
        due: this.children.ignoresCancel?.(child[0]) ? Infinity : millisOf(event.eventTime) + CHILD_TIME_MS,
        cancelRequestedEventId: idOf(event.eventId),
      });
  }

  /** A signal or cancellation sent to another workflow: the server tries the target as soon as the task completes. */
  private readExternal(event: HistoryEvent): void {
    const done =
      event.externalWorkflowExecutionSignaledEventAttributes ??
      event.signalExternalWorkflowExecutionFailedEventAttributes ??
      event.externalWorkflowExecutionCancelRequestedEventAttributes ??
      event.requestCancelExternalWorkflowExecutionFailedEventAttributes;
    if (done) this.open.delete(idOf(done.initiatedEventId));
    const signal = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
    const cancel = event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
    const sent = signal ?? cancel;
    if (!sent) return;
    if (signal) this.retimeChild(sent.workflowExecution?.workflowId ?? '', millisOf(event.eventTime));
    const what = signal ? `signal ${signal.signalName} to` : 'cancellation of';
    const label = `${what} workflow ${sent.workflowExecution?.workflowId} (event ${idOf(event.eventId)})`;
    this.open.set(idOf(event.eventId), {
      event,
      kind: 'external',
      due: this.sentAt(event, sent.workflowTaskCompletedEventId),
      label,
    });
  }

  /** A running child its parent signals: its run (if any) no longer says how long it runs (./child-runs.ts). */
  private retimeChild(workflowId: string, at: number): void {
    for (const [id, open] of this.open) {
      const initiated = open.event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (open.kind !== 'child' || open.cancelRequestedEventId || initiated?.workflowId !== workflowId) continue;
      this.open.set(id, { ...open, due: at + this.children.childTime(initiated.workflowType?.name ?? '', id) });
    }
  }

  /** When the workflow task that sent the command completed: work sent together starts together. */
  private sentAt(event: HistoryEvent, taskCompletedEventId: LongLike | null | undefined): number {
    const task = this.events[idOf(taskCompletedEventId) - 1];
    return millisOf((task ?? event).eventTime);
  }
}

/**
 * Answers the open work that a server would answer first: everything due at the earliest due time
 * (activities complete, or fail under a path fault, or end as canceled when the workflow
 * asked; timers fire), and schedules the
 * workflow task they wake. Returns false when nothing is open: then the workflow waits for
 * something that never comes.
 *
 * How long a child workflow runs is not known (its own activities, a queue nobody polls yet): a
 * child closes only once the workflow waits on nothing but timers and children. A child the
 * workflow does not wait for is then still running when the workflow closes, as it is live
 * whenever the child is slower than the rest of the rollback (work-left-open, by its parent close
 * policy); a workflow that waits for its child takes the same path either way.
 */
export function answerEarliest(
  builder: HistoryBuilder,
  work: OpenWorkIndex,
  { results, targets, children }: Answers,
  faults: PathFault[],
): boolean {
  const open = work.list().filter((w) => Number.isFinite(w.due));
  if (open.length === 0) return false;
  const runningChild = (w: OpenWork) => w.kind === 'child' && !w.cancelRequestedEventId;
  const busy = open.some((w) => !runningChild(w) && w.kind !== 'timer');
  const answerable = busy ? open.filter((w) => !runningChild(w)) : open;
  const due = Math.min(...answerable.map((work) => work.due));
  for (const work of answerable.filter((w) => w.due === due)) {
    const eventId = idOf(work.event.eventId);
    const fault =
      work.kind === 'activity' || (work.kind === 'child' && !work.cancelRequestedEventId)
        ? faults.find((f) => f.fails(builder, eventId, work.event))
        : undefined;
    if (work.kind === 'timer') {
      builder.timerFired(work.event.timerStartedEventAttributes!.timerId ?? '', eventId);
    } else if (work.kind === 'child-start') {
      writeChildStarted(builder, eventId, 0, children?.runIdOf(eventId));
    } else if (work.kind === 'external') {
      writeExternalOutcome(builder, eventId, externalOutcome(work.event, builder, targets), due);
    } else if (work.kind === 'child' && fault) {
      fault.failAgain(builder, eventId, work.startedEventId);
    } else if (work.kind === 'child') {
      const type = work.event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ?? '';
      const cancelled = work.cancelRequestedEventId ? targets.childCloseAfterCancel(type) : undefined;
      writeChildClosed(
        builder,
        eventId,
        work.startedEventId ?? 0,
        cancelled ??
          children?.close(work.event, builder.events, results, work.label) ?? {
            kind: 'completed',
            result: results.forChild(work.event, builder.events),
          },
        due,
      );
    } else if (work.endsCanceled && work.cancelRequestedEventId) {
      activityCanceled(builder, eventId, work.cancelRequestedEventId, due);
    } else if (fault) {
      fault.failAgain(builder, eventId);
    } else {
      const failedOnRecord = results.recordedFailure(eventId, work.event);
      if (failedOnRecord) {
        const started = builder.activityStarted(eventId, failedOnRecord.attempt, failedOnRecord.lastFailure);
        builder.activityFailed(eventId, started, failedOnRecord.failure, failedOnRecord.retryState);
      } else {
        const started = builder.activityStarted(eventId);
        builder.activityCompleted(eventId, started, results.forActivity(eventId, work.event, builder.events), due);
      }
    }
    builder.scheduleWorkflowTask(); // on the first of them, as a server does; the others join that task
  }
  return true;
}

function externalOutcome(initiated: HistoryEvent, builder: HistoryBuilder, targets: ExternalTargets) {
  const signal = initiated.signalExternalWorkflowExecutionInitiatedEventAttributes;
  const sent = signal ?? initiated.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
  const workflowId = sent?.workflowExecution?.workflowId ?? '';
  const outcome = targets.outcome(signal ? 'signal' : 'cancel', workflowId, builder.events);
  // The command was answered only when its outcome was known; the target cannot change in between.
  if ('unknown' in outcome) throw new Error(`event ${idOf(initiated.eventId)}: ${outcome.unknown}`);
  return outcome;
}
