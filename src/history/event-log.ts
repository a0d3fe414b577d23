import { temporal } from '@temporalio/proto';
import type { google } from '@temporalio/proto';
import { encodedEntry } from './encoded';
import { EventType, HistoryEvent, idOf, long } from './events';

type Timestamp = google.protobuf.ITimestamp;
type TaskQueue = temporal.api.taskqueue.v1.ITaskQueue;

const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;

/** Written where the server would write a worker identity, so synthetic events are easy to spot. */
export const FAULT_REPLAY_IDENTITY = 'fault-replay';

/**
 * A history the way a Temporal server appends to it: consecutive ids, times that move forward by a
 * millisecond an event (deterministic), and the workflow tasks (scheduled, started, completed or
 * timed out) with their links. ./builder.ts adds the events that answer a task's commands.
 */
export class EventLog {
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
    this.stickyQueue =
      recorded.find((e) => e.workflowTaskScheduledEventAttributes?.taskQueue?.kind === STICKY)
        ?.workflowTaskScheduledEventAttributes?.taskQueue ?? undefined;
    this.historySizeBytes = prefix.reduce((bytes, event) => bytes + encodedEntry(event).length, 0);
  }

  private readonly stickyQueue?: TaskQueue;
  /** A WorkflowTaskScheduled not started yet. */
  private waitingWorkflowTask?: number;

  /** The recording worker's version: a server copies it onto the events that worker's tasks produce. */
  protected get workerVersion() {
    // Before the first completed task, the version the server copied onto the task's start (from the poll).
    const started = this.events.find(
      (e) => e.workflowTaskStartedEventAttributes?.workerVersion,
    )?.workflowTaskStartedEventAttributes;
    return this.lastWorkflowTaskCompleted?.workerVersion ?? started?.workerVersion ?? undefined;
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

  /**
   * Appends one event, a millisecond after the previous one, or at `notBefore` (ms since the epoch)
   * when that is later: a timer fires when its duration has passed, an activity takes time.
   */
  append(eventType: EventType, attributes: Partial<HistoryEvent>, notBefore = 0): number {
    const previous = this.events[this.events.length - 1];
    const id = this.events.length + 1;
    const next = nextMillisecond(previous?.eventTime ?? undefined);
    const event: HistoryEvent = {
      eventId: long(id),
      eventTime: millisOf(next) >= notBefore ? next : timestampAt(notBefore),
      eventType,
      taskId: long(idOf(previous?.taskId) + 1),
      ...attributes,
    };
    this.events.push(event);
    this.historySizeBytes += encodedEntry(event).length;
    return id;
  }

  /**
   * A whole workflow task: scheduled, started and completed. Only for recorded-like histories; a
   * workflow's answer to new events is taken from a live task (`startWorkflowTask`, then
   * `completeWorkflowTask` once its commands are known).
   */
  workflowTask(): number {
    this.startWorkflowTask();
    return this.completeWorkflowTask();
  }

  /**
   * A workflow task scheduled (unless one is already scheduled and waiting) and started, left open:
   * the worker runs it live, which is how the tool sees the workflow's real answer.
   */
  startWorkflowTask(notBefore = 0, queue: 'sticky' | 'normal' = 'sticky', attempt = 1): number {
    const scheduledEventId = this.waitingWorkflowTask ?? this.scheduleWorkflowTask(notBefore, queue, attempt);
    this.waitingWorkflowTask = undefined;
    return this.append(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      workflowTaskStartedEventAttributes: {
        scheduledEventId: long(scheduledEventId),
        identity: FAULT_REPLAY_IDENTITY,
        requestId: `fault-replay-${this.lastId + 1}`,
        historySizeBytes: long(this.historySizeBytes),
        workerVersion: this.workerVersion,
      },
    });
  }

  /**
   * A workflow task scheduled as the server schedules it, on the first new event the workflow must
   * see; events that arrive before a worker starts it (the other activities completing at the same
   * time) are written after it and delivered in the same task. After a timed-out task the server
   * schedules the next on the workflow's normal queue, not the sticky one.
   */
  scheduleWorkflowTask(notBefore = 0, queue: 'sticky' | 'normal' = 'sticky', attempt = 1): number {
    if (this.waitingWorkflowTask !== undefined) return this.waitingWorkflowTask;
    const scheduled = this.lastWorkflowTaskScheduled;
    const normal =
      this.events[0]?.workflowExecutionStartedEventAttributes?.taskQueue ?? (scheduled?.taskQueue as TaskQueue);
    this.waitingWorkflowTask = this.append(
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      {
        workflowTaskScheduledEventAttributes: {
          taskQueue: queue === 'normal' ? normal : (this.stickyQueue ?? (scheduled?.taskQueue as TaskQueue)),
          startToCloseTimeout: scheduled?.startToCloseTimeout,
          attempt,
        },
      },
      notBefore,
    );
    return this.waitingWorkflowTask;
  }

  /**
   * The open workflow task timed out (its worker never answered): the server then schedules the
   * task again on the workflow's normal queue (`startWorkflowTask(…, 'normal')`).
   */
  workflowTaskTimedOut(notBefore = 0): number {
    const startedEventId = this.lastId;
    const started = this.events[startedEventId - 1].workflowTaskStartedEventAttributes;
    if (!started)
      throw new Error(`event ${startedEventId} is not a WorkflowTaskStarted: no open workflow task to time out`);
    return this.append(
      EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
      {
        workflowTaskTimedOutEventAttributes: {
          scheduledEventId: started.scheduledEventId,
          startedEventId: long(startedEventId),
          timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
        },
      },
      notBefore,
    );
  }

  /** Completes the open workflow task, with the SDK flags its live run used for the first time. */
  completeWorkflowTask(sdkMetadata: temporal.api.sdk.v1.IWorkflowTaskCompletedMetadata = {}): number {
    const startedEventId = this.lastId;
    const started = this.events[startedEventId - 1].workflowTaskStartedEventAttributes;
    if (!started)
      throw new Error(`event ${startedEventId} is not a WorkflowTaskStarted: no open workflow task to complete`);
    return this.append(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
      workflowTaskCompletedEventAttributes: {
        scheduledEventId: started.scheduledEventId,
        startedEventId: long(startedEventId),
        identity: FAULT_REPLAY_IDENTITY,
        workerVersion: this.workerVersion,
        sdkMetadata,
        meteringMetadata: {},
      },
    });
  }
}

/** An event's time in milliseconds since the epoch (0 when it has none). */
export function millisOf(time: Timestamp | null | undefined): number {
  return idOf(time?.seconds as Long | undefined) * 1000 + (time?.nanos ?? 0) / 1e6;
}

function timestampAt(millis: number): Timestamp {
  const seconds = Math.floor(millis / 1000);
  // Rounded up: a timer never fires before its duration has passed.
  return { seconds: long(seconds), nanos: Math.min(999_999_999, Math.ceil((millis - seconds * 1000) * 1e6)) };
}

function nextMillisecond(time: Timestamp | undefined): Timestamp {
  const nanos = (time?.nanos ?? 0) + 1_000_000;
  const seconds = idOf(time?.seconds as Long | undefined) + Math.floor(nanos / 1e9);
  return { seconds: long(seconds), nanos: nanos % 1e9 };
}
