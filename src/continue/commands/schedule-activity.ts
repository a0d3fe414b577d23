import { temporal } from '@temporalio/proto';
import type { ActivityOptions } from '../../judge/observation';
import { durationText } from '../../history/durations';
import { liveTaskQueue } from '../context';
import type { CommandAnswer } from './command-answer';

type Schedule = temporal.api.command.v1.IScheduleActivityTaskCommandAttributes;

/** ActivityTaskScheduled, with every option the command sets: where and how the activity runs. */
export const scheduleActivity: CommandAnswer = {
  type: temporal.api.enums.v1.CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  record(command, { builder, decoder, workflowTaskQueue }) {
    const attributes = command.scheduleActivityTaskCommandAttributes!;
    const taskQueue = liveTaskQueue(attributes.taskQueue?.name, workflowTaskQueue);
    builder.activityScheduled({
      activityId: attributes.activityId,
      activityType: attributes.activityType,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      header: attributes.header ?? { fields: {} },
      input: attributes.input ?? { payloads: [] },
      scheduleToCloseTimeout: attributes.scheduleToCloseTimeout,
      scheduleToStartTimeout: attributes.scheduleToStartTimeout,
      startToCloseTimeout: attributes.startToCloseTimeout,
      heartbeatTimeout: attributes.heartbeatTimeout,
      retryPolicy: attributes.retryPolicy,
      useWorkflowBuildId: attributes.useWorkflowBuildId,
    });
    const args = decoder.values(attributes.input?.payloads);
    return { activity: attributes.activityType?.name ?? '', args, options: activityOptions(attributes, taskQueue === workflowTaskQueue) };
  },
};

function activityOptions(attributes: Schedule, onWorkflowQueue: boolean): ActivityOptions {
  const options: ActivityOptions = { taskQueue: onWorkflowQueue ? "(workflow's)" : attributes.taskQueue?.name ?? '' };
  const timeouts = {
    startToClose: attributes.startToCloseTimeout,
    scheduleToClose: attributes.scheduleToCloseTimeout,
    scheduleToStart: attributes.scheduleToStartTimeout,
    heartbeat: attributes.heartbeatTimeout,
  };
  for (const [name, value] of Object.entries(timeouts)) {
    const text = durationText(value);
    if (text) options[name as keyof typeof timeouts] = text;
  }
  const retry = retryText(attributes.retryPolicy);
  if (retry) options.retry = retry;
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
