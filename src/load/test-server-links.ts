import { EventType, HistoryEvent, idOf, long } from '../history/events';

/**
 * The Java time-skipping test server links each command event (a marker, a scheduled activity, a
 * child started) to its task's WorkflowTaskStarted, and writes WorkflowTaskCompleted without the
 * task's started id. The dev server and Temporal Cloud link commands to the WorkflowTaskCompleted
 * and name its started id. Core replays the recorded history either way, but refuses a rewrite of
 * it whose first live task follows a local activity marker linked the test server's way ("Invalid
 * transition resolving local activity … in RequestSent"). Relinked here as the real server links,
 * so a history recorded with `record --server time-skipping` is checked as the dev server's is.
 * Returns whether anything was relinked.
 */
export function relinkTestServerEvents(events: HistoryEvent[]): boolean {
  const completedOfStarted = new Map<number, number>();
  const startedOfScheduled = new Map<number, number>();
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
      startedOfScheduled.set(idOf(event.workflowTaskStartedEventAttributes?.scheduledEventId), idOf(event.eventId));
    }
  }
  let relinked = false;
  for (const event of events) {
    const completed = event.workflowTaskCompletedEventAttributes;
    if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED || !completed) continue;
    const started = idOf(completed.startedEventId) || startedOfScheduled.get(idOf(completed.scheduledEventId));
    if (!started) continue;
    if (!idOf(completed.startedEventId)) {
      completed.startedEventId = long(started);
      relinked = true;
    }
    completedOfStarted.set(started, idOf(event.eventId));
  }
  // Its keys are WorkflowTaskStarted ids: a link found among them points at a task's start.
  for (const event of events) {
    for (const attributes of Object.values(event)) {
      const link = (attributes as { workflowTaskCompletedEventId?: unknown } | null)?.workflowTaskCompletedEventId;
      if (link == null || typeof attributes !== 'object') continue;
      const completedId = completedOfStarted.get(idOf(link as Parameters<typeof idOf>[0]));
      if (completedId === undefined) continue;
      (attributes as { workflowTaskCompletedEventId: unknown }).workflowTaskCompletedEventId = long(completedId);
      relinked = true;
    }
  }
  return relinked;
}
