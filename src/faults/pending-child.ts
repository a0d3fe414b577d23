import type { HistoryEvent } from '../history/events';
import type { ActivityStep } from '../steps/steps';
import { endOfTaskCommands } from '../steps/wait-steps';

/**
 * The recorded events while a child workflow runs and the workflow waits for it: up to the first
 * workflow task completed after the child started (and that task's commands), when that task came
 * before the child closed; undefined otherwise (the child closed before the workflow saw it start).
 */
export function prefixWhileChildRuns(step: ActivityStep, events: HistoryEvent[]): HistoryEvent[] | undefined {
  const started = step.startedEventId ?? 0;
  const closed = step.closeEventId ?? events.length + 1;
  if (!started) return undefined;
  const completed = events.findIndex((event, i) => i >= started && event.workflowTaskCompletedEventAttributes);
  if (completed < 0 || completed + 1 > closed) return undefined;
  const end = endOfTaskCommands(events, completed + 1);
  return end < closed ? events.slice(0, end) : undefined;
}

/** Why nothing from outside can land while the child runs: it never started, or closed before the workflow saw it start. */
export function childNotWaitedOn(step: ActivityStep, events: HistoryEvent[]): string | undefined {
  if (!step.startedEventId) return 'the child workflow never started in the recorded history';
  return prefixWhileChildRuns(step, events)
    ? undefined
    : 'the child workflow closed before the workflow saw it start: the workflow never waited on it';
}
