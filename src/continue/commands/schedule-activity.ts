import type { coresdk } from '@temporalio/proto';
import type { ActivityOptions } from '../../judge/observation';
import { durationText } from '../../history/durations';
import { liveTaskQueue } from '../context';
import type { CommandAnswer } from './command-answer';

type Schedule = coresdk.workflow_commands.IScheduleActivity;


/** ActivityTaskScheduled, with every option the command sets: where and how the activity runs. */
export const scheduleActivity: CommandAnswer<'scheduleActivity'> = {
  kind: 'scheduleActivity',
  record(command, { builder, decoder, workflowTaskQueue }) {
    const taskQueue = liveTaskQueue(command.taskQueue, workflowTaskQueue);
    builder.activityScheduled({
      activityId: command.activityId,
      activityType: { name: command.activityType ?? '' },
      taskQueue: { name: taskQueue },
      header: { fields: command.headers ?? {} },
      input: { payloads: command.arguments ?? [] },
      scheduleToCloseTimeout: command.scheduleToCloseTimeout,
      scheduleToStartTimeout: command.scheduleToStartTimeout,
      startToCloseTimeout: command.startToCloseTimeout,
      heartbeatTimeout: command.heartbeatTimeout,
      retryPolicy: command.retryPolicy,
    });
    return { activity: command.activityType ?? '', args: decoder.values(command.arguments), options: activityOptions(command, taskQueue === workflowTaskQueue) };
  },
};

function activityOptions(command: Schedule, onWorkflowQueue: boolean): ActivityOptions {
  const options: ActivityOptions = { taskQueue: onWorkflowQueue ? "(workflow's)" : command.taskQueue! };
  const timeouts = {
    startToClose: command.startToCloseTimeout,
    scheduleToClose: command.scheduleToCloseTimeout,
    scheduleToStart: command.scheduleToStartTimeout,
    heartbeat: command.heartbeatTimeout,
  };
  for (const [name, value] of Object.entries(timeouts)) {
    const text = durationText(value);
    if (text) options[name as keyof typeof timeouts] = text;
  }
  const retry = retryText(command.retryPolicy);
  if (retry) options.retry = retry;
  if (command.cancellationType) options.cancellationType = String(command.cancellationType);
  return options;
}

function retryText(policy: Schedule['retryPolicy']): Record<string, unknown> | undefined {
  if (!policy) return undefined;
  const retry: Record<string, unknown> = {};
  const initial = durationText(policy.initialInterval);
  const maximum = durationText(policy.maximumInterval);
  if (initial) retry.initialInterval = initial;
  if (policy.backoffCoefficient) retry.backoffCoefficient = policy.backoffCoefficient;
  if (maximum) retry.maximumInterval = maximum;
  if (policy.maximumAttempts) retry.maximumAttempts = policy.maximumAttempts;
  if (policy.nonRetryableErrorTypes?.length) retry.nonRetryableErrorTypes = [...policy.nonRetryableErrorTypes];
  return Object.keys(retry).length ? retry : undefined;
}
