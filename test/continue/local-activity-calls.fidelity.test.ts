/**
 * Local activities on the path answer per call: the n-th call of a type gets the n-th recorded
 * result. The saga calls `quote` twice with different results around `step`; `step` retried once
 * (retried-then-ok) leaves the path alone, so the second call runs live on the tool's worker and
 * must get the second recorded result: the path equals the dev server's history of the same retry
 * (test/fixtures/local-activity-calls, recorded by `npm run record:command-answers`).
 */
import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import { retriedThenOk } from '../../src/faults/retried-then-ok';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { answerLocalActivity } from '../../src/live/local-activities';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { LOCAL_ACTIVITY_CALLS } from '../../scripts/record-command-answers';
import { expectSameEvents } from '../support/fidelity';
import { engineFor } from '../support/session';

describe('local activities on the path answer per call (the n-th call of a type gets the n-th recorded result)', function () {
  this.timeout(60_000);
  let engine: RunningEngine;
  let observed: Observation;
  const happy = loadHistoryFile(`${LOCAL_ACTIVITY_CALLS}/happy.json`);
  const real = loadHistoryFile(`${LOCAL_ACTIVITY_CALLS}/step-retried.json`);

  before(async () => {
    installQuietRuntime();
    engine = await engineFor(`${LOCAL_ACTIVITY_CALLS}/workflows.ts`);
    const step = activitySteps(happy.events).find((s) => s.activityType === 'step')!;
    observed = (await followScenario({ history: happy, step, fault: retriedThenOk }, engine, { decoder: new PayloadDecoder(), maxRounds: 20 })) as Observation;
  });
  after(() => engine?.close());

  it('the second quote runs live and answers "flight: 600", the recorded second call: the path = the real history, event by event', () => {
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expect(observed.tasks).to.deep.equal([[{ localActivity: 'quote' }]]);
    expect(observed.close).to.deep.equal({ status: 'completed', result: ['hotel: 500', 'flight: 600'] });
    expectSameEvents(observed.path!, real.events);
  });

  it('by rank, then the type’s fallback past the recorded calls, a failed recorded call falls back too', () => {
    const answers = { fail: [], results: { quote: 'by type' }, recorded: { quote: [{ result: 'first' }, null, { result: 'third' }] } };
    const invented: string[] = [];
    const answer = (rank: number, type = 'quote') => answerLocalActivity(type, rank, answers, () => invented.push(type));
    expect([0, 1, 2, 3].map((rank) => answer(rank))).to.deep.equal(['first', 'by type', 'third', 'by type']);
    expect(answer(0, 'unknown')).to.equal(undefined);
    expect(invented).to.deep.equal(['unknown']);
  });
});
