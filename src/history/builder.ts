import { temporal } from '@temporalio/proto';
import type { google } from '@temporalio/proto';
import { durationMillis } from './durations';
import { EventType, Failure, Payload, long } from './events';
import { EventLog, FAULT_REPLAY_IDENTITY, millisOf } from './event-log';

export { FAULT_REPLAY_IDENTITY, millisOf } from './event-log';

type ScheduledAttributes = temporal.api.history.v1.IActivityTaskScheduledEventAttributes;

/**
 * Appends events to a history the way a Temporal server would (./event-log.ts: ids, times, workflow
 * tasks), here the events that answer a workflow task's commands: an activity's attempts and end,
 * timers, markers, search attributes.
 */
export class HistoryBuilder extends EventLog {
  /**
   * The attempt that ends the activity; `lastFailure` is the previous attempt's failure, when it
   * retried. An attempt the server times out carries no worker version (no worker answered it).
   */
  activityStarted(
    scheduledEventId: number,
    attempt = 1,
    lastFailure?: Failure,
    answered = true,
    notBefore = 0,
  ): number {
    return this.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      {
        activityTaskStartedEventAttributes: {
          scheduledEventId: long(scheduledEventId),
          identity: FAULT_REPLAY_IDENTITY,
          requestId: `fault-replay-${this.lastId + 1}`,
          attempt,
          lastFailure,
          ...(answered ? { workerVersion: this.workerVersion } : {}),
        },
      },
      notBefore,
    );
  }

  /** Written by the server itself: no identity; `startedEventId` 0 when the activity never started (schedule-to-start). */
  activityTimedOut(
    scheduledEventId: number,
    startedEventId: number,
    failure: Failure,
    retryState: temporal.api.enums.v1.RetryState,
    notBefore = 0,
  ): number {
    return this.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
      {
        activityTaskTimedOutEventAttributes: {
          failure,
          scheduledEventId: long(scheduledEventId),
          ...(startedEventId ? { startedEventId: long(startedEventId) } : {}),
          retryState,
        },
      },
      notBefore,
    );
  }

  activityFailed(
    scheduledEventId: number,
    startedEventId: number,
    failure: Failure,
    retryState: temporal.api.enums.v1.RetryState,
  ): number {
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
      activityTaskScheduledEventAttributes: {
        ...attributes,
        workflowTaskCompletedEventId: long(this.lastWorkflowTaskCompletedId),
      },
    });
  }

  activityCompleted(
    scheduledEventId: number,
    startedEventId: number,
    result: Payload[] | undefined,
    notBefore = 0,
  ): number {
    return this.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      {
        activityTaskCompletedEventAttributes: {
          result: result ? { payloads: result } : undefined,
          scheduledEventId: long(scheduledEventId),
          startedEventId: long(startedEventId),
          identity: FAULT_REPLAY_IDENTITY,
        },
      },
      notBefore,
    );
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

  /** Fires a timer when its duration has passed since it started (never earlier). */
  timerFired(timerId: string, startedEventId: number): number {
    const started = this.events[startedEventId - 1];
    const due = millisOf(started.eventTime) + durationMillis(started.timerStartedEventAttributes?.startToFireTimeout);
    return this.append(
      EventType.EVENT_TYPE_TIMER_FIRED,
      {
        timerFiredEventAttributes: { timerId, startedEventId: long(startedEventId) },
      },
      due,
    );
  }

  timerCanceled(timerId: string, startedEventId: number): number {
    return this.append(EventType.EVENT_TYPE_TIMER_CANCELED, {
      timerCanceledEventAttributes: {
        timerId,
        startedEventId: long(startedEventId),
        workflowTaskCompletedEventId: long(this.lastWorkflowTaskCompletedId),
        identity: FAULT_REPLAY_IDENTITY,
      },
    });
  }

  /** A marker command's event (patches, side effects): written by the task that issued it. */
  markerRecorded(attributes: temporal.api.history.v1.IMarkerRecordedEventAttributes): number {
    return this.append(EventType.EVENT_TYPE_MARKER_RECORDED, {
      markerRecordedEventAttributes: {
        ...attributes,
        workflowTaskCompletedEventId: long(this.lastWorkflowTaskCompletedId),
      },
    });
  }

  searchAttributesUpserted(searchAttributes: temporal.api.common.v1.ISearchAttributes): number {
    return this.append(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
      upsertWorkflowSearchAttributesEventAttributes: {
        searchAttributes,
        workflowTaskCompletedEventId: long(this.lastWorkflowTaskCompletedId),
      },
    });
  }
}
