import { Writer } from 'protobufjs/minimal';
import { temporal } from '@temporalio/proto';
import type { HistoryEvent } from './events';

const History = temporal.api.history.v1.History;
const entries = new WeakMap<HistoryEvent, Uint8Array>();

/**
 * An event as it stands in an encoded History (field 1: tag, length, the event), encoded once and
 * kept while the event lives: a path's events go to the worker, into the history's size, and into
 * its proof replay, and every scenario of a history starts from the same recorded events. Nothing
 * changes an event once it is written (the builder appends new ones).
 */
export function encodedEntry(event: HistoryEvent): Uint8Array {
  let entry = entries.get(event);
  if (!entry) {
    // A copy: what protobufjs returns may be a view into a shared 8 KiB pool, which it would keep alive.
    entry = new Uint8Array(History.encode({ events: [event] }).finish());
    entries.set(event, entry);
  }
  return entry;
}

/** The encoded History of these events: their entries one after the other, as protobuf allows. */
export function encodeHistory(events: readonly HistoryEvent[]): Uint8Array {
  return Buffer.concat(events.map(encodedEntry));
}

/**
 * A message already encoded without its History field, with that field (number `field`) written
 * from `events`: a field may come anywhere in a protobuf message, so it goes last.
 */
export function withHistoryField(encoded: Uint8Array, field: number, events: readonly HistoryEvent[]): Uint8Array {
  const history = encodeHistory(events);
  const header = Writer.create()
    .uint32((field << 3) | 2)
    .uint32(history.length)
    .finish();
  return Buffer.concat([encoded, header, history]);
}
