import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { dirname } from 'node:path';
import { EventType, History, HistoryEvent } from '../history/events';
import { HistoryProblem } from './problem';
import { EVENT_TYPE, HISTORY_TYPE } from './proto-types';
import { invalidBase64Field } from './payloads';

type JsonEvent = Record<string, unknown>;

/**
 * A parsed JSON value to a History, in every form the SDKs, the CLI, the Web UI and protojson write:
 * `{events}`, `{history: {events}}` (GetWorkflowExecutionHistory), a bare array of events; enum
 * constants, short PascalCase names (the SDK's historyFromJSON) or numbers; camelCase or snake_case
 * fields (protobufjs' protojson, which follows the proto3 JSON mapping). Each event is decoded on its
 * own, so a problem names its event.
 */
export function historyFromJsonValue(file: string, value: unknown): History {
  const events = eventsOf(file, value, 0);
  if (events.length === 0) throw new HistoryProblem(file, 'the history has no events');
  return HISTORY_TYPE.create({ events: events.map((event, index) => decodeEvent(file, event, index)) }) as History;
}

function eventsOf(file: string, value: unknown, depth: number): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) {
    if (Array.isArray(value.events)) return value.events;
    if (isObject(value.history) && depth === 0) return eventsOf(file, value.history, 1);
  }
  const expected = 'expected {"events": [...]}, {"history": {"events": [...]}} or an array of events';
  throw new HistoryProblem(file, `not a history: ${expected}, but found ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (!isObject(value)) return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys
    .slice(0, 5)
    .map((key) => JSON.stringify(key))
    .join(', ');
  return `an object with ${shown}${keys.length > 5 ? ', …' : ''}${'events' in value || 'history' in value ? ' (not holding an events array)' : ''}`;
}

type FromJson = (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => unknown;

/**
 * protobufjs' protojson, from the copy the SDK's proto types use (protobufjs 8; SDKs before 1.24
 * bring protobufjs 7, which has none: then the SDK's own decoder reads what it can).
 */
const fromJson: FromJson | undefined = (() => {
  try {
    const proto = dirname(require.resolve('@temporalio/proto/package.json'));
    return (require(require.resolve('protobufjs/ext/protojson', { paths: [proto] })) as { fromJson: FromJson })
      .fromJson;
  } catch {
    return undefined;
  }
})();

function decodeEvent(file: string, raw: unknown, index: number): HistoryEvent {
  const position = index + 1;
  if (!isObject(raw))
    throw new HistoryProblem(
      file,
      `the event at position ${position} is ${describe(raw)}, not an event object`,
      position,
    );
  const id = eventIdOf(raw) ?? position;
  const type = raw.eventType ?? raw.event_type;
  checkEventType(file, type, id);
  try {
    if (!fromJson || (typeof type === 'string' && !type.startsWith('EVENT_TYPE_'))) {
      // Short PascalCase enum names: the SDK's own decoder knows them.
      return (historyFromJSON({ events: [raw] }).events ?? [])[0] as HistoryEvent;
    }
    // Through the History type, as historyFromJSON decodes: the same plain event objects.
    return ((fromJson(HISTORY_TYPE, { events: [raw] }, { ignoreUnknownFields: true }) as History).events ??
      [])[0] as HistoryEvent;
  } catch (err) {
    throw new HistoryProblem(file, `does not decode: ${decodeReason(raw, err)}`, id);
  }
}

function eventIdOf(raw: JsonEvent): number | undefined {
  const id = raw.eventId ?? raw.event_id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
  if (typeof id === 'string' && /^[1-9]\d{0,14}$/.test(id)) return Number(id);
  return undefined;
}

/** protojson ignores an enum name it does not know (the event becomes "unspecified"): it must not pass unseen. */
function checkEventType(file: string, type: unknown, id: number): void {
  if (type === undefined || type === null || type === '') throw new HistoryProblem(file, 'no eventType', id);
  const known =
    typeof type === 'number'
      ? Number.isInteger(type) && type in EventType
      : typeof type === 'string' &&
        (type.startsWith('EVENT_TYPE_') ? type : `EVENT_TYPE_${constantCase(type)}`) in EventType;
  if (!known || type === 'EVENT_TYPE_UNSPECIFIED' || type === 0 || type === 'Unspecified') {
    throw new HistoryProblem(file, `unknown event type ${JSON.stringify(type)}`, id);
  }
}

function constantCase(pascal: string): string {
  return pascal.replace(/(?<!^)([A-Z])/g, '_$1').toUpperCase();
}

/** protobufjs names the type, not the field (`.temporal.api.history.v1.HistoryEvent.eventId: …`): keep it readable. */
function decodeReason(raw: JsonEvent, err: unknown): string {
  const message = (err as Error).message
    .replace(/^\.temporal\.api\.\w+\.v1\.|^\.google\.protobuf\./, '')
    .replace(/^HistoryEvent\./, '');
  if (message === 'invalid encoding') {
    const field = invalidBase64Field(raw, EVENT_TYPE);
    return field ? `${field} is not valid base64` : 'a bytes field is not valid base64';
  }
  if (/^Missing attributes/.test(message)) {
    return Object.keys(raw).some((key) => key.endsWith('_event_attributes'))
      ? 'short enum names ("ActivityTaskScheduled") with snake_case field names: no Temporal tool writes this mix; use EVENT_TYPE_ constants or camelCase fields'
      : 'no …EventAttributes member';
  }
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
