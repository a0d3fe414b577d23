import { HistoryBuilder, millisOf } from '../history/builder';
import { durationMillis } from '../history/durations';
import { EventType, HistoryEvent } from '../history/events';
import type { LoadedHistory } from '../model/history';
import { stepKind, type ActivityStep } from '../steps/steps';
import type { FaultKind } from './fault';
import { recordedPathNotRepeatable } from './fault';
import { startingTask, retriedAttempt, taskStartedAt, type RecordedTask } from './workflow-tasks';

/**
 * The recorded task the worker dies in: the one that handles the step's outcome (the first task
 * started after it), or for a local activity, which runs inside a workflow task, the task that ran it.
 */
function crashedTask(step: ActivityStep, events: HistoryEvent[]): RecordedTask | undefined {
  if (stepKind(step) === 'local-activity') return startingTask(step, events);
  const close = step.closeEventId ?? 0;
  if (!close) return undefined;
  const started = events.findIndex(
    (event, i) => i >= close && event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  );
  return started < 0 ? undefined : taskStartedAt(started + 1, events);
}

/**
 * What the server writes when the worker dies in the task: the task times out (START_TO_CLOSE,
 * after the task's timeout), and the server schedules it again on the workflow's normal queue.
 */
function inject(step: ActivityStep, history: LoadedHistory): HistoryEvent[] {
  const task = crashedTask(step, history.events)!;
  const builder = new HistoryBuilder(history.events.slice(0, task.startedId), history.events);
  const timesOutAt =
    millisOf(history.events[task.startedId - 1].eventTime) +
    (durationMillis(task.scheduled.startToCloseTimeout) || 10_000);
  builder.workflowTaskTimedOut(timesOutAt);
  builder.startWorkflowTask(0, 'normal', retriedAttempt(task));
  return builder.events;
}

/** `worker-crash`: the worker dies in the workflow task after the step (in the one running a local activity); the retried task must take the recorded path. */
export const workerCrash: FaultKind = {
  name: 'worker-crash',
  stepKinds: ['activity', 'child-workflow', 'timer', 'local-activity'],
  expectsSamePath: true,
  notApplicable(step, history) {
    const task = crashedTask(step, history.events);
    if (!task)
      return `no workflow task handled the step's outcome in the recorded history (${step.closeEventType ?? 'still open'})`;
    if (!history.events[task.startedId]?.workflowTaskCompletedEventAttributes)
      return `the recorded workflow task after the step (event ${task.startedId}) did not complete: there is no recorded answer to take again`;
    return recordedPathNotRepeatable(step, history);
  },
  inject,
};
