import { EventType, HistoryEvent, idOf, type Payload } from '../history/events';
import type { HistoryBuilder } from '../history/builder';

/**
 * When the workflow waits without a new command, a server would still answer the work already
 * open: activities scheduled in the same task as the faulted one (parallel steps), timers. This
 * answers the earliest open one, as the recorded history did where it has that answer.
 * Returns false when nothing is open: then the workflow really is stuck.
 */
export function answerEarliestOpenWork(
  builder: HistoryBuilder,
  recorded: HistoryEvent[],
  resultByType: Map<string, Payload[] | undefined>,
): boolean {
  const open = earliestOpen(builder.events);
  if (!open) return false;
  if (open.activityTaskScheduledEventAttributes) {
    const scheduledEventId = idOf(open.eventId);
    const type = open.activityTaskScheduledEventAttributes.activityType?.name ?? '';
    const started = builder.activityStarted(scheduledEventId);
    builder.activityCompleted(scheduledEventId, started, recordedResult(recorded, scheduledEventId) ?? resultByType.get(type));
  } else {
    const timer = open.timerStartedEventAttributes!;
    builder.timerFired(timer.timerId ?? '', idOf(open.eventId));
  }
  builder.workflowTask();
  return true;
}

function earliestOpen(events: HistoryEvent[]): HistoryEvent | undefined {
  const closed = new Set<number>();
  for (const event of events) {
    const attributes = closingAttributes(event);
    if (attributes) closed.add(idOf(attributes.scheduledEventId ?? attributes.startedEventId));
  }
  return events.find(
    (event) =>
      (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED || event.eventType === EventType.EVENT_TYPE_TIMER_STARTED) &&
      !closed.has(idOf(event.eventId)),
  );
}

/** The link from a closing event back to what it closes (activities by scheduled id, timers by started id). */
function closingAttributes(event: HistoryEvent): { scheduledEventId?: Long | null; startedEventId?: Long | null } | undefined {
  const activity =
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  if (activity) return { scheduledEventId: activity.scheduledEventId };
  const timer = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
  return timer ? { startedEventId: timer.startedEventId } : undefined;
}

function recordedResult(recorded: HistoryEvent[], scheduledEventId: number): Payload[] | undefined {
  const completed = recorded.find((e) => idOf(e.activityTaskCompletedEventAttributes?.scheduledEventId) === scheduledEventId);
  return completed?.activityTaskCompletedEventAttributes?.result?.payloads ?? undefined;
}
