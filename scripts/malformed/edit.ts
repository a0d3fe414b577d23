// Helpers that damage copies of the recorded corpus; nothing here writes a history from scratch.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';

export const CORPUS = 'histories/tenant-provisioning';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonEvent = Record<string, any>;
export interface JsonHistory {
  events: JsonEvent[];
}

export interface Recorded {
  raw: string;
  json: JsonHistory;
}

export function recorded(name: string): Recorded {
  const raw = readFileSync(join(CORPUS, `${name}.json`), 'utf8');
  return { raw, json: JSON.parse(raw) as JsonHistory };
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export function eventOf(json: JsonHistory, id: number): JsonEvent {
  const found = json.events.find((e) => e.eventId === String(id));
  if (!found) throw new Error(`the recorded history has no event ${id}`);
  return found;
}

/** The one `...EventAttributes` object of an event, and its key. */
export function attributesOf(event: JsonEvent): { key: string; value: JsonEvent } {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
  if (!key) throw new Error(`event ${event.eventId} has no attributes`);
  return { key, value: event[key] as JsonEvent };
}

/** A copy of one event, with every id in it moved by `by` (its own id and its links). */
export function moved(event: JsonEvent, by: number): JsonEvent {
  const copy = clone(event);
  copy.eventId = String(Number(copy.eventId) + by);
  const { value } = attributesOf(copy);
  for (const link of ['scheduledEventId', 'startedEventId', 'workflowTaskCompletedEventId', 'initiatedEventId']) {
    if (value[link] !== undefined) value[link] = String(Number(value[link]) + by);
  }
  return copy;
}

export function b64(text: string | Buffer): string {
  return Buffer.from(text).toString('base64');
}

/** Edits one event of a copy of a recorded history and returns it as pretty JSON. */
export function editEvent(history: Recorded, id: number, edit: (event: JsonEvent, json: JsonHistory) => void): string {
  const copy = clone(history.json);
  edit(eventOf(copy, id), copy);
  return pretty(copy);
}

/** The first payload of an event's `input` or `result`. */
export function firstPayload(event: JsonEvent): JsonEvent {
  const { value } = attributesOf(event);
  const payloads = (value.input ?? value.result)?.payloads as JsonEvent[] | undefined;
  if (!payloads?.[0]) throw new Error(`event ${event.eventId} has no input or result payload`);
  return payloads[0];
}

/** The binary protobuf form, as `History.encode(await handle.fetchHistory())` writes it. */
export function binary(json: JsonHistory, edit?: (history: temporal.api.history.v1.IHistory) => void): Buffer {
  const history = historyFromJSON(json);
  edit?.(history);
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}

export function gzip(bytes: string | Buffer): Buffer {
  return gzipSync(bytes, { level: 9 });
}

export function utf16(text: string, order: 'le' | 'be', bom = true): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const bytes = order === 'le' ? le : Buffer.from(le).swap16();
  return bom ? Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]) : bytes;
}

/** Stable pseudo-random bytes (a SHA-256 chain), so the generated corpus is the same on every run. */
export function seededBytes(seed: string, length: number): Buffer {
  const chunks: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let total = 0; total < length; total += block.length) {
    chunks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/**
 * A history of exactly `count` events made from a recorded one: its first workflow task, then its
 * first step (activity scheduled, started, completed, and the workflow task after it) repeated with
 * ids and links moved on, as a long-running workflow looping on one activity would write.
 */
export function repeatedSteps(history: Recorded, count: number): JsonHistory {
  const head = history.json.events.slice(0, 4);
  const block = history.json.events.slice(4, 10);
  const events = [...head];
  for (let by = 0; events.length < count; by += block.length) {
    for (const event of block) events.push(moved(event, by));
  }
  return { events: events.slice(0, count) };
}
