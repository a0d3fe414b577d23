import { EventType, HistoryEvent, attributesOf, eventTypeName, idOf } from '../history/events';

/** A problem with one input file: printed as one line naming the file and, where known, the event. */
export class HistoryProblem extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly eventId?: number,
  ) {
    super(`${file}${eventId ? `: event ${eventId}` : ''}: ${reason}`);
  }
}

/** Which event types a link field may point at, by the family of the event holding it. */
const LINK_TARGETS: Record<string, Partial<Record<string, EventType[]>>> = {
  activityTask: {
    scheduledEventId: [EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED],
    startedEventId: [EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED],
  },
  workflowTask: {
    scheduledEventId: [EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED],
    startedEventId: [EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED],
  },
  timer: { startedEventId: [EventType.EVENT_TYPE_TIMER_STARTED] },
  childWorkflowExecution: {
    initiatedEventId: [EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED],
    startedEventId: [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED],
  },
  // The Java time-skipping test server links commands to their task's WorkflowTaskStarted; the
  // replayer accepts that, so the check must too (`record --server time-skipping` writes it).
  any: { workflowTaskCompletedEventId: [EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED] },
};

/**
 * Checks what the replayer would otherwise reject with an unclear message, or accept silently:
 * ids consecutive from 1, a WorkflowExecutionStarted first, every link to an earlier event of the
 * right type.
 */
export function validateEvents(file: string, events: HistoryEvent[]): void {
  if (events.length === 0) throw new HistoryProblem(file, 'the history has no events');
  const first = events[0];
  if (first.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
    throw new HistoryProblem(file, `the first event is ${eventTypeName(first.eventType)}, not WorkflowExecutionStarted`, idOf(first.eventId) || 1);
  }
  events.forEach((event, index) => {
    const id = idOf(event.eventId);
    if (id !== index + 1) throw new HistoryProblem(file, `ids must run consecutively from 1, but the event at position ${index + 1} has id ${id}`, id || index + 1);
    checkAttributes(file, event, id);
    checkLinks(file, event, id, events);
  });
}

function checkAttributes(file: string, event: HistoryEvent, id: number): void {
  const found = attributesOf(event);
  const expected = attributesKeyFor(event.eventType);
  if (!found) throw new HistoryProblem(file, `${eventTypeName(event.eventType)} has no attributes`, id);
  if (found.key !== expected) throw new HistoryProblem(file, `event type ${eventTypeName(event.eventType)} carries ${found.key}`, id);
}

function attributesKeyFor(type: EventType | null | undefined): string {
  const name = eventTypeName(type);
  return `${name[0].toLowerCase()}${name.slice(1)}EventAttributes`;
}

function checkLinks(file: string, event: HistoryEvent, id: number, events: HistoryEvent[]): void {
  const { key, attributes } = attributesOf(event)!;
  const family = Object.keys(LINK_TARGETS).find((prefix) => key.startsWith(prefix));
  const rules = { ...LINK_TARGETS.any, ...(family ? LINK_TARGETS[family] : {}) };
  for (const [field, targets] of Object.entries(rules)) {
    const target = idOf(attributes[field] as Long | undefined);
    if (!target || !targets) continue;
    const wanted = targets.map((type) => eventTypeName(type)).join(' or ');
    if (target > events.length) throw new HistoryProblem(file, `${field} ${target} points past the end of the history (${events.length} events); it must name an earlier ${wanted}`, id);
    if (target >= id) throw new HistoryProblem(file, `${field} ${target} points at a later event; it must name an earlier ${wanted}`, id);
    const linked = events[target - 1];
    if (!targets.includes(linked.eventType as EventType)) {
      throw new HistoryProblem(file, `${field} ${target} points at a ${eventTypeName(linked.eventType)}; it must name an earlier ${wanted}`, id);
    }
  }
}
