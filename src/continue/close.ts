import { temporal } from '@temporalio/proto';
import { EventType, long, RetryState, type Failure } from '../history/events';
import type { Close, FailureLevel } from '../model/observation';
import { failureType, type PayloadDecoder } from '../replay/decode';
import type { Command } from './commands/command-answer';
import { liveTaskQueue, type AnswerContext } from './context';

const CommandType = temporal.api.enums.v1.CommandType;
const CLOSING = new Set<number>([
  CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

/** Whether a command ends the workflow (a worker sends it last in its task). */
export function closingType(command: Command): boolean {
  return CLOSING.has(command.commandType ?? 0);
}

/** Writes the closing event a server records for a closing command, and returns the close as goldens show it. */
export function recordClose(command: Command, { builder, decoder, workflowTaskQueue }: AnswerContext): Close {
  const task = long(builder.lastWorkflowTaskCompletedId);
  if (command.completeWorkflowExecutionCommandAttributes) {
    const result = command.completeWorkflowExecutionCommandAttributes.result;
    builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
      workflowExecutionCompletedEventAttributes: {
        result: result?.payloads?.length ? result : undefined,
        workflowTaskCompletedEventId: task,
      },
    });
    return { status: 'completed', result: result?.payloads?.length ? decoder.value(result.payloads[0]) : null };
  }
  if (command.failWorkflowExecutionCommandAttributes) {
    const failure = command.failWorkflowExecutionCommandAttributes.failure;
    builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
      workflowExecutionFailedEventAttributes: {
        failure,
        workflowTaskCompletedEventId: task,
        retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET,
      },
    });
    return { status: 'failed', failure: failureLevels(failure, decoder) };
  }
  if (command.cancelWorkflowExecutionCommandAttributes) {
    const details = command.cancelWorkflowExecutionCommandAttributes.details?.payloads ?? [];
    builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, {
      workflowExecutionCanceledEventAttributes: {
        details: details.length ? { payloads: details } : undefined,
        workflowTaskCompletedEventId: task,
      },
    });
    return details.length ? { status: 'canceled', details: decoder.values(details) } : { status: 'canceled' };
  }
  const next = command.continueAsNewWorkflowExecutionCommandAttributes!;
  const taskQueue = liveTaskQueue(next.taskQueue?.name, workflowTaskQueue);
  const started = builder.events[0].workflowExecutionStartedEventAttributes;
  builder.append(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
    workflowExecutionContinuedAsNewEventAttributes: {
      newExecutionRunId: 'fault-replay-continued',
      workflowType: next.workflowType,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: next.input ?? { payloads: [] },
      header: next.header,
      // What the server fills in where the command leaves it: no run timeout, the run's task timeout.
      workflowRunTimeout: next.workflowRunTimeout ?? { seconds: long(0) },
      workflowTaskTimeout: next.workflowTaskTimeout ?? started?.workflowTaskTimeout,
      backoffStartInterval: next.backoffStartInterval ?? undefined,
      inheritBuildId: next.inheritBuildId,
      workflowTaskCompletedEventId: task,
    },
  });
  return {
    status: 'continued-as-new',
    workflowType: next.workflowType?.name ?? '',
    args: decoder.values(next.input?.payloads),
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
