import { HistoryBuilder, millisOf } from '../history/builder';
import { durationMillis } from '../history/durations';
import { EventType, HistoryEvent } from '../history/events';
import type { LoadedHistory } from '../load/load';
import type { ActivityStep } from '../steps/steps';
import type { FaultKind } from './fault';
import { recordedPathNotRepeatable } from './fault';

/** The id of the recorded WorkflowTaskStarted of the task that handles the step's outcome (0: none). */
function answeringTaskStarted(step: ActivityStep, events: HistoryEvent[]): number {
  const close = step.closeEventId ?? 0;
  if (!close) return 0;
  const started = events.findIndex((event, i) => i >= close && event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  return started + 1;
}

/**
 * What the server writes when the worker dies in the workflow task that handles the step's
 * outcome: the task times out (START_TO_CLOSE, after the task's timeout), and the server
 * schedules it again on the workflow's normal queue (the dead worker's sticky queue is dropped).
 */
function inject(step: ActivityStep, history: LoadedHistory): HistoryEvent[] {
  const startedId = answeringTaskStarted(step, history.events);
  const builder = new HistoryBuilder(history.events.slice(0, startedId), history.events);
  const scheduled = history.events[startedId - 2]?.workflowTaskScheduledEventAttributes;
  const timesOutAt = millisOf(history.events[startedId - 1].eventTime) + (durationMillis(scheduled?.startToCloseTimeout) || 10_000);
  builder.workflowTaskTimedOut(timesOutAt);
  builder.startWorkflowTask(0, 'normal');
  return builder.events;
}

/** `worker-crash`: the worker dies in the workflow task after the step; the retried task must take the recorded path. */
export const workerCrash: FaultKind = {
  name: 'worker-crash',
  stepKinds: ['activity', 'child-workflow', 'timer'],
  expectsSamePath: true,
  notApplicable(step, history) {
    const startedId = answeringTaskStarted(step, history.events);
    if (!startedId) return `no workflow task handled the step's outcome in the recorded history (${step.closeEventType ?? 'still open'})`;
    if (!history.events[startedId]?.workflowTaskCompletedEventAttributes) return `the recorded workflow task after the step (event ${startedId}) did not complete: there is no recorded answer to take again`;
    return recordedPathNotRepeatable(step, history);
  },
  inject,
};

