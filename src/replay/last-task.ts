import { temporal } from '@temporalio/proto';
import { attributesOf, idOf, type HistoryEvent } from '../history/events';

type Command = temporal.api.command.v1.ICommand;
type Attributes = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What core compares between a command and the event a server wrote for it, per kind: the event's
 * attributes, the command's, and the identity both carry (an activity's type and id, a timer's id…).
 */
const KINDS: Array<{ name: string; event: string; command: string; identity(attributes: Attributes): string }> = [
  {
    name: 'scheduleActivityTask',
    event: 'activityTaskScheduledEventAttributes',
    command: 'scheduleActivityTaskCommandAttributes',
    identity: (a) => `${a.activityType?.name} (activity id ${a.activityId})`,
  },
  {
    name: 'requestCancelActivityTask',
    event: 'activityTaskCancelRequestedEventAttributes',
    command: 'requestCancelActivityTaskCommandAttributes',
    identity: (a) => `of event ${idOf(a.scheduledEventId)}`,
  },
  {
    name: 'startTimer',
    event: 'timerStartedEventAttributes',
    command: 'startTimerCommandAttributes',
    identity: (a) => `${a.timerId}`,
  },
  {
    name: 'cancelTimer',
    event: 'timerCanceledEventAttributes',
    command: 'cancelTimerCommandAttributes',
    identity: (a) => `${a.timerId}`,
  },
  {
    name: 'completeWorkflowExecution',
    event: 'workflowExecutionCompletedEventAttributes',
    command: 'completeWorkflowExecutionCommandAttributes',
    identity: () => '',
  },
  {
    name: 'failWorkflowExecution',
    event: 'workflowExecutionFailedEventAttributes',
    command: 'failWorkflowExecutionCommandAttributes',
    // The failure itself: a worker set to fail the workflow on a nondeterminism error (Go's
    // FailWorkflow panic policy, Python's workflow_failure_exception_types) answers the proof with
    // a failure too, but not the path's own one.
    identity: (a) => `${a.failure?.applicationFailureInfo?.type ?? ''}: ${a.failure?.message ?? ''}`,
  },
  {
    name: 'cancelWorkflowExecution',
    event: 'workflowExecutionCanceledEventAttributes',
    command: 'cancelWorkflowExecutionCommandAttributes',
    identity: () => '',
  },
  {
    name: 'continueAsNewWorkflowExecution',
    event: 'workflowExecutionContinuedAsNewEventAttributes',
    command: 'continueAsNewWorkflowExecutionCommandAttributes',
    identity: (a) => `${a.workflowType?.name}`,
  },
  {
    name: 'recordMarker',
    event: 'markerRecordedEventAttributes',
    command: 'recordMarkerCommandAttributes',
    identity: (a) => `${a.markerName}`,
  },
  {
    name: 'startChildWorkflowExecution',
    event: 'startChildWorkflowExecutionInitiatedEventAttributes',
    command: 'startChildWorkflowExecutionCommandAttributes',
    identity: (a) => `${a.workflowType?.name}`,
  },
  {
    name: 'signalExternalWorkflowExecution',
    event: 'signalExternalWorkflowExecutionInitiatedEventAttributes',
    command: 'signalExternalWorkflowExecutionCommandAttributes',
    identity: (a) => `${a.signalName}`,
  },
  {
    name: 'requestCancelExternalWorkflowExecution',
    event: 'requestCancelExternalWorkflowExecutionInitiatedEventAttributes',
    command: 'requestCancelExternalWorkflowExecutionCommandAttributes',
    identity: () => '',
  },
  {
    name: 'upsertWorkflowSearchAttributes',
    event: 'upsertWorkflowSearchAttributesEventAttributes',
    command: 'upsertWorkflowSearchAttributesCommandAttributes',
    identity: () => '',
  },
  {
    name: 'modifyWorkflowProperties',
    event: 'workflowPropertiesModifiedEventAttributes',
    command: 'modifyWorkflowPropertiesCommandAttributes',
    identity: () => '',
  },
];

const byEvent = new Map(KINDS.map((kind) => [kind.event, kind]));

/** A command or its event as one line: its kind and identity. */
function line(kind: (typeof KINDS)[number], attributes: Attributes): string {
  return `${kind.name} ${kind.identity(attributes)}`.trim();
}

/** The last workflow task of a history that a worker completed: the history up to its WorkflowTaskStarted, and the commands it answered with, as lines. */
export interface LastTask {
  /** Events 1 to the task's WorkflowTaskStarted: a worker that does not hold the run replays every task before it and runs it live. */
  events: HistoryEvent[];
  /** What the worker answered, one line a command; undefined for an open task (the history ends with its WorkflowTaskStarted). */
  commands?: string[];
}

/** The last task to prove, or undefined when no workflow task was ever started. */
export function lastTask(events: HistoryEvent[]): LastTask | undefined {
  const isStarted = (event: HistoryEvent | undefined) => Boolean(event?.workflowTaskStartedEventAttributes);
  if (isStarted(events.at(-1))) return { events };
  for (let i = events.length - 2; i >= 0; i--) {
    const completed = events[i + 1].workflowTaskCompletedEventAttributes;
    if (!isStarted(events[i]) || !completed) continue;
    const completedId = idOf(events[i + 1].eventId);
    const commands = events.slice(i + 2).flatMap((event) => {
      const found = attributesOf(event);
      const kind = found && byEvent.get(found.key);
      return kind && idOf(found.attributes.workflowTaskCompletedEventId as never) === completedId
        ? [line(kind, found.attributes)]
        : [];
    });
    return { events: events.slice(0, i + 1), commands };
  }
  return undefined;
}

/** The commands a worker answered a task with, as lastTask's lines (a protocol message writes no event of its own here). */
export function commandLines(commands: Command[]): string[] {
  return commands.flatMap((command) => {
    const kind = KINDS.find((k) => (command as Attributes)[k.command]);
    return kind ? [line(kind, (command as Attributes)[kind.command])] : [];
  });
}
