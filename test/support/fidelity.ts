/**
 * The strict comparison of a path the tool followed with a history a real server recorded (the
 * fidelity tests): event by event, with only what differs between two runs of the same code set aside.
 */
import { expect } from 'chai';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { millisOf } from '../../src/history/builder';
import { durationMillis, durationText } from '../../src/history/durations';
import { Failure, HistoryEvent, idOf } from '../../src/history/events';
import type { LoadedHistory } from '../../src/model/history';
import type { PayloadDecoder } from '../../src/replay/decode';
import type { ActivityOptions, FailureLevel, Observation, ObservedCommand } from '../../src/model/observation';

/**
 * What differs between two runs of the same code on the same input: ids the server or worker made
 * up (task ids, run ids, request ids), times, identities, the bundle's build id, the history size,
 * and stack traces (paths of the recording machine). A sticky task queue's name (a worker's pid and
 * a random part) is set aside too, not its kind; every other name (activity and workflow types,
 * task queues, markers) is compared.
 */
const SET_ASIDE = new Set([
  'eventTime',
  'taskId',
  'identity',
  'requestId',
  'historySizeBytes',
  'buildId',
  'originalExecutionRunId',
  'firstExecutionRunId',
  'workflowId',
  'stackTrace',
  'newExecutionRunId',
  'runId',
  'namespaceId',
]);

export function normalized(events: HistoryEvent[]): unknown[] {
  const json = JSON.parse(historyToJSON({ events: events.map(withLocalActivityTimesSetAside) })).events as unknown[];
  return JSON.parse(
    JSON.stringify(json, (key, value) => {
      if (SET_ASIDE.has(key) && typeof value === 'string') return '<set aside>';
      // Core writes the cancelling run's id into a cancellation's reason: a run id, set aside like the others.
      if (key === 'reason' && typeof value === 'string')
        return value.replace(/^(Cancel requested by workflow with run id )\S+/, '$1<set aside>');
      if (key === 'coreUsedFlags') return [...value].sort(); // a set: core writes it in any order
      if (key === 'taskQueue' && value?.kind === 'TASK_QUEUE_KIND_STICKY')
        return { ...value, name: '<sticky>', normalName: undefined };
      return value;
    }),
  );
}

/** A local activity marker's data holds when the worker ran it (times differ between runs): set aside like event times. */
function withLocalActivityTimesSetAside(event: HistoryEvent): HistoryEvent {
  const marker = event.markerRecordedEventAttributes;
  const payload = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0] : undefined;
  if (!payload?.data) return event;
  const data = JSON.parse(Buffer.from(payload.data).toString('utf8')) as Record<string, unknown>;
  for (const key of ['complete_time', 'original_schedule_time']) if (data[key]) data[key] = '<set aside>';
  const details = { ...marker!.details, data: { payloads: [{ ...payload, data: Buffer.from(JSON.stringify(data)) }] } };
  return { ...event, markerRecordedEventAttributes: { ...marker, details } };
}

/**
 * Compares two histories event by event, so a failure names the first event that differs; then the
 * time relations a server keeps in both (absolute times differ between runs, these may not).
 */
export function expectSameEvents(tool: HistoryEvent[], real: HistoryEvent[]): void {
  const [a, b] = [normalized(tool), normalized(real)];
  for (let i = 0; i < Math.min(a.length, b.length); i++) expect(a[i], `event ${i + 1}`).to.deep.equal(b[i]);
  expect(a.length, 'number of events').to.equal(b.length);
  expectServerTime(tool, "the tool's path");
  expectServerTime(real, 'the real history');
}

/**
 * Times as a server keeps them: never going back (but an ActivityTaskStarted, which the server
 * writes when the attempt closes, carries the earlier time the attempt started; a child's close
 * buffered during a workflow task carries the time it closed; an activity that ended during a
 * workflow task carries its own time after that task's commands), and a timer fires
 * no sooner than its duration after it started (live it fires a little later; the tool fires it
 * exactly then).
 */
export function expectServerTime(events: HistoryEvent[], which: string): void {
  const time = (event: HistoryEvent) => millisOf(event.eventTime);
  let previous: HistoryEvent | undefined;
  let taskStarted: HistoryEvent | undefined;
  for (const event of events) {
    if (event.activityTaskStartedEventAttributes) continue;
    // A child that closes while a workflow task is in flight: the server buffers the event and writes it after the task, with the time it happened.
    if (
      event.childWorkflowExecutionTerminatedEventAttributes ||
      event.childWorkflowExecutionCanceledEventAttributes ||
      event.childWorkflowExecutionFailedEventAttributes ||
      event.childWorkflowExecutionCompletedEventAttributes
    )
      continue;
    if (event.workflowTaskStartedEventAttributes) taskStarted = event;
    if (taskStarted && activityClosed(event)) {
      // An activity that ends while a workflow task runs is written after that task's commands,
      // with the time it ended: never before the task started, maybe before its commands.
      expect(
        time(event),
        `${which}: event ${idOf(event.eventId)} is not earlier than the workflow task started at event ${idOf(taskStarted.eventId)}`,
      ).to.be.at.least(time(taskStarted));
      continue;
    }
    if (previous)
      expect(
        time(event),
        `${which}: event ${idOf(event.eventId)} is not earlier than event ${idOf(previous.eventId)}`,
      ).to.be.at.least(time(previous));
    previous = event;
  }
  for (const event of events) {
    const fired = event.timerFiredEventAttributes;
    if (!fired) continue;
    const started = events[idOf(fired.startedEventId) - 1];
    const duration = durationMillis(started.timerStartedEventAttributes?.startToFireTimeout);
    expect(
      time(event) - time(started),
      `${which}: timer of event ${idOf(started.eventId)} fires after its ${duration} ms`,
    ).to.be.at.least(duration);
  }
}

/**
 * Results for the activities the happy history never ran (the undos): what they returned in the
 * real run, as a team would give them with --results. Without them the tool completes them with
 * no payload at all, where the real worker wrote one (`binary/null` for a void undo).
 */
export function realResultsOfUnrecorded(real: LoadedHistory, happy: LoadedHistory): Record<string, unknown> {
  const typeAt = (events: HistoryEvent[], id: number) =>
    events[id - 1]?.activityTaskScheduledEventAttributes?.activityType?.name ?? '';
  const recordedTypes = new Set(
    happy.events
      .filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => typeAt(happy.events, idOf(e.eventId))),
  );
  const given: Record<string, unknown> = {};
  for (const event of real.events) {
    const completed = event.activityTaskCompletedEventAttributes;
    const type = completed && typeAt(real.events, idOf(completed.scheduledEventId));
    if (!type || recordedTypes.has(type) || Object.hasOwn(given, type)) continue;
    const payload = completed.result?.payloads?.[0];
    given[type] = payload ? defaultPayloadConverter.fromPayload(payload as never) : undefined;
  }
  // Child workflows the happy history never started (a child undo), likewise by workflow type.
  const recordedChildren = new Set(
    happy.events.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ?? []),
  );
  for (const event of real.events) {
    const completed = event.childWorkflowExecutionCompletedEventAttributes;
    const type = completed?.workflowType?.name;
    if (!type || recordedChildren.has(type) || Object.hasOwn(given, type)) continue;
    const payload = completed.result?.payloads?.[0];
    given[type] = payload ? defaultPayloadConverter.fromPayload(payload as never) : undefined;
  }
  return given;
}

function activityClosed(event: HistoryEvent): boolean {
  return Boolean(
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskCanceledEventAttributes ??
    event.activityTaskTimedOutEventAttributes,
  );
}

function durations(
  pairs: Array<[keyof ActivityOptions, Parameters<typeof durationText>[0]]>,
): Partial<ActivityOptions> {
  return Object.fromEntries(pairs.map(([name, value]) => [name, durationText(value)]).filter(([, text]) => text));
}

/** The options the real ActivityTaskScheduled shows, less the defaults the server fills in where the command left them unset. */
function realOptions(event: HistoryEvent, workflowTaskQueue: string): ActivityOptions {
  const s = event.activityTaskScheduledEventAttributes!;
  const queue = s.taskQueue?.name ?? '';
  const options: ActivityOptions = {
    taskQueue: queue === workflowTaskQueue ? "(workflow's)" : queue,
    ...durations([
      ['startToClose', s.startToCloseTimeout],
      ['scheduleToClose', s.scheduleToCloseTimeout],
      ['scheduleToStart', s.scheduleToStartTimeout],
      ['heartbeat', s.heartbeatTimeout],
    ]),
  };
  const policy = s.retryPolicy;
  if (policy) {
    const initial = durationText(policy.initialInterval);
    const maximum = durationText(policy.maximumInterval);
    const retry: Record<string, unknown> = {};
    if (initial) retry.initialInterval = initial;
    if (policy.backoffCoefficient && policy.backoffCoefficient !== 2)
      retry.backoffCoefficient = policy.backoffCoefficient;
    if (maximum && parseFloat(maximum) !== 100 * parseFloat(initial || '1')) retry.maximumInterval = maximum;
    if (policy.maximumAttempts) retry.maximumAttempts = policy.maximumAttempts;
    if (policy.nonRetryableErrorTypes?.length) retry.nonRetryableErrorTypes = [...policy.nonRetryableErrorTypes];
    if (Object.keys(retry).length) options.retry = retry;
  }
  return options;
}

function realFailureLevels(failure: Failure | null | undefined, decoder: PayloadDecoder): FailureLevel[] {
  const levels: FailureLevel[] = [];
  for (let current = failure; current; current = current.cause) {
    const info = current.applicationFailureInfo;
    const plain = current.activityFailureInfo
      ? 'ActivityFailure'
      : current.timeoutFailureInfo
        ? 'TimeoutFailure'
        : 'Failure';
    const level: FailureLevel = {
      type: info ? info.type || 'ApplicationFailure' : plain,
      message: current.message ?? '',
    };
    if (info?.nonRetryable) level.nonRetryable = true;
    if (info?.details?.payloads?.length) level.details = decoder.values(info.details.payloads);
    levels.push(level);
  }
  return levels;
}

/** What the real failure history shows the workflow doing after the failure, grouped per workflow task as the engine observes it. */
export function realTasksAndClose(
  real: LoadedHistory,
  failedAt: number,
  decoder: PayloadDecoder,
): Pick<Observation, 'tasks' | 'close'> {
  const workflowTaskQueue = real.events[0].workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '';
  const byTask = new Map<number, ObservedCommand[]>();
  for (const event of real.events.slice(failedAt)) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) continue;
    const task = idOf(scheduled.workflowTaskCompletedEventId);
    byTask.set(task, [
      ...(byTask.get(task) ?? []),
      {
        activity: scheduled.activityType!.name!,
        args: decoder.values(scheduled.input?.payloads),
        options: realOptions(event, workflowTaskQueue),
      },
    ]);
  }
  const failed = real.events.find((e) => e.workflowExecutionFailedEventAttributes)!;
  return {
    tasks: [...byTask.values()],
    close: {
      status: 'failed',
      failure: realFailureLevels(failed.workflowExecutionFailedEventAttributes!.failure, decoder),
    },
  };
}
