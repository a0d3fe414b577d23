/**
 * Correct code that today's engine must not raise a false alarm on (issue 6): a rollback that
 * waits on a `Date.now()` deadline with `sleep`, one that needs a result the recorded history never
 * had (given with --results), one that cancels a timer, and a 200-step rollback, each checked
 * against goldens made from itself. Their live counterparts are in live-facts.test.ts.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { installQuietRuntime } from '../../src/util/quiet';
import { LONG_ROLLBACK_ITEMS } from '../fixtures/truthful/types';
import { outcomes, scenario, taskNames, TRUTHFUL, TruthfulGoldens } from '../support/truthful-check';

const RESULTS = join(TRUTHFUL, 'results.json');

/** Makes goldens from `variant` itself, checks it again, and returns the check. */
async function againstItself(variant: string, options: ConstructorParameters<typeof TruthfulGoldens>[1] = {}) {
  const goldens = new TruthfulGoldens(variant, { faults: ['activity-failed'], ...options });
  try {
    const made = await goldens.make();
    expect(made.exitCode, outcomes(made).join('\n')).to.equal(0);
    return await goldens.check(variant);
  } finally {
    goldens.remove();
  }
}

describe('truthful verdicts: correct code passes against goldens made from itself', function () {
  this.timeout(600_000);
  before(() => installQuietRuntime());

  it('deadline-sleep: 1 s sleeps until 10 s have passed, then the undos: compensated, not stuck', async () => {
    const result = await againstItself('deadline-sleep');
    expect(outcomes(result)).to.deep.equal(['reserve', 'charge', 'ship'].map((step) => `${step} × activity-failed: compensated`));
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

  it(`long-rollback: ${LONG_ROLLBACK_ITEMS} undo steps, one task each, compensated`, async () => {
    const result = await againstItself('long-rollback', { histories: ['happy-long-rollback'] });
    const ship = scenario(result, 'ship');
    expect(ship.outcome, ship.detail).to.equal('compensated');
    const names = taskNames(ship);
    expect(names).to.have.length(LONG_ROLLBACK_ITEMS + 3);
    expect(names.filter((task) => task[0] === 'unpickItem')).to.have.length(LONG_ROLLBACK_ITEMS);
    expect(result.exitCode).to.equal(0);
  });
});
