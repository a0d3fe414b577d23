import { prefixThroughStep } from '../faults/fault';
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

function taskOf(lines: string[], index: number): number {
  return lines.slice(0, index).filter((line) => line === '--- task').length;
}

/**
 * A fault that changes no outcome (a retried attempt, a crashed worker) changes nothing: the
 * workflow issues the recorded commands, in the recorded workflow tasks, and closes as recorded.
 */
export const samePathAsRecorded: SagaLaw = {
  name: 'nothing changes when nothing failed',
  appliesTo: 'same-path',
  findings({ faulted, observation, recorded }) {
    if (observation.error) return [`the workflow does not follow the recorded path (${observation.error.outcome}: ${observation.error.message})`];
    if (!recorded || !observation.path) return ['the recorded history or the followed path is missing'];
    const from = prefixThroughStep(faulted, recorded).length;
    const [expected, seen] = [commandsAfter(recorded, from), commandsAfter(observation.path, from)];
    const at = expected.findIndex((line, i) => seen[i] !== line);
    if (at === -1 && seen.length === expected.length) return [];
    const index = at === -1 ? expected.length : at;
    const recordedId = idOf(recorded[from]?.eventId);
    return [
      `after the fault (from event ${recordedId}), workflow task ${taskOf(expected, index) + 1}: the workflow issued ${seen[index] ?? 'nothing more'} where the recorded history has ${expected[index] ?? 'nothing more'}`,
    ];
  },
};
