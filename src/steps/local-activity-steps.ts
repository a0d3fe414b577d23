import { idOf, type HistoryEvent } from '../history/events';
import type { ActivityStep } from './steps';

/** The marker core records for each local activity the workflow ran. */
export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** What core writes in a local activity marker's `data` detail (snake_case, as core's JSON). */
export interface LocalActivityMarkerData {
  seq: number;
  attempt: number;
  activity_id: string;
  activity_type: string;
  complete_time: { seconds: number; nanos: number } | null;
  backoff: { seconds: number; nanos: number } | null;
  original_schedule_time: { seconds: number; nanos: number } | null;
}

/** The marker's data, or undefined when the event is not a local activity marker core could read. */
export function localActivityData(event: HistoryEvent): LocalActivityMarkerData | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const payload = marker.details?.data?.payloads?.[0];
  if (!payload?.data) return undefined;
  try {
    return JSON.parse(Buffer.from(payload.data).toString('utf8')) as LocalActivityMarkerData;
  } catch {
    return undefined;
  }
}

/** The local activities a history ran, each a step: its MarkerRecorded is where it is scheduled and closed. */
export function localActivitySteps(events: HistoryEvent[]): ActivityStep[] {
  const steps: ActivityStep[] = [];
  for (const event of events) {
    const data = localActivityData(event);
    if (!data) continue;
    const id = idOf(event.eventId);
    const marker = event.markerRecordedEventAttributes!;
    steps.push({
      kind: 'local-activity',
      index: steps.length + 1,
      activityType: data.activity_type,
      activityId: data.activity_id,
      scheduledEventId: id,
      ...(marker.workflowTaskCompletedEventId != null
        ? { scheduledByTaskEventId: idOf(marker.workflowTaskCompletedEventId) }
        : {}),
      closeEventId: id,
      closeEventType: marker.failure ? 'LocalActivityFailed' : 'LocalActivityCompleted',
      timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 0, heartbeat: 0 },
    });
  }
  return steps;
}
