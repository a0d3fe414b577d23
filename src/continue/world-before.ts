import { idOf, type HistoryEvent, type Payload } from '../history/events';
import { stable } from '../judge/render';
import { localActivityData } from '../steps/local-activity-steps';

/** How the calls' arguments and results read (decoded by the run's payload converter). */
export interface WorldReader {
  args(payloads: Payload[] | null | undefined): string;
  value(payloads: Payload[] | undefined): unknown;
}

/**
 * What the world has seen before an event: every call (activity, child, local activity) started
 * before it, with its arguments and how it ended (`= result`, `!` failed, `…` still running).
 * Two moments with the same list are the same world (results.ts answers a call there as recorded).
 */
export function worldBefore(events: HistoryEvent[], before: number, read: WorldReader): string[] {
  const calls: string[] = [];
  const at = new Map<number, number>();
  for (const event of events.slice(0, before - 1)) {
    const id = idOf(event.eventId);
    const scheduled = event.activityTaskScheduledEventAttributes;
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    const local = localActivityData(event);
    if (scheduled || initiated) {
      at.set(id, calls.length);
      calls.push(
        `${scheduled ? 'activity' : 'child'} ${activityTypeOf(event) ?? childTypeOf(event)} ${read.args((scheduled ?? initiated)!.input?.payloads)} …`,
      );
    } else if (local) {
      calls.push(
        `local ${local.activity_type} ${event.markerRecordedEventAttributes?.failure ? '!' : `= ${stable(read.value(event.markerRecordedEventAttributes?.details?.result?.payloads ?? undefined))}`}`,
      );
    }
    const completed =
      event.activityTaskCompletedEventAttributes ?? event.childWorkflowExecutionCompletedEventAttributes;
    const start = idOf(
      event.activityTaskCompletedEventAttributes?.scheduledEventId ??
        event.childWorkflowExecutionCompletedEventAttributes?.initiatedEventId ??
        closedStart(event),
    );
    const index = at.get(start);
    if (index !== undefined)
      calls[index] = calls[index].replace(
        / …$/,
        completed ? ` = ${stable(read.value(completed.result?.payloads ?? undefined))}` : ' !',
      );
  }
  return calls;
}

/** The start event of a call that ended otherwise than completed (failed, timed out, canceled, terminated). */
export function closedStart(event: HistoryEvent): number {
  const ended =
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  if (ended) return idOf(ended.scheduledEventId);
  const child =
    event.childWorkflowExecutionFailedEventAttributes ??
    event.childWorkflowExecutionTimedOutEventAttributes ??
    event.childWorkflowExecutionCanceledEventAttributes ??
    event.childWorkflowExecutionTerminatedEventAttributes ??
    event.startChildWorkflowExecutionFailedEventAttributes;
  return child ? idOf(child.initiatedEventId) : 0;
}

export function activityTypeOf(event: HistoryEvent): string | undefined {
  return event.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
}

export function childTypeOf(event: HistoryEvent): string | undefined {
  return event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ?? undefined;
}
