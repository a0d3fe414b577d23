import Long from 'long';
import { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type Payload = temporal.api.common.v1.IPayload;
export type Failure = temporal.api.failure.v1.IFailure;
export const EventType = temporal.api.enums.v1.EventType;
export type EventType = temporal.api.enums.v1.EventType;
export const RetryState = temporal.api.enums.v1.RetryState;

/** The payload metadata key and value of the JSON encoding every SDK writes. */
export const encodingKeys = { key: 'encoding', json: new TextEncoder().encode('json/plain') } as const;

/** A long-like value as a plain number: a Long, or a Long that crossed a thread as `{ low, high }`. */
export type LongLike = Long | { low: number; high: number } | number | string | null | undefined;

/** An event's id (or any int64 in a history) as a plain number: they never come near 2^53. */
export function idOf(value: LongLike): number {
  if (value == null) return 0;
  if (typeof value !== 'object') return Number(value);
  return value.high * 0x1_0000_0000 + (value.low >>> 0);
}

export function long(value: number): Long {
  return Long.fromNumber(value);
}

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`, for messages. */
export function eventTypeName(type: EventType | null | undefined): string {
  const constant = type == null ? 'EVENT_TYPE_UNSPECIFIED' : (EventType[type] ?? String(type));
  return constant
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

/** The one `...EventAttributes` member an event carries, with its key. */
export function attributesOf(event: HistoryEvent): { key: string; attributes: Record<string, unknown> } | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value != null) return { key, attributes: value as Record<string, unknown> };
  }
  return undefined;
}

export function startedAttributes(history: History) {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes ?? undefined;
}
