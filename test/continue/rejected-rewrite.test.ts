import { expect } from 'chai';
import { activityFailed } from '../../src/faults/activity-failed';
import type { FaultKind } from '../../src/faults/fault';
import { long } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { PayloadDecoder } from '../../src/replay/decode';
import type { RunningEngine } from '../../src/continue/engine';
import { followScenario } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { exampleEngine } from '../support/session';

/** activity-failed with its ActivityTaskStarted left out: a rewrite core refuses (replay-notes.md). */
const withoutStarted: FaultKind = {
  name: 'broken-rewrite',
  notApplicable: () => undefined,
  inject(step, history) {
    const events = activityFailed.inject(step, history);
    const started = events.findIndex((event) => event.activityTaskFailedEventAttributes) - 1;
    return events
      .filter((_, index) => index !== started)
      .map((event, index) => ({ ...event, eventId: long(index + 1) }));
  },
};

describe('a rewrite core refuses is could-not-run, not a crash of the team’s code', function () {
  this.timeout(60_000);
  let session: RunningEngine;
  const history = loadHistoryFile('histories/tenant-provisioning/happy.json');
  const step = activitySteps(history.events)[2];

  before(async () => {
    installQuietRuntime();
    session = await exampleEngine();
  });
  after(() => session.close());

  it('the same scenario with the real fault is followed to a failed close (control)', async () => {
    const observed = await followScenario({ history, step, fault: activityFailed }, session, {
      decoder: new PayloadDecoder(),
      maxRounds: 50,
    });
    expect(observed).to.have.nested.property('close.status', 'failed');
  });

  it('the broken rewrite ends at once with could-not-run: the replayer refused the rewritten history', async () => {
    const observed = await followScenario({ history, step, fault: withoutStarted }, session, {
      decoder: new PayloadDecoder(),
      maxRounds: 50,
    });
    expect(observed).to.not.have.property('close');
    expect(observed).to.have.nested.property('error.outcome', 'could-not-run');
    expect(observed)
      .to.have.nested.property('error.message')
      .that.matches(/refused the rewritten history/);
    expect(observed).to.have.property('rounds', 1);
  });
});
