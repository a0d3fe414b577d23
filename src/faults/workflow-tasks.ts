import { temporal } from '@temporalio/proto';
import { idOf, type HistoryEvent } from '../history/events';
import type { ActivityStep } from '../steps/steps';

const TaskQueueKind = temporal.api.enums.v1.TaskQueueKind;

/** A recorded workflow task: its WorkflowTaskStarted's id, and its WorkflowTaskScheduled (id and attributes). */
export interface RecordedTask {
  startedId: number;
  scheduledId: number;
  scheduled: temporal.api.history.v1.IWorkflowTaskScheduledEventAttributes;
}

/** The recorded task whose WorkflowTaskStarted is event `startedId`. */
export function taskStartedAt(startedId: number, events: HistoryEvent[]): RecordedTask | undefined {
  const started = events[startedId - 1]?.workflowTaskStartedEventAttributes;
  const scheduledId = idOf(started?.scheduledEventId);
  const scheduled = events[scheduledId - 1]?.workflowTaskScheduledEventAttributes;
  return started && scheduled ? { startedId, scheduledId, scheduled } : undefined;
}

/**
 * The recorded task that started the step (scheduled an activity or a child, started a timer, ran a
 * local activity): the last task completed before the step's event. Found by position, not by the
 * events' links: the time-skipping test server links other events.
 */
export function startingTask(step: ActivityStep, events: HistoryEvent[]): RecordedTask | undefined {
  let completedId = 0;
  for (let i = step.scheduledEventId - 1; i >= 0 && !completedId; i--)
    if (events[i].workflowTaskCompletedEventAttributes) completedId = i + 1;
  return completedId ? taskStartedAt(completedId - 1, events) : undefined;
}

/**
 * The attempt of the task the server schedules after this one failed or timed out: it goes to the
 * workflow's normal queue; a task that ran on a sticky queue starts again at attempt 1 (the server
 * drops stickiness first), one on the normal queue (the first task) at its next attempt.
 */
export function retriedAttempt(task: RecordedTask): number {
  return task.scheduled.taskQueue?.kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY
    ? 1
    : (task.scheduled.attempt ?? 1) + 1;
}
