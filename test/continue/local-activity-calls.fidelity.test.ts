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
import { Results, UnknownAnswer } from '../../src/continue/results';
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
    observed = (await followScenario({ history: happy, step, fault: retriedThenOk }, engine, {
      decoder: new PayloadDecoder(),
      maxRounds: 20,
    })) as Observation;
  });
  after(() => engine?.close());

  it('the second quote runs live and answers "flight: 600", the recorded second call: the path = the real history, event by event', () => {
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expect(
      observed.tasks.map((task) => task.map((command) => ('localActivity' in command ? command.localActivity : '?'))),
    ).to.deep.equal([['quote']]);
    expect(observed.close).to.deep.equal({ status: 'completed', result: ['hotel: 500', 'flight: 600'] });
    expectSameEvents(observed.path!, real.events);
  });

  it('on a repeated path the call of the same rank answers; past the recorded calls a type that returned values is unknown, not guessed', () => {
    const results = new Results(happy.events, undefined, new PayloadDecoder(), undefined, {
      samePath: true,
      strict: false,
      scenario: () => ({ fault: 'x', step: { index: 1, activityType: 'step' }, completed: [] }),
    });
    expect([1, 2].map((rank) => results.forLocalActivity('quote', [], rank, happy.events)?.value)).to.deep.equal([
      'hotel: 500',
      'flight: 600',
    ]);
    expect(() => results.forLocalActivity('quote', [], 3, happy.events)).to.throw(
      UnknownAnswer,
      /local activity quote returned a value when recorded/,
    );
    expect(results.forLocalActivity('neverRecorded', [], 1, happy.events)?.value).to.equal(undefined);
    expect([...results.invented]).to.deep.equal(['neverRecorded']);
    const afterAFault = new Results(happy.events, undefined, new PayloadDecoder(), undefined, {
      samePath: false,
      strict: false,
      scenario: () => ({ fault: 'x', step: { index: 1, activityType: 'step' }, completed: [] }),
    });
    expect(
      () => afterAFault.forLocalActivity('quote', [], 2, happy.events),
      'after a fault the recorded second call is another moment',
    ).to.throw(UnknownAnswer);
  });
});
