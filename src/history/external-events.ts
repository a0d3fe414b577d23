import type { temporal } from '@temporalio/proto';
import type { HistoryBuilder } from './builder';
import { EventType, long } from './events';

type Execution = temporal.api.common.v1.IWorkflowExecution;
type SignalCommand = temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes;
type CancelCommand = temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes;

/**
 * The events a server writes for a workflow's signals to, and cancellations of, other workflows
 * (its children or any workflow id), with the fields the dev server records
 * (test/fixtures/external-commands/histories): the command's own event in the task that sent it,
 * then, once the server has tried the target, the outcome.
 */

function where(namespace: string | null | undefined, namespaceId: string | undefined) {
  return { namespace: namespace || 'default', ...(namespaceId ? { namespaceId } : {}) };
}

export function signalExternalInitiated(
  builder: HistoryBuilder,
  command: SignalCommand,
  namespaceId: string | undefined,
): number {
  return builder.append(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
    signalExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: long(builder.lastWorkflowTaskCompletedId),
      ...where(command.namespace, namespaceId),
      workflowExecution: command.execution,
      signalName: command.signalName,
      input: command.input,
      ...(command.control ? { control: command.control } : {}),
      ...(command.childWorkflowOnly ? { childWorkflowOnly: true } : {}),
      ...(Object.keys(command.header?.fields ?? {}).length ? { header: command.header } : {}),
    },
  });
}

export function requestCancelExternalInitiated(
  builder: HistoryBuilder,
  command: CancelCommand,
  namespaceId: string | undefined,
  reason: string,
): number {
  const workflowExecution: Execution = {
    workflowId: command.workflowId,
    ...(command.runId ? { runId: command.runId } : {}),
  };
  return builder.append(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
    requestCancelExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: long(builder.lastWorkflowTaskCompletedId),
      ...where(command.namespace, namespaceId),
      workflowExecution,
      ...(command.control ? { control: command.control } : {}),
      ...(command.childWorkflowOnly ? { childWorkflowOnly: true } : {}),
      ...(reason ? { reason } : {}),
    },
  });
}

/** How the server's attempt on the target ended: delivered, or failed with the cause it names. */
export type ExternalOutcome = { delivered: true } | { failedCause: number };

/** The outcome of a signal or cancellation the workflow sent (event `initiatedEventId`), as the server writes it. */
export function writeExternalOutcome(
  builder: HistoryBuilder,
  initiatedEventId: number,
  outcome: ExternalOutcome,
  notBefore = 0,
): number {
  const initiated = builder.events[initiatedEventId - 1];
  const signal = initiated?.signalExternalWorkflowExecutionInitiatedEventAttributes;
  const cancel = initiated?.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
  const sent = signal ?? cancel;
  if (!sent) throw new Error(`event ${initiatedEventId} is not a signal or cancellation of another workflow`);
  const common = {
    initiatedEventId: long(initiatedEventId),
    ...where(sent.namespace, sent.namespaceId ?? undefined),
    workflowExecution: sent.workflowExecution,
  };
  if ('delivered' in outcome) {
    return signal
      ? builder.append(
          EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
          {
            externalWorkflowExecutionSignaledEventAttributes: {
              ...common,
              ...(signal.control ? { control: signal.control } : {}),
            },
          },
          notBefore,
        )
      : builder.append(
          EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
          { externalWorkflowExecutionCancelRequestedEventAttributes: common },
          notBefore,
        );
  }
  const failed = { cause: outcome.failedCause, ...common, ...(sent.control ? { control: sent.control } : {}) };
  return signal
    ? builder.append(
        EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
        { signalExternalWorkflowExecutionFailedEventAttributes: failed },
        notBefore,
      )
    : builder.append(
        EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
        { requestCancelExternalWorkflowExecutionFailedEventAttributes: failed },
        notBefore,
      );
}

/** WorkflowPropertiesModified: the memo the workflow upserted, in the task that sent it. */
export function workflowPropertiesModified(
  builder: HistoryBuilder,
  upsertedMemo: temporal.api.common.v1.IMemo | null | undefined,
): number {
  return builder.append(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, {
    workflowPropertiesModifiedEventAttributes: {
      workflowTaskCompletedEventId: long(builder.lastWorkflowTaskCompletedId),
      upsertedMemo,
    },
  });
}
