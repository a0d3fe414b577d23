import Long from 'long';
import { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type Payload = temporal.api.common.v1.IPayload;
export type Failure = temporal.api.failure.v1.IFailure;
export const EventType = temporal.api.enums.v1.EventType;
export type EventType = temporal.api.enums.v1.EventType;
export const RetryState = temporal.api.enums.v1.RetryState;

/** An event's id as a plain number (history ids are int64 but never near 2^53). */
export function idOf(value: Long | number | string | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'object' ? value.toNumber() : Number(value);
}

export function long(value: number): Long {
  return Long.fromNumber(value);
}

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`, for messages. */
export function eventTypeName(type: EventType | null | undefined): string {
  const constant = type == null ? 'EVENT_TYPE_UNSPECIFIED' : EventType[type] ?? String(type);
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
