import type { ChildClose } from '../history/child-events';
import type { ExternalOutcome } from '../history/external-events';
import { idOf, type HistoryEvent } from '../history/events';

/**
 * What the recorded history shows of the other workflows this one signals or cancels: whether a
 * signal or cancellation to a workflow id reached it (or failed, and why), how a child of a type
 * closed once its parent asked for its cancellation, and which child types never close unless
 * cancelled. Past that, what another workflow does is its own code, which the tool does not run:
 * the answer is then unknown, and the path could not be followed (never a guess).
 */
export class ExternalTargets {
  /** Recorded outcomes by kind and target workflow id. */
  private readonly outcomes = new Map<string, ExternalOutcome>();
  private readonly closeAfterCancel = new Map<string, ChildClose>();
  private readonly closesOnItsOwn = new Set<string>();
  private readonly started = new Set<string>();
  private readonly runningAtClose = new Set<string>();

  constructor(recorded: HistoryEvent[]) {
    const initiated = (id: LongId) => recorded[idOf(id) - 1];
    const cancelRequested = new Set<string>();
    const closedIds = new Set<number>();
    for (const event of recorded) {
      const signaled =
        event.externalWorkflowExecutionSignaledEventAttributes ??
        event.signalExternalWorkflowExecutionFailedEventAttributes;
      if (signaled) this.remember('signal', initiated(signaled.initiatedEventId), event);
      const cancel =
        event.externalWorkflowExecutionCancelRequestedEventAttributes ??
        event.requestCancelExternalWorkflowExecutionFailedEventAttributes;
      if (cancel) this.remember('cancel', initiated(cancel.initiatedEventId), event);
      if (event.externalWorkflowExecutionCancelRequestedEventAttributes)
        cancelRequested.add(
          event.externalWorkflowExecutionCancelRequestedEventAttributes.workflowExecution?.workflowId ?? '',
        );
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (child) this.started.add(child.workflowType?.name ?? '');
      const close = childClose(event);
      if (!close) continue;
      closedIds.add(idOf(closedAttributes(event)?.initiatedEventId));
      const type = closedType(event);
      if (cancelRequested.has(closedWorkflowId(event))) {
        if (!this.closeAfterCancel.has(type)) this.closeAfterCancel.set(type, close);
      } else {
        this.closesOnItsOwn.add(type);
      }
    }
    for (const event of recorded) {
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (child && !closedIds.has(idOf(event.eventId))) this.runningAtClose.add(child.workflowType?.name ?? '');
    }
  }

  /**
   * A child type the recorded run itself left running when it closed (abandoned): one left running
   * on the path is how the workflow runs, not work it forgot (a type it cancelled when done is not this).
   */
  leftRunningOnRecord(type: string): boolean {
    return this.runningAtClose.has(type) && !this.closeAfterCancel.has(type);
  }

  /**
   * The outcome of a signal or cancellation sent to `workflowId` now: delivered to a child of this
   * workflow that is running on the path, else what the recorded history shows for the same target;
   * else why it is unknown.
   */
  outcome(kind: 'signal' | 'cancel', workflowId: string, path: HistoryEvent[]): ExternalOutcome | { unknown: string } {
    const child = runningChild(path, workflowId);
    if (child) {
      if (kind === 'signal') return { delivered: true };
      const type = child.workflowType?.name ?? '';
      if (this.closeAfterCancel.has(type)) return { delivered: true };
      return { unknown: `how child workflow ${type} closes once cancelled is not in the recorded history` };
    }
    return (
      this.outcomes.get(`${kind} ${workflowId}`) ?? {
        unknown: `whether workflow ${workflowId} runs, and what it does, is not in the recorded history`,
      }
    );
  }

  /** How a child of this type closed in the recorded history once cancelled. */
  childCloseAfterCancel(type: string): ChildClose | undefined {
    return this.closeAfterCancel.get(type);
  }

  /**
   * A child type the recorded history started and never saw close on its own (it ran on past the
   * workflow's close, or closed only when cancelled): the tool does not close it on its own either.
   */
  runsUntilCancelled(type: string): boolean {
    return this.started.has(type) && !this.closesOnItsOwn.has(type);
  }

  private remember(kind: 'signal' | 'cancel', initiated: HistoryEvent | undefined, outcome: HistoryEvent): void {
    const sent =
      initiated?.signalExternalWorkflowExecutionInitiatedEventAttributes ??
      initiated?.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
    const key = `${kind} ${sent?.workflowExecution?.workflowId ?? ''}`;
    if (this.outcomes.has(key)) return;
    const failed =
      outcome.signalExternalWorkflowExecutionFailedEventAttributes ??
      outcome.requestCancelExternalWorkflowExecutionFailedEventAttributes;
    this.outcomes.set(key, failed ? { failedCause: failed.cause ?? 0 } : { delivered: true });
  }
}

type LongId = Parameters<typeof idOf>[0];

/** The child of this workflow with that workflow id, started and not closed on the path. */
function runningChild(path: HistoryEvent[], workflowId: string) {
  let running: HistoryEvent['startChildWorkflowExecutionInitiatedEventAttributes'];
  let initiatedId = 0;
  for (const event of path) {
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (initiated?.workflowId === workflowId) [running, initiatedId] = [undefined, idOf(event.eventId)];
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (started && idOf(started.initiatedEventId) === initiatedId)
      running = path[initiatedId - 1].startChildWorkflowExecutionInitiatedEventAttributes;
    if (childClose(event) && closedWorkflowId(event) === workflowId) running = undefined;
  }
  return running;
}

function childClose(event: HistoryEvent): ChildClose | undefined {
  const completed = event.childWorkflowExecutionCompletedEventAttributes;
  if (completed) return { kind: 'completed', result: completed.result?.payloads ?? undefined };
  const failed = event.childWorkflowExecutionFailedEventAttributes;
  if (failed) return { kind: 'failed', failure: failed.failure ?? {}, retryState: failed.retryState ?? 0 };
  const timedOut = event.childWorkflowExecutionTimedOutEventAttributes;
  if (timedOut) return { kind: 'timed-out', retryState: timedOut.retryState ?? 0 };
  if (event.childWorkflowExecutionTerminatedEventAttributes) return { kind: 'terminated' };
  if (event.childWorkflowExecutionCanceledEventAttributes) return { kind: 'canceled' };
  return undefined;
}

function closedAttributes(event: HistoryEvent) {
  return (
    event.childWorkflowExecutionCompletedEventAttributes ??
    event.childWorkflowExecutionFailedEventAttributes ??
    event.childWorkflowExecutionTimedOutEventAttributes ??
    event.childWorkflowExecutionTerminatedEventAttributes ??
    event.childWorkflowExecutionCanceledEventAttributes
  );
}

function closedType(event: HistoryEvent): string {
  return closedAttributes(event)?.workflowType?.name ?? '';
}

function closedWorkflowId(event: HistoryEvent): string {
  return closedAttributes(event)?.workflowExecution?.workflowId ?? '';
}
