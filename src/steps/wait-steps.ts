import { eventTypeName, idOf, type HistoryEvent } from '../history/events';
import type { ActivityStep } from './steps';

/** The event was written by a command of the workflow task completed at `workflowTaskCompletedEventId`. */
export function isCommandOfTask(event: HistoryEvent, workflowTaskCompletedEventId: number): boolean {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value) {
      return (
        idOf((value as { workflowTaskCompletedEventId?: Long }).workflowTaskCompletedEventId) ===
        workflowTaskCompletedEventId
      );
    }
  }
  return false;
}

/**
 * Past the events the task's commands wrote (after its WorkflowTaskCompleted; the time-skipping
 * test server links them to the task's WorkflowTaskStarted instead).
 */
export function endOfTaskCommands(events: HistoryEvent[], completedId: number): number {
  let end = completedId;
  while (
    end < events.length &&
    (isCommandOfTask(events[end], completedId) || isCommandOfTask(events[end], completedId - 1))
  )
    end++;
  return end;
}

/** No step is open after event `eventId` (all those started by then have closed by then). */
export function nothingPending(steps: ActivityStep[], eventId: number): boolean {
  return steps.every(
    (step) => step.scheduledEventId > eventId || (step.closeEventId !== undefined && step.closeEventId <= eventId),
  );
}

/** What woke a waiting workflow in the recording: `wait(<signal name>)`, `wait(cancel)`. */
function wokenBy(event: HistoryEvent): string | undefined {
  const signal = event.workflowExecutionSignaledEventAttributes;
  if (signal) return signal.signalName ?? '';
  return event.workflowExecutionCancelRequestedEventAttributes ? 'cancel' : undefined;
}

/**
 * The waits of a history: a workflow task completed with nothing open afterwards (no activity,
 * child, timer), the workflow still running, until a signal or a cancellation request woke it, as
 * in a `condition()` without a timeout. Each is a step (`wait(<what woke it>)`), a point where only
 * a fault from outside the workflow (a cancellation, a signal) can land.
 */
export function waitSteps(events: HistoryEvent[], work: ActivityStep[]): ActivityStep[] {
  const steps: ActivityStep[] = [];
  events.forEach((event, i) => {
    if (!event.workflowTaskCompletedEventAttributes) return;
    const completedId = i + 1;
    const end = endOfTaskCommands(events, completedId);
    const woke = events[end] && wokenBy(events[end]);
    if (woke === undefined || !nothingPending(work, end)) return;
    steps.push({
      kind: 'wait',
      index: 0,
      activityType: `wait(${woke})`,
      activityId: '',
      scheduledEventId: completedId,
      scheduledByTaskEventId: completedId,
      closeEventId: end + 1,
      closeEventType: eventTypeName(events[end].eventType),
      timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 0, heartbeat: 0 },
    });
  });
  return steps;
}
