import { defaultPayloadConverter, encodingTypes, type PayloadConverter } from '@temporalio/common';
import { Field, MapField, Type, util } from 'protobufjs';
import { EventType, HistoryEvent, Payload } from '../history/events';
import { PAYLOAD_TYPE } from './proto-types';
import { firstLine } from '../util/load-module';

const DEFAULT_CONVERTER_READS = new Set<string>([
  encodingTypes.METADATA_ENCODING_NULL,
  encodingTypes.METADATA_ENCODING_RAW,
  encodingTypes.METADATA_ENCODING_JSON,
]);

/**
 * Events that record what the workflow itself wrote (its commands): replay never decodes their
 * payloads, so an encoding only the team's converter knows is no damage there (the SDK's own
 * lang_flags_replay_correctly_1_11_1.json ends with a result encoded "binary/null\n").
 */
const WRITTEN_BY_WORKFLOW = new Set<EventType>([
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
]);

export interface PayloadCheckOptions {
  /**
   * The team's payload converter (`--payload-converter`): payloads the workflow reads are decoded
   * with it, as the replayed workflow will; without it, with the SDK's default converter.
   */
  payloadConverter?: PayloadConverter;
  /** Payloads are still encoded by the team's codecs (`--data-converter`): they are checked when decoded, not here. */
  encoded?: boolean;
}

/**
 * The first payload of an event that would not decode as the replayed workflow decodes it, with
 * where it sits: `activityTaskCompletedEventAttributes.result.payloads[0]: …`.
 */
export function payloadProblem(
  event: HistoryEvent,
  eventType: Type,
  options: PayloadCheckOptions = {},
): string | undefined {
  if (options.encoded) return undefined;
  const readByWorkflow = !WRITTEN_BY_WORKFLOW.has(event.eventType as EventType);
  let found: string | undefined;
  walkPayloads(event as Record<string, unknown>, eventType, '', (payload, path) => {
    const problem = checkPayload(payload, readByWorkflow, options.payloadConverter);
    if (problem) found = `payload ${path}: ${problem}`;
    return found !== undefined;
  });
  return found;
}

function checkPayload(
  payload: Payload,
  readByWorkflow: boolean,
  teamConverter: PayloadConverter | undefined,
): string | undefined {
  if (readByWorkflow && teamConverter)
    return decodes(teamConverter, payload, 'does not decode with the given payload converter');
  const raw = payload.metadata?.encoding;
  if (!raw || raw.length === 0) return readByWorkflow ? 'no "encoding" in its metadata' : undefined;
  const encoding = Buffer.from(raw).toString('utf8');
  // Whatever reads them, data in the default converter's own encodings must decode (else: damage).
  if (DEFAULT_CONVERTER_READS.has(encoding))
    return decodes(defaultPayloadConverter, payload, `${encoding} data does not decode`);
  if (encoding === encodingTypes.METADATA_ENCODING_PROTOBUF_JSON) return parsesAsJson(payload, encoding);
  if (encoding === encodingTypes.METADATA_ENCODING_PROTOBUF || !readByWorkflow) return undefined;
  if (!/^[\x20-\x7e]+$/.test(encoding)) {
    return `its "encoding" is not text (bytes ${Buffer.from(raw).toString('hex')}); in history JSON, metadata values are base64 ("${Buffer.from('json/plain').toString('base64')}" is json/plain)`;
  }
  return `unknown encoding ${JSON.stringify(encoding)}: the SDK's default payload converter cannot decode it (give --payload-converter if your worker uses its own)`;
}

function decodes(converter: PayloadConverter, payload: Payload, failure: string): string | undefined {
  try {
    converter.fromPayload(payload as never);
    return undefined;
  } catch (err) {
    return `${failure}: ${firstLine(err)}`;
  }
}

function parsesAsJson(payload: Payload, encoding: string): string | undefined {
  try {
    JSON.parse(Buffer.from(payload.data ?? []).toString('utf8'));
    return undefined;
  } catch (err) {
    return `${encoding} data is not valid JSON: ${(err as Error).message}`;
  }
}

const holdsPayloadMemo = new Map<Type, boolean>();

/** Whether a message type can contain a Payload somewhere below it (so the walk skips the rest). */
function holdsPayload(type: Type): boolean {
  const memo = holdsPayloadMemo.get(type);
  if (memo !== undefined) return memo;
  holdsPayloadMemo.set(type, false); // recursive types (Failure.cause) end here while being decided
  const result = type === PAYLOAD_TYPE || messageFields(type).some((field) => holdsPayload(field.resolvedType as Type));
  holdsPayloadMemo.set(type, result);
  return result;
}

const messageFieldsMemo = new Map<Type, Field[]>();

function messageFields(type: Type): Field[] {
  let fields = messageFieldsMemo.get(type);
  if (!fields) {
    fields = type.fieldsArray.map((field) => field.resolve()).filter((field) => field.resolvedType instanceof Type);
    messageFieldsMemo.set(type, fields);
  }
  return fields;
}

/** Visits every Payload in a decoded message, by the message's reflected type; stops when `visit` says so. */
function walkPayloads(
  message: Record<string, unknown>,
  type: Type,
  path: string,
  visit: (payload: Payload, path: string) => boolean,
): boolean {
  if (type === PAYLOAD_TYPE) return visit(message as Payload, path);
  for (const field of messageFields(type)) {
    const child = field.resolvedType as Type;
    const value = message[field.name];
    if (value == null || !holdsPayload(child)) continue;
    const at = path ? `${path}.${field.name}` : field.name;
    const entries: Array<[string, unknown]> =
      field instanceof MapField || (field as { map?: boolean }).map
        ? Object.entries(value as Record<string, unknown>).map(([key, item]) => [`${at}[${JSON.stringify(key)}]`, item])
        : field.repeated
          ? (value as unknown[]).map((item, index) => [`${at}[${index}]`, item])
          : [[at, value]];
    for (const [itemPath, item] of entries) {
      if (item != null && walkPayloads(item as Record<string, unknown>, child, itemPath, visit)) return true;
    }
  }
  return false;
}

/**
 * Where in a raw JSON event a bytes field is not base64 (protobufjs only says "invalid encoding"),
 * found with protobufjs' own base64 decoder, by the event's reflected type.
 */
export function invalidBase64Field(raw: Record<string, unknown>, type: Type, path = ''): string | undefined {
  for (const [key, value] of Object.entries(raw)) {
    const field = fieldNamed(type, key);
    if (!field || value == null) continue;
    const at = path ? `${path}.${key}` : key;
    const items: Array<[string, unknown]> =
      (field as { map?: boolean }).map && typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>).map(([k, item]) => [`${at}[${JSON.stringify(k)}]`, item])
        : field.repeated && Array.isArray(value)
          ? value.map((item, index) => [`${at}[${index}]`, item])
          : [[at, value]];
    for (const [itemPath, item] of items) {
      if (field.type === 'bytes' && typeof item === 'string' && !decodesAsBase64(item)) return itemPath;
      if (field.resolvedType instanceof Type && typeof item === 'object' && item !== null) {
        const inner = invalidBase64Field(item as Record<string, unknown>, field.resolvedType, itemPath);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

function fieldNamed(type: Type, key: string): Field | undefined {
  return type.fieldsArray
    .map((field) => field.resolve())
    .find(
      (field) =>
        field.name === key || (field as { protoName?: string }).protoName === key || field.name === util.camelCase(key),
    );
}

function decodesAsBase64(text: string): boolean {
  try {
    util.base64.decode(text, new Uint8Array(util.base64.length(text)), 0);
    return true;
  } catch {
    return false;
  }
}
