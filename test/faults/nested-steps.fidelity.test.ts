import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import type { Followed } from '../../src/continue/follow-nested';
import { followPlannedBothWays } from '../support/predicted-fidelity';
import { faultKind } from '../../src/faults/registry';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { PayloadDecoder } from '../../src/replay/decode';
import { historySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents } from '../support/fidelity';
import { engineFor } from '../support/session';
import { TRAVEL_FAULTS, TRAVEL_HAPPY } from '../support/step-fidelity';

/**
 * `nested:<fault>` at a step that is not an activity: the first fault is the one that fails that
 * kind of step. On travel-booking the flight child fails (child-failed), then the hotel's undo
 * (the one compensation) fails: recorded for real on the dev server (`record --fail-child bookFlight
 * --fail-activity cancelHotel`, `npm run record:travel-booking`). At the local activity quoteTrip
 * (local-activity-failed first) nothing is booked yet: no compensation to meet the fault.
 */
describe('nested:<fault> at a child workflow and a local activity step: the first fault fails that kind of step', function () {
  this.timeout(120_000);
  const happy = loadHistoryFile(TRAVEL_HAPPY);
  const steps = historySteps(happy.events);
  let engine: RunningEngine;
  const followed: Record<string, Followed[]> = {};

  before(async () => {
    installQuietRuntime();
    engine = await engineFor('examples/workflows.ts');
    for (const type of ['bookFlight', 'quoteTrip']) {
      const step = steps.find((s) => s.activityType === type)!;
      followed[type] = await followPlannedBothWays(
        { history: happy, step, fault: faultKind('nested:activity-failed') },
        engine,
        {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
        },
      );
    }
  });
  after(() => engine?.close());

  it('at bookFlight: one scenario, the child failed and cancelHotel failing; its path = the real history, event by event', () => {
    expect(followed.bookFlight.map((f) => f.scenario.fault.name)).to.deep.equal([
      'nested:activity-failed@1:cancelHotel',
    ]);
    const observed = followed.bookFlight[0].observed as Observation;
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expect(observed.close?.status).to.equal('failed');
    expectSameEvents(observed.path!, loadHistoryFile(`${TRAVEL_FAULTS}/nested-child-failed-cancelHotel.json`).events);
  });

  it('at quoteTrip: the local activity failed before anything was booked: not applicable, naming the first fault', () => {
    expect(followed.quoteTrip.map((f) => f.observed)).to.deep.equal([
      {
        notApplicable:
          'no activity is scheduled after the first fault (local-activity-failed at this step): no compensation to meet activity-failed',
      },
    ]);
  });
});
