import { idOf, type HistoryEvent } from '../history/events';

/** How an activity of the recorded prefix (the very same event, not one at the same id) failed on record, when it did. */
export function recordedFailure(recorded: HistoryEvent[], scheduledEventId: number, scheduled: HistoryEvent) {
  if (recorded[scheduledEventId - 1] !== scheduled) return undefined;
  const failed = recorded.find(
    (e) => idOf(e.activityTaskFailedEventAttributes?.scheduledEventId) === scheduledEventId,
  )?.activityTaskFailedEventAttributes;
  if (!failed) return undefined;
  const started = recorded[idOf(failed.startedEventId) - 1]?.activityTaskStartedEventAttributes;
  return {
    failure: failed.failure ?? {},
    retryState: failed.retryState ?? 0,
    attempt: started?.attempt ?? 1,
    lastFailure: started?.lastFailure ?? undefined,
  };
}

/** The recorded completion of the activity scheduled at `scheduledEventId` in the recorded history. */
export function recordedCompletion(recorded: HistoryEvent[], scheduledEventId: number) {
  return recorded.find((e) => idOf(e.activityTaskCompletedEventAttributes?.scheduledEventId) === scheduledEventId)
    ?.activityTaskCompletedEventAttributes;
}
