import { durationMillis } from '../history/durations';
import { eventTypeName, idOf, type HistoryEvent } from '../history/events';
import type { ActivityStep } from './steps';

/** The attributes of every event that closes a child workflow (all name the initiating event). */
function childClose(event: HistoryEvent): { initiatedEventId?: Long | null } | undefined {
  return (
    event.childWorkflowExecutionCompletedEventAttributes ??
    event.childWorkflowExecutionFailedEventAttributes ??
    event.childWorkflowExecutionCanceledEventAttributes ??
    event.childWorkflowExecutionTimedOutEventAttributes ??
    event.childWorkflowExecutionTerminatedEventAttributes ??
    event.startChildWorkflowExecutionFailedEventAttributes ??
    undefined
  );
}

/** The child workflows a history started, each a step (its type and id as the step's). */
export function childWorkflowSteps(events: HistoryEvent[]): ActivityStep[] {
  const steps: ActivityStep[] = [];
  const byInitiatedId = new Map<number, ActivityStep>();
  for (const event of events) {
    const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (initiated) {
      const step: ActivityStep = {
        kind: 'child-workflow',
        index: steps.length + 1,
        activityType: initiated.workflowType?.name ?? '',
        activityId: initiated.workflowId ?? '',
        scheduledEventId: idOf(event.eventId),
        ...(initiated.workflowTaskCompletedEventId != null
          ? { scheduledByTaskEventId: idOf(initiated.workflowTaskCompletedEventId) }
          : {}),
        retryPolicy: initiated.retryPolicy ?? undefined,
        timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 0, heartbeat: 0 },
        childTimeouts: {
          execution: durationMillis(initiated.workflowExecutionTimeout) / 1000,
          run: durationMillis(initiated.workflowRunTimeout) / 1000,
        },
      };
      steps.push(step);
      byInitiatedId.set(step.scheduledEventId, step);
      continue;
    }
    const started = event.childWorkflowExecutionStartedEventAttributes;
    const step = byInitiatedId.get(idOf((started ?? childClose(event))?.initiatedEventId));
    if (!step) continue;
    if (started) {
      step.startedEventId = idOf(event.eventId);
    } else {
      step.closeEventId = idOf(event.eventId);
      step.closeEventType = eventTypeName(event.eventType);
    }
  }
  return steps;
}
