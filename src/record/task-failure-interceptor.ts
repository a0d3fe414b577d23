/**
 * Bundled into the workflow code by `record --fail-task-scheduling X` (runs inside the workflow
 * sandbox): the first live workflow task whose commands schedule activity X (or start a child
 * workflow of type X, run local activity X, or start the timer the tool names X, `timer(2s)`) fails, as a worker
 * that hits an unexpected error in the task (the SDK reports the task failed; the server writes
 * WorkflowTaskFailed and retries the task). A sink tells the recorder first, so that it stops this
 * worker and lets one without this interceptor take the retried task. Which activity: the JSON the
 * recorder aliases as `fault-replay-task-failure`. Import nothing but the workflow API (and the message, a pure function).
 */
import { taskFailureMessage } from './task-failure-message';
import {
  proxySinks,
  workflowInfo,
  type ConcludeActivationInput,
  type Next,
  type Sinks,
  type WorkflowInterceptors,
  type WorkflowInternalsInterceptor,
} from '@temporalio/workflow';

export interface TaskFailureConfig {
  activityType: string;
}

export interface TaskFailureSinks extends Sinks {
  faultReplayTaskFailure: {
    /** This worker is about to fail a workflow task: it must take no other. */
    failing(activityType: string): void;
  };
}

const config = require('fault-replay-task-failure') as TaskFailureConfig;
const { faultReplayTaskFailure } = proxySinks<TaskFailureSinks>();

type Command = ConcludeActivationInput['commands'][number];
type Duration = NonNullable<NonNullable<Command['startTimer']>['startToFireTimeout']>;

/** A timer as the tool names it: timer(<seconds>s). */
function timerName(duration: Duration): string {
  return `timer(${Number(duration.seconds ?? 0) + (duration.nanos ?? 0) / 1e9}s)`;
}

function schedulesStep(command: Command): boolean {
  const timeout = command.startTimer?.startToFireTimeout;
  return [
    command.scheduleActivity?.activityType,
    command.startChildWorkflowExecution?.workflowType,
    command.scheduleLocalActivity?.activityType,
    timeout && timerName(timeout),
  ].includes(config.activityType);
}

class FailTaskScheduling implements WorkflowInternalsInterceptor {
  concludeActivation(input: ConcludeActivationInput, next: Next<WorkflowInternalsInterceptor, 'concludeActivation'>) {
    const schedules = input.commands.some(schedulesStep);
    if (schedules && !workflowInfo().unsafe.isReplaying) {
      faultReplayTaskFailure.failing(config.activityType);
      throw new Error(taskFailureMessage(config.activityType));
    }
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ internals: [new FailTaskScheduling()] });
