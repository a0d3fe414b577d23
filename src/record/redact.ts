import { createHash } from 'node:crypto';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
type Payload = temporal.api.common.v1.IPayload;

const JSON_ENCODING = 'json/plain';
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Replaces personal data in every payload of a history (inputs, results, failure details, memos,
 * headers, search attributes) and in every failure's message and stack trace. JSON payloads keep
 * their shape: each string becomes `redacted:<hash>`, the same string always the same hash, so the
 * workflow still sees equal values as equal and replays the same path. Numbers, booleans and nulls
 * stay. Payloads in other encodings become the JSON string "redacted". A failure keeps its type
 * (`applicationFailureInfo.type`, what retry policies and code branch on) and its cause chain.
 */
export function redactHistory(history: History): History {
  return redactValue(history) as History;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (isPayload(value)) return redactPayload(value);
  const redacted = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  return isFailure(value) ? redactFailureText(redacted) : redacted;
}

/** A `temporal.api.failure.v1.Failure`: the only message with a stack trace and a `*FailureInfo`. */
function isFailure(value: object): boolean {
  return 'stackTrace' in value || Object.keys(value).some((key) => key.endsWith('FailureInfo'));
}

function redactFailureText(failure: Record<string, unknown>): Record<string, unknown> {
  for (const field of ['message', 'stackTrace']) {
    if (typeof failure[field] === 'string' && failure[field] !== '') failure[field] = hashed(failure[field] as string);
  }
  return failure;
}

function isPayload(value: object): value is Payload {
  const candidate = value as Payload;
  return candidate.data instanceof Uint8Array && candidate.metadata?.encoding instanceof Uint8Array;
}

function redactPayload(payload: Payload): Payload {
  const encoding = decoder.decode(payload.metadata!.encoding!);
  if (encoding === 'binary/null') return payload;
  const redacted = encoding === JSON_ENCODING ? redactJson(JSON.parse(decoder.decode(payload.data!))) : 'redacted';
  return {
    ...payload,
    metadata: { ...payload.metadata, encoding: encoder.encode(JSON_ENCODING) },
    data: encoder.encode(JSON.stringify(redacted)),
  };
}

function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return hashed(value);
  if (Array.isArray(value)) return value.map(redactJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactJson(inner)]));
  }
  return value;
}

function hashed(text: string): string {
  return `redacted:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
