/** Reads a history recorded live (test/fixtures/truthful/histories by default) as plain facts for assertions. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TRUTHFUL_HISTORIES = resolve(__dirname, '../fixtures/truthful/histories');

type Attributes = Record<string, any>; // raw JSON attributes, read loosely by tests

export interface LiveEvent {
  id: number;
  /** The event type without the `EVENT_TYPE_` prefix. */
  type: string;
  /** Event time in milliseconds. */
  time: number;
  attributes: Attributes;
}

export interface ScheduledActivity {
  activity: string;
  scheduledId: number;
  /** The `WorkflowTaskCompleted` event of the task that issued it. */
  task: number;
  taskQueue: string;
  startToCloseTimeout: string;
  maximumAttempts: number | undefined;
  input: unknown[];
  started: boolean;
  completed: boolean;
  result: unknown[];
}

export function loadLive(name: string, folder = TRUTHFUL_HISTORIES): LiveEvent[] {
  return loadHistoryFile(join(folder, `${name}.json`));
}

export function loadHistoryFile(path: string): LiveEvent[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { events: Array<Record<string, unknown>> };
  return json.events.map((event) => {
    const key = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
    return {
      id: Number(event.eventId),
      type: String(event.eventType).replace(/^EVENT_TYPE_/, ''),
      time: timeMs(String(event.eventTime)),
      attributes: (key ? event[key] : {}) as Attributes,
    };
  });
}

/** `2026-11-26T06:14:40.789123456Z` → ms; the fraction is cut to milliseconds. */
function timeMs(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d*Z$/, '$1Z'));
}

export function decodePayloads(payloads: { payloads?: Array<{ data?: string }> } | undefined): unknown[] {
  // `binary/null` payloads (an activity returning nothing) carry no data.
  return (payloads?.payloads ?? []).map((payload) =>
    payload.data ? JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) : undefined,
  );
}

/** The first activity failure: where the fault happened. */
export function faultEvent(events: LiveEvent[]): LiveEvent {
  const fault = events.find((event) => event.type === 'ACTIVITY_TASK_FAILED');
  if (!fault) throw new Error('the history has no ActivityTaskFailed');
  return fault;
}

/** Every activity the workflow scheduled, with what became of it. */
export function scheduledActivities(events: LiveEvent[]): ScheduledActivity[] {
  return events
    .filter((event) => event.type === 'ACTIVITY_TASK_SCHEDULED')
    .map((event) => {
      const a = event.attributes;
      const after = (type: string) =>
        events.find((e) => e.type === type && Number(e.attributes.scheduledEventId) === event.id);
      const completed = after('ACTIVITY_TASK_COMPLETED');
      return {
        activity: a.activityType.name,
        scheduledId: event.id,
        task: Number(a.workflowTaskCompletedEventId),
        taskQueue: a.taskQueue.name,
        startToCloseTimeout: a.startToCloseTimeout,
        maximumAttempts: a.retryPolicy?.maximumAttempts,
        input: decodePayloads(a.input),
        started: after('ACTIVITY_TASK_STARTED') !== undefined,
        completed: completed !== undefined,
        result: completed ? decodePayloads(completed.attributes.result) : [],
      };
    });
}

/** The activities scheduled after the fault: the rollback. */
export function rollback(events: LiveEvent[]): ScheduledActivity[] {
  const fault = faultEvent(events);
  return scheduledActivities(events).filter((activity) => activity.scheduledId > fault.id);
}

export function rollbackNames(events: LiveEvent[]): string[] {
  return rollback(events).map((activity) => activity.activity);
}

const CLOSES = ['COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW'].map(
  (s) => `WORKFLOW_EXECUTION_${s}`,
);

export function closeEvent(events: LiveEvent[]): LiveEvent | undefined {
  return events.find((event) => CLOSES.includes(event.type));
}

export function eventsOfType(events: LiveEvent[], type: string): LiveEvent[] {
  return events.filter((event) => event.type === type);
}
