import { temporal } from '@temporalio/proto';
import { FAULT_REPLAY_IDENTITY, HistoryBuilder } from '../history/builder';
import { EventType, HistoryEvent, long } from '../history/events';
import type { LoadedHistory } from '../model/history';
import { taskFailureMessage } from '../record/task-failure-message';
import { stepCompleted, type ActivityStep, type StepKind } from '../steps/steps';
import { recordedPathNotRepeatable, samePointAsEarlierStep, type FaultKind } from './fault';
import { retriedAttempt, startingTask } from './workflow-tasks';

/** The steps a workflow task starts with a command of its own (`record --fail-task-scheduling` makes those tasks fail live). */
const TASK_FAILED_STEP_KINDS: readonly StepKind[] = ['activity', 'child-workflow', 'local-activity', 'timer'];

/**
 * What the server writes when the worker fails the workflow task that starts the step (an
 * unexpected error in the task: the SDK reports it failed): WorkflowTaskFailed, then the task again
 * on the workflow's normal queue.
 */
function inject(step: ActivityStep, history: LoadedHistory): HistoryEvent[] {
  const task = startingTask(step, history.events)!;
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
  builder.startWorkflowTask(0, 'normal', retriedAttempt(task));
  return builder.events;
}

/**
 * `worker-crash:task-failed`: the worker fails the workflow task that starts the step (the first
 * task too, at step 1), and a worker takes the retried task: the path must not change. With
 * `worker-crash` (the task after each step's outcome times out) every workflow task is hit.
 */
export const workerTaskFailed: FaultKind = {
  name: 'worker-crash:task-failed',
  code: 'WF',
  stepKinds: TASK_FAILED_STEP_KINDS,
  expectsSamePath: true,
  notApplicable(step, history) {
    if (!startingTask(step, history.events)) return 'no recorded workflow task scheduled the step';
    if (!stepCompleted(step))
      return `the recorded step did not complete (${step.closeEventType ?? 'still open'}): the path after the retried task would not be the recorded one`;
    return samePointAsEarlierStep(step, history, TASK_FAILED_STEP_KINDS) ?? recordedPathNotRepeatable(step, history);
  },
  inject,
};
