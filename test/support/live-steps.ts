/**
 * The steps of a live history beyond plain activities: local activities (their markers), child
 * workflows, timers, and every step in the order the workflow ran them.
 */
import { decodePayloads, LiveEvent, scheduledActivities } from './live-history';

export interface LocalActivityMarker {
  activity: string;
  markerId: number;
  /** The `WorkflowTaskCompleted` event of the task that recorded it. */
  task: number;
  attempt: number;
  /** The failure it ended with (raw JSON), or undefined when it completed. */
  failure: Record<string, any> | undefined;
  result: unknown[];
}

export interface ChildWorkflow {
  workflowType: string;
  workflowId: string;
  initiatedId: number;
  task: number;
  taskQueue: string;
  parentClosePolicy: string;
  input: unknown[];
  started: boolean;
  /** The event that closed it in the parent's history (`CHILD_WORKFLOW_EXECUTION_COMPLETED`, `…_FAILED`, …), if any. */
  closedBy: LiveEvent | undefined;
}

export interface LiveTimer {
  timerId: string;
  startedId: number;
  startToFireTimeout: string;
  fired: boolean;
  canceled: boolean;
}

export interface LiveStep {
  name: string;
  kind: 'activity' | 'local activity' | 'child workflow';
  /** The event that issued it: ActivityTaskScheduled, MarkerRecorded or StartChildWorkflowExecutionInitiated. */
  id: number;
  task: number;
}

export function localActivityMarkers(events: LiveEvent[]): LocalActivityMarker[] {
  return events
    .filter((event) => event.type === 'MARKER_RECORDED' && event.attributes.markerName === 'core_local_activity')
    .map((event) => {
      const details = event.attributes.details ?? {};
      const [data] = decodePayloads(details.data) as Array<{ activity_type: string; attempt: number }>;
      return {
        activity: data.activity_type,
        markerId: event.id,
        task: Number(event.attributes.workflowTaskCompletedEventId),
        attempt: data.attempt,
        failure: event.attributes.failure,
        result: decodePayloads(details.result),
      };
    });
}

const CHILD_CLOSES = ['COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'TIMED_OUT'].map(
  (s) => `CHILD_WORKFLOW_EXECUTION_${s}`,
);

export function childWorkflows(events: LiveEvent[]): ChildWorkflow[] {
  return events
    .filter((event) => event.type === 'START_CHILD_WORKFLOW_EXECUTION_INITIATED')
    .map((event) => {
      const a = event.attributes;
      const after = (types: string[]) =>
        events.find((e) => types.includes(e.type) && Number(e.attributes.initiatedEventId) === event.id);
      return {
        workflowType: a.workflowType.name,
        workflowId: a.workflowId,
        initiatedId: event.id,
        task: Number(a.workflowTaskCompletedEventId),
        taskQueue: a.taskQueue.name,
        parentClosePolicy: a.parentClosePolicy,
        input: decodePayloads(a.input),
        started: after(['CHILD_WORKFLOW_EXECUTION_STARTED']) !== undefined,
        closedBy: after(CHILD_CLOSES),
      };
    });
}

export function timers(events: LiveEvent[]): LiveTimer[] {
  return events
    .filter((event) => event.type === 'TIMER_STARTED')
    .map((event) => {
      const after = (type: string) =>
        events.some((e) => e.type === type && Number(e.attributes.startedEventId) === event.id);
      return {
        timerId: event.attributes.timerId,
        startedId: event.id,
        startToFireTimeout: event.attributes.startToFireTimeout,
        fired: after('TIMER_FIRED'),
        canceled: after('TIMER_CANCELED'),
      };
    });
}

/** Every activity, local activity and child workflow the workflow ran, in history order, after event `afterId`. */
export function stepsAfter(events: LiveEvent[], afterId = 0): LiveStep[] {
  const steps: LiveStep[] = [
    ...scheduledActivities(events).map((a) => ({
      name: a.activity,
      kind: 'activity' as const,
      id: a.scheduledId,
      task: a.task,
    })),
    ...localActivityMarkers(events).map((m) => ({
      name: m.activity,
      kind: 'local activity' as const,
      id: m.markerId,
      task: m.task,
    })),
    ...childWorkflows(events).map((c) => ({
      name: c.workflowType,
      kind: 'child workflow' as const,
      id: c.initiatedId,
      task: c.task,
    })),
  ];
  return steps.filter((step) => step.id > afterId).sort((a, b) => a.id - b.id);
}

export function stepNamesAfter(events: LiveEvent[], afterId = 0): string[] {
  return stepsAfter(events, afterId).map((step) => step.name);
}
