import { expect } from 'chai';
import { activityFailed } from '../../src/faults/activity-failed';
import { EventType } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';
import { PayloadDecoder } from '../../src/replay/decode';
import type { RunningEngine } from '../../src/continue/engine';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import type { Observation } from '../../src/model/observation';
import { installQuietRuntime } from '../../src/util/quiet';
import { exampleEngine } from '../support/session';
import { PROVISIONING_STEPS } from '../../examples/tenant-provisioning/types';
import { expectSameEvents, realResultsOfUnrecorded, realTasksAndClose } from '../support/fidelity';

const CORPUS = 'histories/tenant-provisioning';

describe('activity-failed fidelity: a rewrite of the happy history equals the real failure the server recorded', function () {
  this.timeout(120_000);
  const happy = loadHistoryFile(`${CORPUS}/happy.json`);
  const steps = activitySteps(happy.events);
  let session: RunningEngine;

  before(async () => {
    installQuietRuntime();
    session = await exampleEngine();
  });
  after(() => session?.close());

  it('the happy history has the six forward steps', () => {
    expect(steps.map((s) => s.activityType)).to.deep.equal(PROVISIONING_STEPS);
  });

  PROVISIONING_STEPS.forEach((activityType, index) => {
    describe(`step ${index + 1} ${activityType}`, () => {
      const real = loadHistoryFile(`${CORPUS}/real-failure-${activityType}.json`);
      const rewritten = activityFailed.inject(steps[index], happy);
      const failedAt = real.events.findIndex((e) => e.activityTaskFailedEventAttributes) + 1;
      const decoder = new PayloadDecoder();
      let observed: Observation;

      before(async () => {
        const givenResults = realResultsOfUnrecorded(real, happy);
        const scenario = await followScenarioBothWays(
          { history: happy, step: steps[index], fault: activityFailed },
          session,
          {
            decoder,
            maxRounds: 50,
            givenResults,
          },
        );
        expect(scenario).to.not.have.property('notApplicable');
        observed = scenario as Observation;
      });

      it('rewritten events = the real history’s events up to the live workflow task after the failure (scheduled and started, not completed)', () => {
        const failure = rewritten.findIndex((e) => e.activityTaskFailedEventAttributes);
        expect(failure + 1, 'the fault is where the real failure is').to.equal(failedAt);
        expect(rewritten.slice(failure + 1).map((e) => e.eventType)).to.deep.equal([
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        ]);
        expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
      });

      it('the path the tool followed to the close = the real history, event by event (set-aside fields apart)', () => {
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expect(observed.invented, 'every result known').to.equal(undefined);
        expect(observed.path, 'the path').to.be.an('array');
        expectSameEvents(observed.path!, real.events);
      });

      it('both lead to the same rollback commands per workflow task and the same close, with nothing left open', () => {
        expect(observed.error, observed.error?.message).to.equal(undefined);
        const { tasks, close } = observed;
        expect({ tasks, close }).to.deep.equal(realTasksAndClose(real, failedAt, decoder));
        expect(observed.openAtClose).to.equal(undefined);
        expect(tasks.at(-1)?.at(-1)).to.deep.include({ activity: 'markTenantFailed' });
      });
    });
  });
});
