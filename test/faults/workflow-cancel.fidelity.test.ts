import { expect } from 'chai';
import { workflowCancel } from '../../src/faults/workflow-cancel';
import { EventType } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';
import { PayloadDecoder } from '../../src/replay/decode';
import { bundleWithObserver } from '../../src/replay/bundle';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import type { Observation } from '../../src/model/observation';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents, realResultsOfUnrecorded } from '../support/fidelity';
import { rewriteAndPathEqualTheRealHistory } from '../support/fidelity-step';
import { CANCEL_SAGA, CANCEL_SAGA_HISTORIES, CANCEL_SAGA_STEPS } from '../../scripts/record-cancel-saga';
import { processOptions } from '../../src/qualify';

/** Each step sets one cancellation type (test/fixtures/cancel-saga/workflows.ts). */
const CANCELLATION_TYPE: Record<string, string> = {
  reserve: 'TRY_CANCEL',
  charge: 'WAIT_CANCELLATION_COMPLETED',
  ship: 'ABANDON',
};

describe('workflow-cancel fidelity: a rewrite of the happy history equals the workflow cancelled for real while the step runs (record --cancel-workflow-during)', function () {
  this.timeout(120_000);
  const happy = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/happy.json`);
  const steps = activitySteps(happy.events);
  let session: RunningEngine;

  before(async () => {
    installQuietRuntime();
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${CANCEL_SAGA}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 8,
    });
  });
  after(() => session?.close());

  it('the happy history has the three forward steps', () => {
    expect(steps.map((s) => s.activityType)).to.deep.equal(CANCEL_SAGA_STEPS);
  });

  CANCEL_SAGA_STEPS.forEach((activityType, index) => {
    describe(`step ${index + 1} ${activityType} (${CANCELLATION_TYPE[activityType]})`, () => {
      const real = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/cancel-during-${activityType}.json`);
      const followed = rewriteAndPathEqualTheRealHistory({
        happy,
        step: steps[index],
        fault: workflowCancel,
        real,
        engine: () => session,
        faultEvent: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        after: 'the cancel request',
      });

      it('the workflow cancels the step as its cancellation type says, compensates, and closes canceled with nothing left open', () => {
        const cancels = followed()
          .tasks.flat()
          .filter((c) => 'cancelActivity' in c);
        expect(cancels, 'ABANDON sends no cancel command').to.deep.equal(
          activityType === 'ship' ? [] : [{ cancelActivity: activityType }],
        );
        expect(followed().tasks.flat().at(-1)).to.deep.include({ activity: 'notifyFailure' });
        expect(followed().close).to.deep.equal({ status: 'canceled' });
        expect(followed().openAtClose).to.equal(undefined);
      });
    });
  });

  it('the reference saga, whose activities do not heartbeat (no heartbeat timeout): the cancelled step completes as it would have, and the path = the live one', async () => {
    const engine = await startEngine(
      await bundleWithObserver({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' }),
      {
        ...processOptions(),
        cachedRuns: 4,
      },
    );
    try {
      const referenceHappy = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/reference-happy.json`);
      const real = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/reference-cancel-during-createTenantSchema.json`);
      const step = activitySteps(referenceHappy.events)[1];
      expect(step.activityType).to.equal('createTenantSchema');
      const observed = (await followScenarioBothWays({ history: referenceHappy, step, fault: workflowCancel }, engine, {
        decoder: new PayloadDecoder(),
        maxRounds: 50,
        givenResults: realResultsOfUnrecorded(real, referenceHappy),
      })) as Observation;
      expect(observed.error, observed.error?.message).to.equal(undefined);
      expect(
        observed.path!.some((e) => e.activityTaskCanceledEventAttributes),
        'no ActivityTaskCanceled',
      ).to.equal(false);
      expect(observed.close).to.deep.equal({ status: 'canceled' });
      expectSameEvents(observed.path!, real.events);
    } finally {
      await engine.close();
    }
  });
});
