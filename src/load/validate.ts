import { EventType, HistoryEvent, attributesOf, eventTypeName, idOf } from '../history/events';
import { HistoryProblem } from './problem';
import { payloadProblem, PayloadCheckOptions } from './payloads';
import { EVENT_TYPE } from './proto-types';

export { HistoryProblem } from './problem';
export type ValidateOptions = PayloadCheckOptions;

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
  any: {
    workflowTaskCompletedEventId: [
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ],
  },
};

/** The events that end a run; nothing may follow them. */
const CLOSES = new Set<EventType>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

/**
 * Checks what the replayer would otherwise reject with an unclear message, or take as the team's
 * code misbehaving: ids consecutive from 1, one WorkflowExecutionStarted first, known event types
 * with their own attributes, nothing after the close, every link to an earlier event of the right
 * type, every payload decodable. The first problem found is thrown, naming its event.
 */
export function validateEvents(file: string, events: HistoryEvent[], options: ValidateOptions = {}): void {
  if (events.length === 0) throw new HistoryProblem(file, 'the history has no events');
  const first = events[0];
  if (first.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
    throw new HistoryProblem(
      file,
      `the first event is ${eventTypeName(first.eventType)}, not WorkflowExecutionStarted`,
      idOf(first.eventId) || 1,
    );
  }
  let closedAt: { id: number; type: EventType } | undefined;
  events.forEach((event, index) => {
    const id = idOf(event.eventId);
    if (id !== index + 1)
      throw new HistoryProblem(
        file,
        `ids must run consecutively from 1, but the event at position ${index + 1} has id ${id}`,
        id > 0 ? id : index + 1,
      );
    checkType(file, event, id);
    checkAttributes(file, event, id);
    if (closedAt)
      throw new HistoryProblem(
        file,
        `${eventTypeName(event.eventType)} comes after the workflow closed at event ${closedAt.id} (${eventTypeName(closedAt.type)}); a history ends at its close`,
        id,
      );
    if (CLOSES.has(event.eventType as EventType)) closedAt = { id, type: event.eventType as EventType };
    if (index > 0 && event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      throw new HistoryProblem(
        file,
        'a second WorkflowExecutionStarted; a history holds one run, started at event 1',
        id,
      );
    }
    checkLinks(file, event, id, events);
    const payload = payloadProblem(event, EVENT_TYPE, options);
    if (payload) throw new HistoryProblem(file, payload, id);
  });
  // The SDK's replayer waits for ever, idle, on a history with no workflow task to replay.
  if (!events.some((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)) {
    throw new HistoryProblem(
      file,
      `the history ends at event ${events.length} before any workflow task (no WorkflowTaskScheduled): there is nothing to replay`,
      events.length,
    );
  }
}

/** Marker names other SDKs record a local activity under (Go, Java), which this tool does not read as steps. */
const FOREIGN_LOCAL_ACTIVITY_MARKERS = new Set(['LocalActivity']);

/**
 * A local activity the tool cannot see as a step: recorded by an SDK that is not core-based (Go,
 * Java write a `LocalActivity` marker; core's is `core_local_activity`). Its faults are not
 * injected, and the rollback's local activities run unseen: said, never passed over.
 */
export function unreadLocalActivity(events: HistoryEvent[]): { eventId: number; message: string } | undefined {
  const marker = events.find((event) =>
    FOREIGN_LOCAL_ACTIVITY_MARKERS.has(event.markerRecordedEventAttributes?.markerName ?? ''),
  );
  if (!marker) return undefined;
  const name = marker.markerRecordedEventAttributes!.markerName;
  return {
    eventId: idOf(marker.eventId),
    message: `a local activity recorded by an SDK that is not core-based (marker ${name}, as Go and Java write it): the tool does not read it as a step, so no fault is injected at it and an undo that is one goes unseen; the other steps are checked, but not every step is`,
  };
}

/**
 * Why a history is no closed execution (undefined when it ends with its close): captured while
 * the workflow ran, or cut short. Its recorded prefix still replays, but a fault's path would be
 * judged against a recorded path that stops half-way (a "retried, then as recorded" fault would see
 * the workflow go on and close where the recording stops), so its faults are not judged.
 */
export function notClosed(events: HistoryEvent[]): string | undefined {
  const last = events[events.length - 1];
  if (!last || CLOSES.has(last.eventType as EventType)) return undefined;
  return `the execution is not closed: its last event (${idOf(last.eventId)}, ${eventTypeName(last.eventType)}) is no close (captured while running, or cut short?); it is replayed as recorded, its faults are not judged: capture it once it has closed`;
}

function checkType(file: string, event: HistoryEvent, id: number): void {
  const type = event.eventType;
  if (type == null || type === EventType.EVENT_TYPE_UNSPECIFIED) throw new HistoryProblem(file, 'no eventType', id);
  if (EventType[type] === undefined) throw new HistoryProblem(file, `unknown event type ${type}`, id);
}

function checkAttributes(file: string, event: HistoryEvent, id: number): void {
  const found = attributesOf(event);
  const expected = attributesKeyFor(event.eventType);
  if (!found) throw new HistoryProblem(file, `${eventTypeName(event.eventType)} has no attributes`, id);
  if (found.key !== expected)
    throw new HistoryProblem(file, `event type ${eventTypeName(event.eventType)} carries ${found.key}`, id);
}

const attributesKeys = new Map<EventType | null | undefined, string>();

function attributesKeyFor(type: EventType | null | undefined): string {
  let key = attributesKeys.get(type);
  if (!key) {
    const name = eventTypeName(type);
    key = `${name[0].toLowerCase()}${name.slice(1)}EventAttributes`;
    attributesKeys.set(type, key);
  }
  return key;
}

const rulesByKey = new Map<string, Array<[string, EventType[]]>>();

function linkRules(key: string): Array<[string, EventType[]]> {
  let rules = rulesByKey.get(key);
  if (!rules) {
    const family = Object.keys(LINK_TARGETS).find((prefix) => key.startsWith(prefix));
    rules = Object.entries({ ...LINK_TARGETS.any, ...(family ? LINK_TARGETS[family] : {}) }) as Array<
      [string, EventType[]]
    >;
    rulesByKey.set(key, rules);
  }
  return rules;
}

function checkLinks(file: string, event: HistoryEvent, id: number, events: HistoryEvent[]): void {
  const { key, attributes } = attributesOf(event)!;
  for (const [field, targets] of linkRules(key)) {
    const target = idOf(attributes[field] as Long | undefined);
    if (!target) continue;
    const linked = target < id ? events[target - 1] : undefined;
    if (linked && targets.includes(linked.eventType as EventType)) continue;
    const wanted = `it must name an earlier ${targets.map((type) => eventTypeName(type)).join(' or ')}`;
    if (target < 0) throw new HistoryProblem(file, `${field} ${target} is no event id; ${wanted}`, id);
    if (target === id) throw new HistoryProblem(file, `${field} ${target} points at the event itself; ${wanted}`, id);
    if (target > events.length)
      throw new HistoryProblem(
        file,
        `${field} ${target} points past the end of the history (${events.length} events); ${wanted}`,
        id,
      );
    if (!linked) throw new HistoryProblem(file, `${field} ${target} points at a later event; ${wanted}`, id);
    throw new HistoryProblem(
      file,
      `${field} ${target} points at ${article(eventTypeName(linked.eventType))}; ${wanted}`,
      id,
    );
  }
}

function article(name: string): string {
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}
