import { durationMillis } from '../history/durations';
import { eventTypeName, idOf, type HistoryEvent } from '../history/events';
import type { ActivityStep } from './steps';

/** `timer(2s)`, `timer(1.5s)`: what a timer step is called in reports and golden files. */
export function timerLabel(millis: number): string {
  return `timer(${millis / 1000}s)`;
}

/**
 * The timers a history started (`sleep`, `condition` with a timeout), each a step: a point where
 * the workflow waits, which outside faults (a cancellation, a signal) can hit while it is pending.
 */
export function timerSteps(events: HistoryEvent[]): ActivityStep[] {
  const steps: ActivityStep[] = [];
  const byStartedId = new Map<number, ActivityStep>();
  for (const event of events) {
    const started = event.timerStartedEventAttributes;
    if (started) {
      const step: ActivityStep = {
        kind: 'timer',
        index: steps.length + 1,
        activityType: timerLabel(durationMillis(started.startToFireTimeout)),
        activityId: started.timerId ?? '',
        scheduledEventId: idOf(event.eventId),
        ...(started.workflowTaskCompletedEventId != null
          ? { scheduledByTaskEventId: idOf(started.workflowTaskCompletedEventId) }
          : {}),
        timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 0, heartbeat: 0 },
      };
      steps.push(step);
      byStartedId.set(step.scheduledEventId, step);
      continue;
    }
    const closed = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
    const step = closed && byStartedId.get(idOf(closed.startedEventId));
    if (step) {
      step.closeEventId = idOf(event.eventId);
      step.closeEventType = eventTypeName(event.eventType);
    }
  }
  return steps;
}
