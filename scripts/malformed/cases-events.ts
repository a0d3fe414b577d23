// Histories that read fine but are damaged event by event: ids, types, attributes, links, closes.
import type { MalformedCase } from './case';
import { attributesOf, binary, clone, editEvent, eventOf, JsonEvent, moved, pretty, recorded, utf16 } from './edit';

const happy = recorded('happy');
const failed = recorded('real-failure-createOwnerMembership');
const lastOf = (json: { events: JsonEvent[] }) => json.events[json.events.length - 1];

/** happy.json with `extra` appended after its close, ids and links moved to follow on. */
function appended(extra: JsonEvent[]): { events: JsonEvent[] } {
  const copy = clone(happy.json);
  const next = copy.events.length + 1;
  for (const [index, event] of extra.entries()) copy.events.push(moved(event, next + index - Number(event.eventId)));
  return copy;
}

/** happy.json with event `id` replaced by `event` (its id and links moved to sit there). */
function replaced(id: number, event: JsonEvent, linkTo: number): string {
  const copy = clone(happy.json);
  const put = moved(event, id - Number(event.eventId));
  const { value } = attributesOf(put);
  if (value.workflowTaskCompletedEventId !== undefined) value.workflowTaskCompletedEventId = String(linkTo);
  copy.events[id - 1] = put;
  return pretty(copy);
}

function setLink(id: number, field: string, to: string) {
  return () => editEvent(happy, id, (event) => (attributesOf(event).value[field] = to));
}

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled` everywhere (the Web UI's form). */
function pascalCase(text: string): string {
  return text.replace(/"(EVENT_TYPE|TASK_QUEUE_KIND|RETRY_STATE)_([A-Z_]+)"/g, (_, __, name: string) =>
    JSON.stringify(name.toLowerCase().replace(/(?:^|_)([a-z])/g, (___, letter: string) => letter.toUpperCase())),
  );
}

function snakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCase(item)]),
  );
}

export const EVENT_CASES: MalformedCase[] = [
  {
    file: 'no-workflow-started.json',
    what: 'event 1 dropped, the rest renumbered from 1',
    make: () =>
      pretty({ events: happy.json.events.slice(1).map((e, index) => ({ ...e, eventId: String(index + 1) })) }),
  },
  {
    file: 'started-without-attributes.json',
    what: 'event 1 lost its attributes',
    make: () => editEvent(happy, 1, (e) => delete e.workflowExecutionStartedEventAttributes),
  },
  {
    file: 'started-without-workflow-type.json',
    what: 'event 1 names no workflow type',
    make: () => editEvent(happy, 1, (e) => delete e.workflowExecutionStartedEventAttributes.workflowType),
  },
  {
    file: 'event-type-missing.json',
    what: 'event 6 has no eventType',
    make: () => editEvent(happy, 6, (e) => delete e.eventType),
  },
  {
    file: 'event-type-unknown.json',
    what: 'event 6 is EVENT_TYPE_BOGUS',
    make: () => editEvent(happy, 6, (e) => (e.eventType = 'EVENT_TYPE_BOGUS')),
  },
  {
    file: 'event-type-unknown-number.json',
    what: 'event 6 has event type 999',
    make: () => editEvent(happy, 6, (e) => (e.eventType = 999)),
  },
  {
    file: 'event-type-unknown-pascal.json',
    what: 'short names; event 6 is ActivityTaskExploded',
    make: () => pascalCase(editEvent(happy, 6, (e) => (e.eventType = 'ActivityTaskExploded'))),
  },
  {
    file: 'attributes-of-another-type.json',
    what: 'event 7 (ActivityTaskCompleted) carries activityTaskFailedEventAttributes',
    make: () =>
      editEvent(happy, 7, (e) => {
        e.activityTaskFailedEventAttributes = e.activityTaskCompletedEventAttributes;
        delete e.activityTaskCompletedEventAttributes;
      }),
  },
  {
    file: 'attributes-twice.json',
    what: 'event 7 carries two attribute members',
    make: () => editEvent(happy, 7, (e) => (e.activityTaskStartedEventAttributes = {})),
  },
  {
    file: 'attributes-not-object.json',
    what: 'event 7 attributes are a string',
    make: () => editEvent(happy, 7, (e) => (e.activityTaskCompletedEventAttributes = 'done')),
  },
  {
    file: 'field-wrong-type.json',
    what: "event 5's activityType is a number",
    make: () => editEvent(happy, 5, (e) => (e.activityTaskScheduledEventAttributes.activityType = 5)),
  },
  {
    file: 'field-twice.json',
    what: 'event 3 has both eventId and event_id',
    make: () => editEvent(happy, 3, (e) => (e.event_id = '3')),
  },
  {
    file: 'event-id-not-number.json',
    what: 'event 7 has eventId "seven"',
    make: () => editEvent(happy, 7, (e) => (e.eventId = 'seven')),
  },
  {
    file: 'event-id-skipped.json',
    what: 'id 10 skipped',
    make: () =>
      pretty({ events: happy.json.events.map((e, index) => (index >= 9 ? { ...e, eventId: String(index + 2) } : e)) }),
  },
  {
    file: 'event-id-repeated.json',
    what: 'event 10 has id 9',
    make: () => editEvent(happy, 10, (e) => (e.eventId = '9')),
  },
  {
    file: 'event-time-invalid.json',
    what: 'event 3 has eventTime "yesterday"',
    make: () => editEvent(happy, 3, (e) => (e.eventTime = 'yesterday')),
  },
  {
    file: 'link-to-wrong-type.json',
    what: 'event 7 scheduledEventId names a WorkflowTaskCompleted',
    make: setLink(7, 'scheduledEventId', '4'),
  },
  {
    file: 'link-to-later-event.json',
    what: 'event 7 scheduledEventId names a later event',
    make: setLink(7, 'scheduledEventId', '11'),
  },
  { file: 'link-past-the-end.json', what: 'event 7 scheduledEventId 999', make: setLink(7, 'scheduledEventId', '999') },
  {
    file: 'link-started-wrong.json',
    what: 'event 7 startedEventId names an ActivityTaskScheduled',
    make: setLink(7, 'startedEventId', '5'),
  },
  {
    file: 'link-workflow-task-wrong.json',
    what: 'event 9 (WorkflowTaskStarted) scheduledEventId names an ActivityTaskCompleted',
    make: setLink(9, 'scheduledEventId', '7'),
  },
  {
    file: 'link-command-wrong.json',
    what: 'event 11 workflowTaskCompletedEventId names an ActivityTaskStarted',
    make: setLink(11, 'workflowTaskCompletedEventId', '6'),
  },
  {
    file: 'completed-in-the-middle.json',
    what: "happy.json's own WorkflowExecutionCompleted put at event 5, the rest kept",
    make: () => replaced(5, lastOf(happy.json), 4),
  },
  {
    file: 'failed-in-the-middle.json',
    what: 'a real WorkflowExecutionFailed (from real-failure-createOwnerMembership) put at event 11 of happy.json',
    make: () => replaced(11, lastOf(failed.json), 10),
  },
  {
    file: 'events-after-close.json',
    what: 'a WorkflowTaskScheduled appended after the close',
    make: () => pretty(appended([eventOf(happy.json, 2)])),
  },
  {
    file: 'closed-twice.json',
    what: 'the WorkflowExecutionCompleted appended a second time',
    make: () => pretty(appended([lastOf(happy.json)])),
  },
  {
    file: 'started-twice.json',
    what: 'event 8 replaced by a copy of event 1',
    make: () => replaced(8, eventOf(happy.json, 1), 0),
  },
  {
    file: 'pascal-case-after-close.json',
    what: 'short enum names; an event after the close',
    make: () => pascalCase(pretty(appended([eventOf(happy.json, 2)]))),
  },
  {
    file: 'snake-case-bad-link.json',
    what: 'snake_case fields; event 7 links to a WorkflowTaskCompleted',
    make: () => pretty(snakeCase(JSON.parse(setLink(7, 'scheduledEventId', '4')()))),
  },
  {
    file: 'array-form-skipped-id.json',
    what: 'a bare array of events; id 10 skipped',
    make: () => pretty(happy.json.events.map((e, index) => (index >= 9 ? { ...e, eventId: String(index + 2) } : e))),
  },
  {
    file: 'utf16le-bad-link.json',
    what: 'UTF-16 LE with BOM; event 7 links to a later event',
    make: () => utf16(setLink(7, 'scheduledEventId', '11')(), 'le'),
  },
  {
    file: 'binary-after-close.pb',
    what: 'binary protobuf; an event after the close',
    make: () => binary(appended([eventOf(happy.json, 2)])),
  },
  {
    file: 'no-such-workflow.json',
    what: 'a workflow type the reference saga does not export (found when replaying)',
    make: () =>
      editEvent(happy, 1, (e) => (e.workflowExecutionStartedEventAttributes.workflowType.name = 'noSuchWorkflow')),
  },
];
