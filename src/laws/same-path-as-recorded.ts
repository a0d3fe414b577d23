import { attributesOf, eventTypeName, HistoryEvent, idOf } from '../history/events';
import type { SagaLaw } from './law';

/**
 * The workflow's commands from the faulted step on, one line a command, `--- task` between
 * workflow tasks: an activity by type and input, anything else (timer, marker, close) by event type.
 */
function commandsAfter(events: HistoryEvent[], from: number): string[] {
  const lines: string[] = [];
  for (const event of events.slice(from)) {
    const found = attributesOf(event);
    if (event.workflowTaskCompletedEventAttributes) lines.push('--- task');
    if (!found || !('workflowTaskCompletedEventId' in found.attributes)) continue;
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) {
      lines.push(eventTypeName(event.eventType));
      continue;
    }
    const input = (scheduled.input?.payloads ?? []).map((p) => Buffer.from(p.data ?? []).toString('utf8')).join(', ');
    lines.push(`${scheduled.activityType?.name}(${input})`);
  }
  return lines;
}

/**
 * A fault that changes no outcome (a retried attempt, a crashed worker) changes nothing: the
 * workflow issues the recorded commands and closes as recorded. Which workflow task issues each
 * command is not compared: it follows when activities happen to complete (a retried undo finishes
 * later than its parallel siblings live as well), and the recorded times are a live run's.
 */
export const samePathAsRecorded: SagaLaw = {
  name: 'nothing changes when nothing failed',
  appliesTo: 'same-path',
  findings({ faulted, observation, recorded }) {
    if (observation.error)
      return [
        `the workflow does not follow the recorded path (${observation.error.outcome}: ${observation.error.message})`,
      ];
    if (!recorded || !observation.path) return ['the recorded history or the followed path is missing'];
    // From the workflow task that scheduled the faulted step (a fault may hit that very task): the
    // rewrite keeps the recorded events before it, so both sides are compared from the same point.
    const from = (faulted.scheduledByTaskEventId ?? 1) - 1;
    const commands = (events: HistoryEvent[]) => commandsAfter(events, from).filter((line) => line !== '--- task');
    const missing = difference(commands(recorded), commands(observation.path));
    const extra = difference(commands(observation.path), commands(recorded));
    if (missing.length === 0 && extra.length === 0) return [];
    const recordedId = idOf(recorded[from]?.eventId);
    const parts = [
      ...(extra.length ? [`the workflow issued ${extra.join(', ')}`] : []),
      ...(missing.length ? [`the recorded ${missing.join(', ')} never came`] : []),
    ];
    return [`after the fault (from event ${recordedId}): ${parts.join('; ')}`];
  },
};

/** What `a` holds more often than `b` (multisets), in `a`'s order. */
function difference(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const line of b) left.set(line, (left.get(line) ?? 0) + 1);
  return a.filter((line) => {
    const count = left.get(line) ?? 0;
    if (count === 0) return true;
    left.set(line, count - 1);
    return false;
  });
}
