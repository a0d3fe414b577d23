/** The truthful long-rollback variant (200 undo steps) against goldens made from itself: slow (~5 min on 2 cores). */
import { expect } from 'chai';
import { installQuietRuntime } from '../../src/util/quiet';
import { LONG_ROLLBACK_ITEMS } from '../fixtures/truthful/types';
import { againstItself, scenario, taskNames } from '../support/truthful-check';

describe('truthful verdicts: a 200-step rollback passes against goldens made from itself', function () {
  this.timeout(900_000);
  before(() => installQuietRuntime());

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
