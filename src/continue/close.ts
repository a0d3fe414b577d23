import type { coresdk } from '@temporalio/proto';
import { EventType, long, RetryState, type Failure } from '../history/events';
import type { Close, FailureLevel } from '../judge/observation';
import { failureType, type PayloadDecoder } from '../replay/decode';
import { liveTaskQueue, type AnswerContext } from './context';

type Command = coresdk.workflow_commands.IWorkflowCommand;

/** Whether a command ends the workflow (core sends these last in a task: its MoveTerminalCommands flag). */
export function isClosing(command: Command): boolean {
  return Boolean(
    command.completeWorkflowExecution ?? command.failWorkflowExecution ?? command.cancelWorkflowExecution ?? command.continueAsNewWorkflowExecution,
  );
}

/** Writes the closing event a server records for a closing command, and returns the close as goldens show it. */
export function recordClose(command: Command, { builder, decoder, workflowTaskQueue }: AnswerContext): Close {
  const task = long(builder.lastWorkflowTaskCompletedId);
  if (command.completeWorkflowExecution) {
    const result = command.completeWorkflowExecution.result;
    builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
      workflowExecutionCompletedEventAttributes: { result: result ? { payloads: [result] } : undefined, workflowTaskCompletedEventId: task },
    });
    return { status: 'completed', result: result ? decoder.value(result) : null };
  }
  if (command.failWorkflowExecution) {
    const failure = command.failWorkflowExecution.failure;
    builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
      workflowExecutionFailedEventAttributes: { failure, workflowTaskCompletedEventId: task, retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET },
    });
    return { status: 'failed', failure: failureLevels(failure, decoder) };
  }
  if (command.cancelWorkflowExecution) {
    const details = command.cancelWorkflowExecution.details?.payloads ?? [];
    builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, {
      workflowExecutionCanceledEventAttributes: { details: details.length ? { payloads: details } : undefined, workflowTaskCompletedEventId: task },
    });
    return details.length ? { status: 'canceled', details: decoder.values(details) } : { status: 'canceled' };
  }
  const next = command.continueAsNewWorkflowExecution!;
  const taskQueue = liveTaskQueue(next.taskQueue, workflowTaskQueue);
  builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
    workflowExecutionContinuedAsNewEventAttributes: {
      newExecutionRunId: 'fault-replay-continued',
      workflowType: { name: next.workflowType },
      taskQueue: { name: taskQueue },
      input: { payloads: next.arguments ?? [] },
      workflowTaskCompletedEventId: task,
    },
  });
  return {
    status: 'continued-as-new',
    workflowType: next.workflowType ?? '',
    args: decoder.values(next.arguments),
    taskQueue: taskQueue === workflowTaskQueue ? "(workflow's)" : taskQueue,
  };
}

/** The whole failure chain, outermost first: type, message, and the non-retryable flag and details where set. */
export function failureLevels(failure: Failure | null | undefined, decoder: PayloadDecoder): FailureLevel[] {
  const levels: FailureLevel[] = [];
  for (let current = failure; current; current = current.cause) {
    const level: FailureLevel = { type: failureType(current), message: current.message ?? '' };
    const info = current.applicationFailureInfo;
    if (info?.nonRetryable) level.nonRetryable = true;
    if (info?.details?.payloads?.length) level.details = decoder.values(info.details.payloads);
    levels.push(level);
  }
  return levels;
}
