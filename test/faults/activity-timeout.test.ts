import { expect } from 'chai';
import { timeoutOutcome } from '../../src/faults/activity-timeout';
import { RetryState } from '../../src/history/events';
import type { ActivityStep } from '../../src/steps/steps';

/** A step as the server recorded its options (seconds; 0 = not set) and retry policy. */
function step(
  timeouts: Partial<ActivityStep['timeouts']>,
  maximumAttempts?: number,
  initialInterval = 1,
): ActivityStep {
  return {
    index: 1,
    activityType: 'x',
    activityId: '1',
    scheduledEventId: 5,
    timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 0, heartbeat: 0, ...timeouts },
    retryPolicy: { initialInterval: { seconds: initialInterval as never }, backoffCoefficient: 2, maximumAttempts },
  };
}

const summary = (outcome: ReturnType<typeof timeoutOutcome>) =>
  typeof outcome === 'string'
    ? outcome
    : {
        attempt: outcome.started?.attempt,
        lastFailure: outcome.started?.lastFailure?.message,
        message: outcome.failure.message,
        cause: outcome.failure.cause?.message,
        retryState: outcome.retryState,
        atMs: outcome.atMs,
      };

describe('activity-timeout: which timeout ends a step, at which attempt, as the server retries it', () => {
  it('start-to-close with 3 attempts: the third attempt times out, carrying the second one’s timeout', () => {
    expect(summary(timeoutOutcome(step({ startToClose: 30 }, 3), 'start-to-close'))).to.deep.equal({
      attempt: 3,
      lastFailure: 'activity StartToClose timeout',
      message: 'activity StartToClose timeout',
      cause: 'activity StartToClose timeout',
      retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
      atMs: 30_000 + 1_000 + 30_000 + 2_000 + 30_000,
    });
  });

  it('one attempt: no lastFailure, no cause', () => {
    expect(summary(timeoutOutcome(step({ startToClose: 5 }, 1), 'start-to-close'))).to.deep.include({
      attempt: 1,
      lastFailure: undefined,
      cause: undefined,
    });
  });

  it('retried forever (no maximumAttempts, no schedule-to-close): not-applicable, for every timeout that ends attempts', () => {
    expect(timeoutOutcome(step({ startToClose: 5 }), 'start-to-close')).to.match(/retries a timed-out attempt forever/);
    expect(timeoutOutcome(step({ startToClose: 5, heartbeat: 1 }), 'heartbeat')).to.match(
      /retries a timed-out attempt forever/,
    );
  });

  it('a schedule-to-close budget shorter than the attempts: start-to-close is not-applicable; schedule-to-close ends the attempt that runs out of time', () => {
    const tight = step({ startToClose: 5, scheduleToClose: 12 }, 3);
    expect(timeoutOutcome(tight, 'start-to-close')).to.match(
      /^its schedule-to-close timeout ends the step before its attempts run out/,
    );
    // attempt 1: 0-5 s, retry at 6 s; attempt 2: 6-11 s, the next retry (at 13 s) would pass the budget: out of time at 11 s.
    expect(summary(timeoutOutcome(tight, 'schedule-to-close'))).to.deep.equal({
      attempt: 2,
      lastFailure: 'activity StartToClose timeout',
      message: 'Not enough time to schedule next retry before activity ScheduleToClose timeout, giving up retrying',
      cause: 'activity StartToClose timeout',
      retryState: RetryState.RETRY_STATE_TIMEOUT,
      atMs: 11_000,
    });
  });

  it('a budget the attempts fit in: schedule-to-close is not-applicable, start-to-close applies', () => {
    const roomy = step({ startToClose: 1, scheduleToClose: 60 }, 2);
    expect(timeoutOutcome(roomy, 'schedule-to-close')).to.equal(
      'its 2 attempts time out (start-to-close) before its schedule-to-close timeout: see activity-timeout:start-to-close',
    );
    expect(summary(timeoutOutcome(roomy, 'start-to-close'))).to.deep.include({
      attempt: 2,
      retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
    });
  });

  it('heartbeat: only when shorter than start-to-close', () => {
    expect(timeoutOutcome(step({ startToClose: 5, heartbeat: 5 }, 2), 'heartbeat')).to.match(
      /^its heartbeat timeout is not shorter than its start-to-close timeout/,
    );
    expect(summary(timeoutOutcome(step({ startToClose: 5, heartbeat: 1 }, 2), 'heartbeat'))).to.deep.include({
      attempt: 2,
      message: 'activity Heartbeat timeout',
    });
  });

  it('schedule-to-start: never started, not retried; not-applicable when not shorter than schedule-to-close', () => {
    expect(
      summary(timeoutOutcome(step({ startToClose: 5, scheduleToStart: 2 }, 3), 'schedule-to-start')),
    ).to.deep.equal({
      attempt: undefined,
      lastFailure: undefined,
      message: 'activity ScheduleToStart timeout',
      cause: undefined,
      retryState: RetryState.RETRY_STATE_TIMEOUT,
      atMs: 2_000,
    });
    expect(
      timeoutOutcome(step({ startToClose: 2, scheduleToStart: 2, scheduleToClose: 2 }), 'schedule-to-start'),
    ).to.match(/^its schedule-to-start timeout is not shorter/);
  });
});
