import { temporal } from '@temporalio/proto';
import type { HistoryBuilder } from './builder';
import { EventType, idOf, long, type Failure, type HistoryEvent, type Payload } from './events';

type Initiated = temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes;
type RetryState = temporal.api.enums.v1.RetryState;

/** How a child workflow closes, as the server writes it in the parent's history. */
export type ChildClose =
  | { kind: 'completed'; result: Payload[] | undefined }
  | { kind: 'failed'; failure: Failure; retryState: RetryState }
  | { kind: 'timed-out'; retryState: RetryState }
  | { kind: 'terminated' }
  | { kind: 'canceled' };

/** The namespace id the recording server gave, read from any event that carries one (the tool cannot make it up). */
export function recordedNamespaceId(events: HistoryEvent[]): string | undefined {
  for (const event of events) {
    const id =
      event.startChildWorkflowExecutionInitiatedEventAttributes?.namespaceId ??
      event.childWorkflowExecutionStartedEventAttributes?.namespaceId;
    if (id) return id;
  }
  return undefined;
}

function initiatedOf(builder: HistoryBuilder, initiatedEventId: number): Initiated {
  const initiated = builder.events[initiatedEventId - 1]?.startChildWorkflowExecutionInitiatedEventAttributes;
  if (!initiated) throw new Error(`event ${initiatedEventId} is not a StartChildWorkflowExecutionInitiated`);
  return initiated;
}

/** The child's identity as every later child event repeats it. */
function childIdentity(initiated: Initiated) {
  return { namespace: initiated.namespace, ...(initiated.namespaceId ? { namespaceId: initiated.namespaceId } : {}) };
}

/** The run id the tool gives a child it starts (a server makes one up too). */
export function childRunId(initiatedEventId: number): string {
  return `fault-replay-child-${initiatedEventId}`;
}

/** ChildWorkflowExecutionStarted: the server started the child (its run id made up here). */
export function writeChildStarted(
  builder: HistoryBuilder,
  initiatedEventId: number,
  notBefore = 0,
  runId = childRunId(initiatedEventId),
): number {
  const initiated = initiatedOf(builder, initiatedEventId);
  return builder.append(
    EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
    {
      childWorkflowExecutionStartedEventAttributes: {
        ...childIdentity(initiated),
        initiatedEventId: long(initiatedEventId),
        workflowExecution: { workflowId: initiated.workflowId, runId },
        workflowType: initiated.workflowType,
        header: {},
      },
    },
    notBefore,
  );
}

/** The event the server writes when the started child closes, however it closes. */
export function writeChildClosed(
  builder: HistoryBuilder,
  initiatedEventId: number,
  startedEventId: number,
  close: ChildClose,
  notBefore = 0,
): number {
  const initiated = initiatedOf(builder, initiatedEventId);
  const run = builder.events[startedEventId - 1]?.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
  const common = {
    ...childIdentity(initiated),
    workflowExecution: run ?? { workflowId: initiated.workflowId, runId: childRunId(initiatedEventId) },
    workflowType: initiated.workflowType,
    initiatedEventId: long(initiatedEventId),
    startedEventId: long(startedEventId),
  };
  switch (close.kind) {
    case 'completed':
      return builder.append(
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
        {
          childWorkflowExecutionCompletedEventAttributes: {
            result: close.result ? { payloads: close.result } : undefined,
            ...common,
          },
        },
        notBefore,
      );
    case 'failed':
      return builder.append(
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
        {
          childWorkflowExecutionFailedEventAttributes: {
            failure: close.failure,
            ...common,
            retryState: close.retryState,
          },
        },
        notBefore,
      );
    case 'timed-out':
      return builder.append(
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
        { childWorkflowExecutionTimedOutEventAttributes: { ...common, retryState: close.retryState } },
        notBefore,
      );
    case 'terminated':
      return builder.append(
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
        { childWorkflowExecutionTerminatedEventAttributes: common },
        notBefore,
      );
    case 'canceled':
      return builder.append(
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
        { childWorkflowExecutionCanceledEventAttributes: common },
        notBefore,
      );
  }
}

/** The started event of a child, by its initiating event (0 when it never started). */
export function childStartedEventId(events: HistoryEvent[], initiatedEventId: number): number {
  const started = events.find(
    (e) => idOf(e.childWorkflowExecutionStartedEventAttributes?.initiatedEventId) === initiatedEventId,
  );
  return started ? idOf(started.eventId) : 0;
}
