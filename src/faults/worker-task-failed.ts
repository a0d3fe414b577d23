import { temporal } from '@temporalio/proto';
import { FAULT_REPLAY_IDENTITY, HistoryBuilder } from '../history/builder';
import { EventType, HistoryEvent, idOf, long } from '../history/events';
import type { LoadedHistory } from '../load/load';
import { taskFailureMessage } from '../record/task-failure-message';
import { stepCompleted, type ActivityStep, type StepKind } from '../steps/steps';
import { recordedPathNotRepeatable, samePointAsEarlierStep, type FaultKind } from './fault';

const TaskQueueKind = temporal.api.enums.v1.TaskQueueKind;

/** The steps a workflow task starts with a command of its own (`record --fail-task-scheduling` makes those tasks fail live). */
const TASK_FAILED_STEP_KINDS: readonly StepKind[] = ['activity', 'child-workflow', 'local-activity', 'timer'];

/**
 * The recorded task that scheduled the step: its WorkflowTaskStarted (the event before its
 * WorkflowTaskCompleted) and its WorkflowTaskScheduled. Found by position (the last task completed
 * before the step's event), not by the events' links: the time-skipping test server links other events.
 */
function schedulingTask(step: ActivityStep, events: HistoryEvent[]) {
  let completedId = 0;
  for (let i = step.scheduledEventId - 1; i >= 0 && !completedId; i--) if (events[i].workflowTaskCompletedEventAttributes) completedId = i + 1;
  const started = events[completedId - 2]?.workflowTaskStartedEventAttributes;
  const scheduledId = idOf(started?.scheduledEventId);
  const scheduled = events[scheduledId - 1]?.workflowTaskScheduledEventAttributes;
  return started && scheduled ? { startedId: completedId - 1, scheduledId, scheduled } : undefined;
}

/**
 * What the server writes when the worker fails the workflow task that schedules the step (an
 * unexpected error in the task: the SDK reports it failed): WorkflowTaskFailed, then the task again
 * on the workflow's normal queue. A task that ran on a sticky queue is retried as attempt 1 (the
 * server drops stickiness first); one on the normal queue (the first task) as the next attempt.
 */
function inject(step: ActivityStep, history: LoadedHistory): HistoryEvent[] {
  const task = schedulingTask(step, history.events)!;
  const builder = new HistoryBuilder(history.events.slice(0, task.startedId), history.events);
  const message = taskFailureMessage(step.activityType);
  builder.append(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
    workflowTaskFailedEventAttributes: {
      scheduledEventId: long(task.scheduledId),
      startedEventId: long(task.startedId),
      cause: temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
      failure: { message, source: 'TypeScriptSDK', stackTrace: `Error: ${message}\n    at ${FAULT_REPLAY_IDENTITY}` },
      identity: FAULT_REPLAY_IDENTITY,
    },
  });
  const sticky = task.scheduled.taskQueue?.kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY;
  builder.startWorkflowTask(0, 'normal', sticky ? 1 : (task.scheduled.attempt ?? 1) + 1);
  return builder.events;
}

/**
 * `worker-crash:task-failed`: the worker fails the workflow task that schedules the step (the first
 * task too, at step 1), and a worker takes the retried task: the path must not change. With
 * `worker-crash` (the task after each step's outcome times out) every workflow task is hit.
 */
export const workerTaskFailed: FaultKind = {
  name: 'worker-crash:task-failed',
  code: 'WF',
  stepKinds: TASK_FAILED_STEP_KINDS,
  expectsSamePath: true,
  notApplicable(step, history) {
    if (!schedulingTask(step, history.events)) return 'no recorded workflow task scheduled the step';
    if (!stepCompleted(step)) return `the recorded step did not complete (${step.closeEventType ?? 'still open'}): the path after the retried task would not be the recorded one`;
    return samePointAsEarlierStep(step, history, TASK_FAILED_STEP_KINDS) ?? recordedPathNotRepeatable(step, history);
  },
  inject,
};
