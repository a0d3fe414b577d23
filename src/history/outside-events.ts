import type { temporal } from '@temporalio/proto';
import { FAULT_REPLAY_IDENTITY, type HistoryBuilder } from './builder';
import { EventType, long } from './events';

/**
 * The events a server writes for what reaches a workflow from outside its own commands (a client
 * cancelling or signalling it), and for a cancellation the workflow asks of its activities,
 * with the fields a dev server records (test/fixtures/cancel-saga/histories).
 */

/** A client asked for the workflow's cancellation (no cause, no external workflow). */
export function workflowCancelRequested(builder: HistoryBuilder): number {
  return builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
    workflowExecutionCancelRequestedEventAttributes: { identity: FAULT_REPLAY_IDENTITY },
  });
}

/** A client sent the workflow a signal. */
export function workflowSignaled(
  builder: HistoryBuilder,
  signalName: string,
  input: temporal.api.common.v1.IPayloads,
  header: temporal.api.common.v1.IHeader = {},
): number {
  return builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
    workflowExecutionSignaledEventAttributes: {
      signalName,
      input,
      identity: FAULT_REPLAY_IDENTITY,
      header,
      requestId: `fault-replay-${builder.lastId + 1}`,
    },
  });
}

/** The RequestCancelActivityTask command's own event, written with the task that sent it. */
export function activityCancelRequested(builder: HistoryBuilder, scheduledEventId: number): number {
  return builder.append(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, {
    activityTaskCancelRequestedEventAttributes: {
      scheduledEventId: long(scheduledEventId),
      workflowTaskCompletedEventId: long(builder.lastWorkflowTaskCompletedId),
    },
  });
}

/**
 * The running attempt saw the cancellation at its next heartbeat and ended as canceled: its
 * ActivityTaskStarted (attempt 1, no worker version: the attempt did not complete), then
 * ActivityTaskCanceled naming the cancel request.
 */
export function activityCanceled(
  builder: HistoryBuilder,
  scheduledEventId: number,
  cancelRequestedEventId: number,
  notBefore = 0,
): number {
  const startedEventId = builder.activityStarted(scheduledEventId, 1, undefined, false, notBefore);
  return builder.append(
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
    {
      activityTaskCanceledEventAttributes: {
        latestCancelRequestedEventId: long(cancelRequestedEventId),
        scheduledEventId: long(scheduledEventId),
        startedEventId: long(startedEventId),
        identity: FAULT_REPLAY_IDENTITY,
      },
    },
    notBefore,
  );
}
