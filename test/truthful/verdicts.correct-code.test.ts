/**
 * Correct code that today's engine must not raise a false alarm on (issue 6): a rollback that
 * waits on a `Date.now()` deadline with `sleep`, one that needs a result the recorded history never
 * had (given with --results), and one that cancels a timer, each checked
 *  against goldens made from itself (the 200-step rollback: test/slow/truthful-long-rollback.test.ts).
 * Their live counterparts are in live-facts.test.ts.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { installQuietRuntime } from '../../src/util/quiet';
import { againstItself, outcomes, scenario, taskNames, TRUTHFUL, TruthfulGoldens } from '../support/truthful-check';

const RESULTS = join(TRUTHFUL, 'results.json');

describe('truthful verdicts: correct code passes against goldens made from itself', function () {
  this.timeout(600_000);
  before(() => installQuietRuntime());

  it('deadline-sleep: 1 s sleeps until 10 s have passed, then the undos: compensated, not stuck', async () => {
    const result = await againstItself('deadline-sleep');
    expect(outcomes(result)).to.deep.equal(
      ['reserve', 'charge', 'ship'].map((step) => `${step} × activity-failed: compensated`),
    );
    const names = taskNames(scenario(result, 'ship'));
    expect(names.slice(0, 10)).to.deep.equal(Array(10).fill(['timer 1s']));
    expect(names.slice(10)).to.deep.equal([['refund'], ['release'], ['notifyFailure']]);
    expect(result.exitCode).to.equal(0);
  });

  it('needs-result with --results: compensated, refund gets the given account', async () => {
    const result = await againstItself('needs-result', { resultsPath: RESULTS });
    const ship = scenario(result, 'ship');
    expect(ship.outcome).to.equal('compensated');
    expect(taskNames(ship)).to.deep.equal([['lookupRefundAccount'], ['refund'], ['release'], ['notifyFailure']]);
    expect(result.exitCode).to.equal(0);
  });

  it('needs-result without --results: could-not-run naming the activity, not a crash of the code', async () => {
    const goldens = new TruthfulGoldens('needs-result', { faults: ['activity-failed'] });
    try {
      const made = await goldens.make();
      const ship = scenario(made, 'ship');
      expect(ship.outcome).to.equal('could-not-run');
      expect(ship.detail).to.match(/^no recorded result for activity lookupRefundAccount; give one with --results/);
      expect(scenario(made, 'charge').outcome).to.equal('compensated');
      expect(made.exitCode).to.equal(2);
    } finally {
      goldens.remove();
    }
  });

  it('timer-cancel: the reminder timer is cancelled in the first rollback task, compensated', async () => {
    const result = await againstItself('timer-cancel', { histories: ['happy-timer-cancel'] });
    const ship = scenario(result, 'ship');
    expect(ship.outcome).to.equal('compensated');
    expect(taskNames(ship)[0]).to.have.members(['cancel timer', 'refund']);
    expect(result.exitCode).to.equal(0);
  });
});
