/**
 * The verdicts `check` prints for the planted-bug variants, against goldens made from the correct
 * saga: each is the finding its live counterpart (live-facts.test.ts) backs, never `compensated`.
 */
import { expect } from 'chai';
import { installQuietRuntime } from '../../src/util/quiet';
import { UNPOLLED_TASK_QUEUE } from '../fixtures/truthful/types';
import { observedActivity, outcomes, scenario, taskNames, TruthfulGoldens } from '../support/truthful-check';
import type { RunResult } from '../../src/model/results';

const SHIP_UNDONE = [['refund'], ['release'], ['notifyFailure']];

describe('truthful verdicts: bug variants against the correct saga’s goldens', function () {
  this.timeout(180_000);
  const goldens = new TruthfulGoldens('correct', { faults: ['activity-failed'] });

  before(async () => {
    installQuietRuntime();
    const made = await goldens.make();
    expect(made.exitCode, outcomes(made).join('\n')).to.equal(0);
    expect(taskNames(scenario(made, 'ship'))).to.deep.equal(SHIP_UNDONE);
  });
  after(() => goldens.remove());

  function expectOnlyShipCaught(result: RunResult, outcome: string): void {
    expect(outcomes(result)).to.deep.equal([
      'reserve × activity-failed: compensated',
      'charge × activity-failed: compensated',
      `ship × activity-failed: ${outcome}`,
    ]);
    expect(result.exitCode).to.equal(1);
  }

  it('correct: every scenario compensated, exit 0', async () => {
    const result = await goldens.check('correct');
    expect(result.counts.compensated, outcomes(result).join('\n')).to.equal(3);
    expect(result.exitCode).to.equal(0);
  });

  it('not-awaited: work-left-open, naming the undos the workflow closed without', async () => {
    const result = await goldens.check('not-awaited');
    const ship = scenario(result, 'ship');
    expect(ship.outcome).to.equal('work-left-open');
    expect(ship.detail).to.match(/refund .*release .*notifyFailure/);
    expect(scenario(result, 'charge').outcome).to.equal('work-left-open');
    expect(result.exitCode).to.equal(1);
  });

  it('parallel-undos: unexpected-commands, refund and release in one workflow task', async () => {
    const result = await goldens.check('parallel-undos');
    expectOnlyShipCaught(result, 'unexpected-commands');
    const ship = scenario(result, 'ship');
    expect(taskNames(ship)).to.deep.equal([['refund', 'release'], ['notifyFailure']]);
    expect(ship.detail).to.match(/grouped into workflow tasks differently/);
  });

  it('undo-other-queue: unexpected-commands, refund on the queue nobody polls', async () => {
    const result = await goldens.check('undo-other-queue');
    expectOnlyShipCaught(result, 'unexpected-commands');
    expect(observedActivity(scenario(result, 'ship'), 'refund').options.taskQueue).to.equal(UNPOLLED_TASK_QUEUE);
  });

  it('undo-other-timeouts: unexpected-commands, refund with 300 s and 10 attempts', async () => {
    const result = await goldens.check('undo-other-timeouts');
    expectOnlyShipCaught(result, 'unexpected-commands');
    const { options } = observedActivity(scenario(result, 'ship'), 'refund');
    expect(options.startToClose).to.equal('300s');
    expect(options.retry).to.deep.include({ maximumAttempts: 10 });
  });

  it('patched-regression: the new (patched) branch is judged: the v2 marker and no release', async () => {
    const result = await goldens.check('patched-regression');
    const ship = scenario(result, 'ship');
    expect(ship.outcome).to.equal('unexpected-commands');
    expect(taskNames(ship)).to.deep.equal([['patch v2', 'refund'], ['notifyFailure']]);
    expect(result.exitCode).to.equal(1);
  });

  // The live worker keeps the plan its live task made (its cached state), as the dev server's
  // sticky worker did in live-replaying-branch-ship: no release.
  it('replaying-branch: the live branch (no release) is judged, not the replaying one', async () => {
    const result = await goldens.check('replaying-branch');
    const ship = scenario(result, 'ship');
    expect(ship.outcome, `${ship.detail}\n${JSON.stringify(taskNames(ship))}`).to.be.oneOf([
      'unexpected-commands',
      'nondeterministic',
    ]);
    if (ship.outcome === 'unexpected-commands') expect(taskNames(ship).flat()).to.not.include('release');
    expect(scenario(result, 'charge').outcome).to.not.equal('compensated');
    expect(result.exitCode).to.equal(1);
  });

  it('only-non-retryable: compensates activity-failed; retries-exhausted is unexpected-commands with no undo', async () => {
    const result = await goldens.check('only-non-retryable', { faults: ['activity-failed', 'retries-exhausted'] });
    const exhausted = await new TruthfulGoldens('correct', { faults: ['retries-exhausted'] });
    try {
      await exhausted.make();
      const checked = await exhausted.check('only-non-retryable');
      const ship = scenario(checked, 'ship', 'retries-exhausted');
      expect(ship.outcome).to.equal('unexpected-commands');
      expect(taskNames(ship)).to.deep.equal([]);
      expect(ship.observed?.close?.status).to.equal('failed');
    } finally {
      exhausted.remove();
    }
    expect(scenario(result, 'ship').outcome).to.equal('compensated');
  });

  it('failure-details: unexpected-commands, the close differs only in details and non-retryable', async () => {
    const result = await goldens.check('failure-details');
    const ship = scenario(result, 'ship');
    expect(ship.outcome).to.equal('unexpected-commands');
    expect(ship.detail).to.equal('the workflow closes differently from the golden file');
    expect(taskNames(ship)).to.deep.equal(SHIP_UNDONE);
    const close = ship.observed?.close;
    expect(close?.status === 'failed' && close.failure[0]).to.deep.equal({
      type: 'OrderFailed',
      message: 'order o-1 failed: injected failure in ship',
      nonRetryable: true,
      details: [{ orderId: 'o-1', compensated: true }],
    });
  });

  it('busy-loop: workflow-task-failed naming the loop, within the watchdog bound; the run goes on', async () => {
    const started = Date.now();
    const result = await goldens.check('busy-loop', { deadlineMs: 2_000 });
    expect(outcomes(result)).to.deep.equal([
      'reserve × activity-failed: compensated',
      'charge × activity-failed: workflow-task-failed',
      'ship × activity-failed: workflow-task-failed',
    ]);
    expect(scenario(result, 'ship').detail).to.match(/did not yield within/);
    expect(Date.now() - started).to.be.below(120_000);
  });

  it('retry-as-new-counter-reset (goldens from retry-as-new): continue-as-new compared by its arguments', async () => {
    const retry = new TruthfulGoldens('retry-as-new', { faults: ['activity-failed'] });
    try {
      expect((await retry.make()).exitCode).to.equal(0);
      const result = await retry.check('retry-as-new-counter-reset');
      const ship = scenario(result, 'ship');
      expect(ship.outcome).to.equal('unexpected-commands');
      expect(ship.observed?.close).to.deep.include({ status: 'continued-as-new', workflowType: 'placeOrder' });
      const close = ship.observed?.close;
      expect(close?.status === 'continued-as-new' && close.args).to.deep.equal([
        { orderId: 'o-1', amount: 42, retry: 0 },
      ]);
    } finally {
      retry.remove();
    }
  });
});
