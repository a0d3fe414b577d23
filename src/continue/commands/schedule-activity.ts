import { temporal } from '@temporalio/proto';
import type { ActivityOptions } from '../../model/observation';
import { durationMillis, durationText } from '../../history/durations';
import { long } from '../../history/events';
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
      // A call with no arguments has no input on the server's event (not an empty list).
      ...(attributes.input?.payloads?.length ? { input: attributes.input } : {}),
      ...withServerDefaults(attributes),
      useWorkflowBuildId: attributes.useWorkflowBuildId,
      // The server writes the command's priority as sent (the Python SDK sends an empty one).
      ...(attributes.priority ? { priority: attributes.priority } : {}),
    });
    const args = decoder.values(attributes.input?.payloads);
    return {
      activity: attributes.activityType?.name ?? '',
      args,
      options: activityOptions(attributes, taskQueue === workflowTaskQueue),
    };
  },
};

/**
 * The timeouts and retry policy as the server records them where the command leaves them unset:
 * zero for no timeout, start-to-close and schedule-to-start bounded by schedule-to-close, and the
 * default retry policy (1 s initial interval, backoff 2, at most 100 times the initial interval).
 * What goldens show comes from the command itself (activityOptions), not from these.
 */
function withServerDefaults(
  attributes: Schedule,
): Pick<
  Schedule,
  'scheduleToCloseTimeout' | 'scheduleToStartTimeout' | 'startToCloseTimeout' | 'heartbeatTimeout' | 'retryPolicy'
> {
  const millis = (duration: Schedule['startToCloseTimeout']) => durationMillis(duration);
  const zero = { seconds: long(0), nanos: 0 };
  const scheduleToClose = millis(attributes.scheduleToCloseTimeout) ? attributes.scheduleToCloseTimeout : zero;
  const bounded = (duration: Schedule['startToCloseTimeout']) => (millis(duration) ? duration : scheduleToClose);
  const policy = attributes.retryPolicy ?? {};
  const initialInterval = millis(policy.initialInterval) ? policy.initialInterval : { seconds: long(1), nanos: 0 };
  const maximumMillis = millis(policy.maximumInterval) || 100 * millis(initialInterval);
  return {
    scheduleToCloseTimeout: scheduleToClose,
    scheduleToStartTimeout: bounded(attributes.scheduleToStartTimeout),
    startToCloseTimeout: bounded(attributes.startToCloseTimeout),
    heartbeatTimeout: millis(attributes.heartbeatTimeout) ? attributes.heartbeatTimeout : zero,
    retryPolicy: {
      ...policy,
      initialInterval,
      backoffCoefficient: policy.backoffCoefficient || 2,
      maximumInterval: { seconds: long(Math.floor(maximumMillis / 1000)), nanos: (maximumMillis % 1000) * 1e6 },
      maximumAttempts: policy.maximumAttempts ?? 0,
    },
  };
}

function activityOptions(attributes: Schedule, onWorkflowQueue: boolean): ActivityOptions {
  const options: ActivityOptions = { taskQueue: onWorkflowQueue ? "(workflow's)" : (attributes.taskQueue?.name ?? '') };
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

/** A retry policy as goldens show it: only what is set, durations as text. */
export function retryText(policy: Schedule['retryPolicy']): Record<string, unknown> | undefined {
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
