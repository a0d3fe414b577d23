/**
 * `retries-exhausted` at a step whose retry policy allows one attempt: the server writes attempt 1
 * of 1, a retryable failure and MAXIMUM_ATTEMPTS_REACHED (not activity-failed's NON_RETRYABLE_FAILURE),
 * which a saga can tell apart. Both histories are recorded here on a real dev server.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { activityFailed } from '../../src/faults/activity-failed';
import { retriesExhausted } from '../../src/faults/retries-exhausted';
import { RetryState } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { recordHistory } from '../../src/record/record';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents } from '../support/fidelity';
import { scratchDir } from '../support/scratch';

const FIXTURE = 'test/fixtures/capture-saga';

describe('retries-exhausted at maximumAttempts 1: attempt 1 of 1, MAXIMUM_ATTEMPTS_REACHED, as the server writes it', function () {
  this.timeout(120_000);
  let dir: string;
  const record = (name: string, failActivitiesRetryable: string[]) =>
    recordHistory({
      workflowsPath: `${FIXTURE}/workflows.ts`,
      activitiesPath: `${FIXTURE}/activities.ts`,
      workflowType: 'captureSaga',
      args: [{ orderId: 'o-1', email: 'ada@example.com' }],
      failActivities: [],
      failActivitiesRetryable,
      out: join(dir, `${name}.json`),
      server: 'dev',
      timeoutMs: 60_000,
      workflowId: `retries-exhausted-one-${name}`,
    });

  before(async () => {
    installQuietRuntime();
    dir = scratchDir('exhausted-one-');
    await record('happy', []);
    await record('charge-exhausted', ['chargeCard']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('applies at a step with maximumAttempts 1, and its rewrite is the live failure event by event', () => {
    const happy = loadHistoryFile(join(dir, 'happy.json'));
    const live = loadHistoryFile(join(dir, 'charge-exhausted.json'));
    const charge = activitySteps(happy.events).find((step) => step.activityType === 'chargeCard')!;
    expect(charge.retryPolicy?.maximumAttempts).to.equal(1);
    expect(retriesExhausted.notApplicable(charge, happy)).to.equal(undefined);
    const rewritten = retriesExhausted.inject(charge, happy);
    const failed = rewritten.find(
      (event) => event.activityTaskFailedEventAttributes,
    )!.activityTaskFailedEventAttributes!;
    expect(failed.retryState).to.equal(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    expect(failed.failure?.applicationFailureInfo?.nonRetryable).to.equal(false);
    expectSameEvents(rewritten.slice(0, -2), live.events.slice(0, rewritten.length - 2));
  });

  it('differs from activity-failed at the same step (NON_RETRYABLE_FAILURE), which is what a saga can act on', () => {
    const happy = loadHistoryFile(join(dir, 'happy.json'));
    const charge = activitySteps(happy.events).find((step) => step.activityType === 'chargeCard')!;
    const failed = activityFailed
      .inject(charge, happy)
      .find((event) => event.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!;
    expect(failed.retryState).to.equal(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
  });
});
