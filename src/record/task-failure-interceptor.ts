/**
 * Bundled into the workflow code by `record --fail-task-scheduling X` (runs inside the workflow
 * sandbox): the first live workflow task whose commands schedule activity X (or start a child
 * workflow of type X) fails, as a worker
 * that hits an unexpected error in the task (the SDK reports the task failed; the server writes
 * WorkflowTaskFailed and retries the task). A sink tells the recorder first, so that it stops this
 * worker and lets one without this interceptor take the retried task. Which activity: the JSON the
 * recorder aliases as `fault-replay-task-failure`. Import nothing but the workflow API (and the message, a pure function).
 */
import { taskFailureMessage } from './task-failure-message';
import { proxySinks, workflowInfo, type ConcludeActivationInput, type Next, type Sinks, type WorkflowInterceptors, type WorkflowInternalsInterceptor } from '@temporalio/workflow';

export interface TaskFailureConfig {
  activityType: string;
}

export interface TaskFailureSinks extends Sinks {
  faultReplayTaskFailure: {
    /** This worker is about to fail a workflow task: it must take no other. */
    failing(activityType: string): void;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('fault-replay-task-failure') as TaskFailureConfig;
const { faultReplayTaskFailure } = proxySinks<TaskFailureSinks>();

class FailTaskScheduling implements WorkflowInternalsInterceptor {
  concludeActivation(input: ConcludeActivationInput, next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>) {
    const schedules = input.commands.some((command) => command.scheduleActivity?.activityType === config.activityType || command.startChildWorkflowExecution?.workflowType === config.activityType);
    if (schedules && !workflowInfo().unsafe.isReplaying) {
      faultReplayTaskFailure.failing(config.activityType);
      throw new Error(taskFailureMessage(config.activityType));
    }
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ internals: [new FailTaskScheduling()] });
