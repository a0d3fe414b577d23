import { temporal } from '@temporalio/proto';
import { HistoryBuilder, millisOf } from '../history/builder';
import { durationMillis } from '../history/durations';
import { Failure, RetryState } from '../history/events';
import type { ActivityStep } from '../steps/steps';
import { FaultKind, injectActivityFault } from './fault';

const TimeoutType = temporal.api.enums.v1.TimeoutType;
type TimeoutType = temporal.api.enums.v1.TimeoutType;
type RetryStateValue = temporal.api.enums.v1.RetryState;

/** The catalogue's name for each timeout, and the server's (`activity StartToClose timeout`). */
const TIMEOUTS = {
  'start-to-close': { type: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE, server: 'StartToClose', code: 'TSC' },
  'schedule-to-close': { type: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, server: 'ScheduleToClose', code: 'TCL' },
  'schedule-to-start': { type: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START, server: 'ScheduleToStart', code: 'TST' },
  heartbeat: { type: TimeoutType.TIMEOUT_TYPE_HEARTBEAT, server: 'Heartbeat', code: 'THB' },
} as const;
type TimeoutName = keyof typeof TIMEOUTS;

/** The message the server writes when a retry would pass the schedule-to-close deadline (and when that deadline fires). */
const OUT_OF_TIME =
  'Not enough time to schedule next retry before activity ScheduleToClose timeout, giving up retrying';

/** What the server writes when the step times out for good: the last attempt (none: never started) and the timeout. */
interface TimedOut {
  started?: { attempt: number; lastFailure?: Failure; atMs: number };
  failure: Failure;
  retryState: RetryStateValue;
  atMs: number;
}

function timeoutFailure(name: TimeoutName, message = `activity ${TIMEOUTS[name].server} timeout`): Failure {
  return { message, source: 'Server', timeoutFailureInfo: { timeoutType: TIMEOUTS[name].type } };
}

/** The failure of the TimedOut event: the last attempt's failure, when there was one, is its cause. */
function finalFailure(failure: Failure, previous: Failure | undefined): Failure {
  return previous ? { ...failure, cause: previous } : failure;
}

function ms(duration: Parameters<typeof durationMillis>[0]): number {
  return durationMillis(duration);
}

/** The backoff before retry `attempt + 1`, as the server computes it from the policy it filled in. */
function backoffMs(step: ActivityStep, attempt: number): number {
  const policy = step.retryPolicy;
  const initial = ms(policy?.initialInterval) || 1000;
  const coefficient = policy?.backoffCoefficient || 2;
  const maximum = ms(policy?.maximumInterval) || 100 * initial;
  return Math.min(initial * coefficient ** (attempt - 1), maximum);
}

const FOREVER = 10_000;

/**
 * A step whose every attempt hangs until `perAttemptMs` passes, timed out by `attemptTimeout`,
 * retried by the server per the step's policy: the attempt that ends it and how. Undefined when
 * it never ends that way (retried forever).
 */
function hungAttempts(
  step: ActivityStep,
  attemptTimeout: 'start-to-close' | 'heartbeat',
): { end: 'attempts' | 'schedule-to-close'; timedOut: TimedOut } | undefined {
  const perAttemptMs = (attemptTimeout === 'heartbeat' ? step.timeouts.heartbeat : step.timeouts.startToClose) * 1000;
  const budgetMs = step.timeouts.scheduleToClose * 1000;
  const maximumAttempts = step.retryPolicy?.maximumAttempts ?? 0;
  let startMs = 0;
  let previous: Failure | undefined;
  for (let attempt = 1; attempt < FOREVER; attempt++) {
    const started = { attempt, lastFailure: previous, atMs: startMs };
    const endMs = startMs + perAttemptMs;
    const outOfTime = (atMs: number) => ({
      end: 'schedule-to-close' as const,
      timedOut: {
        started,
        failure: finalFailure(timeoutFailure('schedule-to-close', OUT_OF_TIME), previous),
        retryState: RetryState.RETRY_STATE_TIMEOUT,
        atMs,
      },
    });
    if (budgetMs && endMs >= budgetMs) return outOfTime(budgetMs);
    if (maximumAttempts && attempt >= maximumAttempts) {
      return {
        end: 'attempts',
        timedOut: {
          started,
          failure: finalFailure(timeoutFailure(attemptTimeout), previous),
          retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
          atMs: endMs,
        },
      };
    }
    const retryAtMs = endMs + backoffMs(step, attempt);
    if (budgetMs && retryAtMs >= budgetMs) return outOfTime(endMs);
    previous = timeoutFailure(attemptTimeout);
    startMs = retryAtMs;
  }
  return undefined;
}

/** The attempt-level timeout an attempt that never answers (and never heartbeats) meets first. */
function firstAttemptTimeout(step: ActivityStep): 'start-to-close' | 'heartbeat' {
  const { heartbeat, startToClose } = step.timeouts;
  return heartbeat > 0 && heartbeat < startToClose ? 'heartbeat' : 'start-to-close';
}

const FOREVER_REASON =
  'its retry policy retries a timed-out attempt forever (no maximumAttempts, no schedule-to-close timeout): the step never times out for good';

/** How the step times out for good with `name`, or why it cannot. */
export function timeoutOutcome(step: ActivityStep, name: TimeoutName): TimedOut | string {
  const t = step.timeouts;
  if (name === 'schedule-to-start') {
    if (!t.scheduleToStart) return 'it sets no schedule-to-start timeout';
    if (t.scheduleToClose && t.scheduleToStart >= t.scheduleToClose) {
      return 'its schedule-to-start timeout is not shorter than its schedule-to-close timeout (the server sets it so when the workflow gives none): an activity never picked up ends by schedule-to-close';
    }
    return {
      failure: timeoutFailure('schedule-to-start'),
      retryState: RetryState.RETRY_STATE_TIMEOUT,
      atMs: t.scheduleToStart * 1000,
    };
  }
  if (name === 'schedule-to-close') {
    if (!t.scheduleToClose) return 'it sets no schedule-to-close timeout';
    const hung = hungAttempts(step, firstAttemptTimeout(step));
    if (hung?.end === 'attempts')
      return `its ${step.retryPolicy?.maximumAttempts} attempts time out (${firstAttemptTimeout(step)}) before its schedule-to-close timeout: see activity-timeout:${firstAttemptTimeout(step)}`;
    return hung ? hung.timedOut : FOREVER_REASON;
  }
  if (name === 'heartbeat') {
    if (!t.heartbeat) return 'it sets no heartbeat timeout';
    if (t.heartbeat >= t.startToClose)
      return 'its heartbeat timeout is not shorter than its start-to-close timeout: an attempt that stops heartbeating ends by start-to-close';
  }
  const hung = hungAttempts(step, name);
  if (!hung) return FOREVER_REASON;
  if (hung.end === 'schedule-to-close')
    return `its schedule-to-close timeout ends the step before its attempts run out: see activity-timeout:schedule-to-close`;
  return hung.timedOut;
}

function writeTimeout(builder: HistoryBuilder, scheduledEventId: number, timedOut: TimedOut): void {
  const scheduledMs = millisOf(builder.events[scheduledEventId - 1].eventTime);
  const started = timedOut.started;
  const startedEventId = started
    ? builder.activityStarted(scheduledEventId, started.attempt, started.lastFailure, false, scheduledMs + started.atMs)
    : 0;
  builder.activityTimedOut(
    scheduledEventId,
    startedEventId,
    timedOut.failure,
    timedOut.retryState,
    scheduledMs + timedOut.atMs,
  );
}

function activityTimeout(name: TimeoutName): FaultKind {
  const outcome = (step: ActivityStep): TimedOut => {
    const timedOut = timeoutOutcome(step, name);
    if (typeof timedOut === 'string') throw new Error(`activity-timeout:${name} at step ${step.index}: ${timedOut}`);
    return timedOut;
  };
  return {
    name: `activity-timeout:${name}`,
    code: TIMEOUTS[name].code,
    notApplicable(step) {
      const timedOut = timeoutOutcome(step, name);
      return typeof timedOut === 'string' ? timedOut : undefined;
    },
    inject: (step, history) =>
      injectActivityFault(step, history, (builder, id) => writeTimeout(builder, id, outcome(step))),
    failActivity: (builder, id, step) => writeTimeout(builder, id, outcome(step)),
  };
}

/**
 * `activity-timeout:<type>`: the step times out for good as the server writes it when its
 * attempts never answer: the last attempt's ActivityTaskStarted (none for schedule-to-start),
 * then ActivityTaskTimedOut with the server's TimeoutFailure and retry state.
 */
export const ACTIVITY_TIMEOUTS: readonly FaultKind[] = (Object.keys(TIMEOUTS) as TimeoutName[]).map(activityTimeout);
