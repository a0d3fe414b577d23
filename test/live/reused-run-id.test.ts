/**
 * A run id followed again (the same scenario a second time on one engine: a distributed worker's
 * next shard, a prediction that fell back to live) must start from the fault, not from where the
 * worker's cache left it: a run the worker still holds open is never handed to that process again.
 */
import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import { activityFailed } from '../../src/faults/activity-failed';
import { loadHistoryFile } from '../../src/load/load';
import type { Observation } from '../../src/model/observation';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { exampleEngine } from '../support/session';

describe('a run id followed again on the same engine starts from the fault', function () {
  this.timeout(120_000);
  const happy = loadHistoryFile('histories/tenant-provisioning/happy.json');
  const step = activitySteps(happy.events)[4];
  let engine: RunningEngine;
  before(async () => {
    installQuietRuntime();
    engine = await exampleEngine();
  });
  after(() => engine?.close());

  it('cut off by --max-rounds (left open in the worker), then followed again: the same observation, twice', async () => {
    const follow = async (maxRounds: number) =>
      (await followScenario({ history: happy, step, fault: activityFailed }, engine, {
        decoder: new PayloadDecoder(),
        maxRounds,
      })) as Observation;
    const cut = await follow(2);
    expect(cut.error?.outcome, 'left open').to.equal('stuck');
    const again = await follow(2);
    expect({ tasks: again.tasks, error: again.error }).to.deep.equal({ tasks: cut.tasks, error: cut.error });
    const whole = await follow(50);
    expect(whole.error, whole.error?.message).to.equal(undefined);
    expect(whole.tasks.slice(0, cut.tasks.length)).to.deep.equal(cut.tasks);
  });
});
