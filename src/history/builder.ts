import { temporal } from '@temporalio/proto';
import type { google } from '@temporalio/proto';
import { EventType, Failure, HistoryEvent, Payload, idOf, long } from './events';

type Timestamp = google.protobuf.ITimestamp;
type TaskQueue = temporal.api.taskqueue.v1.ITaskQueue;
type ScheduledAttributes = temporal.api.history.v1.IActivityTaskScheduledEventAttributes;

const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;

/** Written where the server would write a worker identity, so synthetic events are easy to spot. */
export const FAULT_REPLAY_IDENTITY = 'fault-replay';

/**
 * Appends events to a history the way a Temporal server would: consecutive ids, times that move
 * forward by a millisecond an event (deterministic), every link pointing back at the right event.
 */
export class HistoryBuilder {
  readonly events: HistoryEvent[];
  private lastWorkflowTaskScheduled?: temporal.api.history.v1.IWorkflowTaskScheduledEventAttributes;
  private lastWorkflowTaskCompleted?: temporal.api.history.v1.IWorkflowTaskCompletedEventAttributes;

  private historySizeBytes: number;

  /**
   * @param prefix the recorded events kept as they are
   * @param recorded the whole recorded history, to copy what a server reuses (the sticky queue)
   */
  constructor(prefix: HistoryEvent[], recorded: HistoryEvent[] = prefix) {
    this.events = [...prefix];
    for (const event of prefix) {
      this.lastWorkflowTaskScheduled = event.workflowTaskScheduledEventAttributes ?? this.lastWorkflowTaskScheduled;
      this.lastWorkflowTaskCompleted = event.workflowTaskCompletedEventAttributes ?? this.lastWorkflowTaskCompleted;
    }
    this.stickyQueue = recorded.find((e) => e.workflowTaskScheduledEventAttributes?.taskQueue?.kind === STICKY)
      ?.workflowTaskScheduledEventAttributes?.taskQueue ?? undefined;
    this.historySizeBytes = temporal.api.history.v1.History.encode({ events: prefix }).finish().length;
  }

  private readonly stickyQueue?: TaskQueue;

  /** The recording worker's version: a server copies it onto the events that worker's tasks produce. */
  private get workerVersion() {
    return this.lastWorkflowTaskCompleted?.workerVersion ?? undefined;
  }

  get lastId(): number {
    return this.events.length;
  }

  /** The id of the last WorkflowTaskCompleted: the task whose commands the next events record. */
  get lastWorkflowTaskCompletedId(): number {
    for (let i = this.events.length - 1; i >= 0; i--) {
      if (this.events[i].eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return i + 1;
    }
    return 0;
  }

  append(eventType: EventType, attributes: Partial<HistoryEvent>): number {
    const previous = this.events[this.events.length - 1];
    const id = this.events.length + 1;
    const event: HistoryEvent = {
      eventId: long(id),
      eventTime: nextMillisecond(previous?.eventTime ?? undefined),
      eventType,
      taskId: long(idOf(previous?.taskId) + 1),
      ...attributes,
    };
    this.events.push(event);
    this.historySizeBytes += temporal.api.history.v1.History.encode({ events: [event] }).finish().length;
    return id;
  }

  activityStarted(scheduledEventId: number, attempt = 1): number {
    return this.append(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, {
      activityTaskStartedEventAttributes: {
        scheduledEventId: long(scheduledEventId),
        identity: FAULT_REPLAY_IDENTITY,
        requestId: `fault-replay-${this.lastId + 1}`,
        attempt,
        workerVersion: this.workerVersion,
      },
    });
  }

  activityFailed(scheduledEventId: number, startedEventId: number, failure: Failure, retryState: temporal.api.enums.v1.RetryState): number {
    return this.append(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, {
      activityTaskFailedEventAttributes: {
        failure,
        scheduledEventId: long(scheduledEventId),
        startedEventId: long(startedEventId),
        identity: FAULT_REPLAY_IDENTITY,
        retryState,
      },
    });
  }

  activityScheduled(attributes: ScheduledAttributes): number {
    return this.append(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, {
      activityTaskScheduledEventAttributes: { ...attributes, workflowTaskCompletedEventId: long(this.lastWorkflowTaskCompletedId) },
    });
  }

  activityCompleted(scheduledEventId: number, startedEventId: number, result: Payload[] | undefined): number {
    return this.append(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, {
      activityTaskCompletedEventAttributes: {
        result: result ? { payloads: result } : undefined,
        scheduledEventId: long(scheduledEventId),
        startedEventId: long(startedEventId),
        identity: FAULT_REPLAY_IDENTITY,
      },
    });
  }

  timerStarted(timerId: string, startToFireTimeout: google.protobuf.IDuration | null | undefined): number {
    return this.append(EventType.EVENT_TYPE_TIMER_STARTED, {
      timerStartedEventAttributes: {
        timerId,
        startToFireTimeout,
        workflowTaskCompletedEventId: long(this.lastWorkflowTaskCompletedId),
      },
    });
  }

  timerFired(timerId: string, startedEventId: number): number {
    return this.append(EventType.EVENT_TYPE_TIMER_FIRED, {
      timerFiredEventAttributes: { timerId, startedEventId: long(startedEventId) },
    });
  }

  /**
   * A whole workflow task: scheduled, started and completed. Ending a rewrite with the completion
   * makes the replayer run that last task as history, so a crash in it is reported instead of
   * being taken for live work (see shared/replay-notes.md, "the silent-failure trap").
   */
  workflowTask(): number {
    const scheduled = this.lastWorkflowTaskScheduled;
    const scheduledEventId = this.append(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      workflowTaskScheduledEventAttributes: {
        taskQueue: this.stickyQueue ?? (scheduled?.taskQueue as TaskQueue),
        startToCloseTimeout: scheduled?.startToCloseTimeout,
        attempt: 1,
      },
    });
    const startedEventId = this.append(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      workflowTaskStartedEventAttributes: {
        scheduledEventId: long(scheduledEventId),
        identity: FAULT_REPLAY_IDENTITY,
        requestId: `fault-replay-${scheduledEventId + 1}`,
        historySizeBytes: long(this.historySizeBytes),
        workerVersion: this.workerVersion,
      },
    });
    return this.append(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
      workflowTaskCompletedEventAttributes: {
        scheduledEventId: long(scheduledEventId),
        startedEventId: long(startedEventId),
        identity: FAULT_REPLAY_IDENTITY,
        workerVersion: this.workerVersion,
        sdkMetadata: {},
        meteringMetadata: {},
      },
    });
  }
}

function nextMillisecond(time: Timestamp | undefined): Timestamp {
  const nanos = (time?.nanos ?? 0) + 1_000_000;
  const seconds = idOf(time?.seconds as Long | undefined) + Math.floor(nanos / 1e9);
  return { seconds: long(seconds), nanos: nanos % 1e9 };
}

