import type { google, temporal } from '@temporalio/proto';
import { EventType, HistoryEvent, eventTypeName, idOf } from '../history/events';

export type RetryPolicy = temporal.api.common.v1.IRetryPolicy;

/**
 * What a step is: an activity, a child workflow, a local activity (run in the worker, recorded as a
 * marker), a timer, or a wait with nothing open (a `condition()` without a timeout); only faults
 * from outside the workflow hit timers and waits.
 */
export type StepKind = 'activity' | 'child-workflow' | 'local-activity' | 'timer' | 'wait';

/**
 * A unit of work the workflow started and the server (or, for a local activity, the worker)
 * answered: the unit a fault is injected at. Named for activities, its first kind; every field
 * reads the same for the other kinds (a child workflow's type and id, a local activity's marker).
 */
export interface ActivityStep {
  /** Absent: an activity (steps of the first kind read as they always did). */
  kind?: StepKind;
  /** 1-based position among the history's steps, in the order they were started. */
  index: number;
  /** The activity type, or the child's workflow type. */
  activityType: string;
  /** The activity id, the child's workflow id, or the local activity's id. */
  activityId: string;
  /** ActivityTaskScheduled, StartChildWorkflowExecutionInitiated, the local activity's MarkerRecorded, TimerStarted, or a wait's WorkflowTaskCompleted. */
  scheduledEventId: number;
  /** The `WorkflowTaskCompleted` event of the workflow task that scheduled it (steps started together share it). */
  scheduledByTaskEventId?: number;
  startedEventId?: number;
  closeEventId?: number;
  /** e.g. ActivityTaskCompleted; undefined while the activity was still open when the history ends. */
  closeEventType?: string;
  retryPolicy?: RetryPolicy;
  timeouts: ActivityTimeouts;
  /** A child workflow's execution and run timeouts, in seconds (0: none). */
  childTimeouts?: { execution: number; run: number };
}

/** Seconds; 0 where the option is not set. */
export interface ActivityTimeouts {
  scheduleToClose: number;
  scheduleToStart: number;
  startToClose: number;
  heartbeat: number;
}

const ACTIVITY_CLOSE = new Set([
  EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
  EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
]);

export type Step = ActivityStep;

export function stepKind(step: ActivityStep): StepKind {
  return step.kind ?? 'activity';
}

/** The step ended well: the activity or child completed, the local activity's marker holds a result, the timer fired. */
export function stepCompleted(step: ActivityStep): boolean {
  return COMPLETIONS.has(step.closeEventType ?? '');
}

const COMPLETIONS = new Set([
  'ActivityTaskCompleted',
  'ChildWorkflowExecutionCompleted',
  'LocalActivityCompleted',
  'TimerFired',
]);

/** A step that does work (not a timer or a wait): what saga laws and step counts are about. */
export function isWorkStep(step: ActivityStep): boolean {
  return stepKind(step) !== 'timer' && stepKind(step) !== 'wait';
}

/** Every fault point of a history (activities, child workflows, local activities, timers, waits), in the order they were started. */
export function historySteps(events: HistoryEvent[]): ActivityStep[] {
  const work = [
    ...activitySteps(events),
    ...childWorkflowSteps(events),
    ...localActivitySteps(events),
    ...timerSteps(events),
  ];
  const all = [...work, ...waitSteps(events, work)];
  all.sort((a, b) => a.scheduledEventId - b.scheduledEventId);
  all.forEach((step, i) => (step.index = i + 1));
  return all;
}

/** The activity steps of a history, in the order they were scheduled. */
export function activitySteps(events: HistoryEvent[]): ActivityStep[] {
  const steps: ActivityStep[] = [];
  const byScheduledId = new Map<number, ActivityStep>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const step = newStep(steps.length + 1, idOf(event.eventId), scheduled);
      steps.push(step);
      byScheduledId.set(step.scheduledEventId, step);
      continue;
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const step = byScheduledId.get(idOf(started.scheduledEventId));
      if (step) step.startedEventId = idOf(event.eventId);
      continue;
    }
    if (ACTIVITY_CLOSE.has(event.eventType as EventType)) closeStep(event, byScheduledId);
  }
  return steps;
}

function newStep(
  index: number,
  scheduledEventId: number,
  attributes: temporal.api.history.v1.IActivityTaskScheduledEventAttributes,
): ActivityStep {
  return {
    index,
    activityType: attributes.activityType?.name ?? '',
    activityId: attributes.activityId ?? '',
    scheduledEventId,
    ...(attributes.workflowTaskCompletedEventId != null
      ? { scheduledByTaskEventId: idOf(attributes.workflowTaskCompletedEventId) }
      : {}),
    retryPolicy: attributes.retryPolicy ?? undefined,
    timeouts: {
      scheduleToClose: seconds(attributes.scheduleToCloseTimeout),
      scheduleToStart: seconds(attributes.scheduleToStartTimeout),
      startToClose: seconds(attributes.startToCloseTimeout),
      heartbeat: seconds(attributes.heartbeatTimeout),
    },
  };
}

function closeStep(event: HistoryEvent, byScheduledId: Map<number, ActivityStep>): void {
  const attributes = (event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes) as { scheduledEventId?: Long | null };
  const step = byScheduledId.get(idOf(attributes.scheduledEventId));
  if (!step) return;
  step.closeEventId = idOf(event.eventId);
  step.closeEventType = eventTypeName(event.eventType);
}

function seconds(duration: google.protobuf.IDuration | null | undefined): number {
  if (!duration) return 0;
  return idOf(duration.seconds as Long | number | null | undefined) + (duration.nanos ?? 0) / 1e9;
}

export { childWorkflowSteps } from './child-steps';
export { localActivitySteps } from './local-activity-steps';
export { timerSteps } from './timer-steps';
import { childWorkflowSteps } from './child-steps';
import { localActivitySteps } from './local-activity-steps';
import { timerSteps } from './timer-steps';
import { waitSteps } from './wait-steps';

/** A short, stable label for reports and golden files: `3:applyTenantMigrations`. */
export function stepLabel(step: ActivityStep): string {
  return `${step.index}:${step.activityType}`;
}
