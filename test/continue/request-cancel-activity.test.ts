import { expect } from 'chai';
import { activityFailed } from '../../src/faults/activity-failed';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';
import { PayloadDecoder } from '../../src/replay/decode';
import { bundleWithObserver } from '../../src/replay/bundle';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { followScenario } from '../../src/run';
import type { Observation } from '../../src/model/observation';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents, realResultsOfUnrecorded } from '../support/fidelity';
import { CANCEL_SAGA, CANCEL_SAGA_HISTORIES } from '../../scripts/record-cancel-saga';
import { processOptions } from '../../src/qualify';

describe('RequestCancelActivityTask: a parallel step cancelled when its sibling fails is followed to the close, as the dev server wrote it', function () {
  this.timeout(120_000);
  let session: RunningEngine;
  let observed: Observation;
  const happy = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/parallel-happy.json`);
  const real = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/parallel-failure-charge.json`);

  before(async () => {
    installQuietRuntime();
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${CANCEL_SAGA}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 4,
    });
    const charge = activitySteps(happy.events).find((step) => step.activityType === 'charge')!;
    const scenario = await followScenario({ history: happy, step: charge, fault: activityFailed }, session, {
      decoder: new PayloadDecoder(),
      maxRounds: 50,
      givenResults: realResultsOfUnrecorded(real, happy),
    });
    observed = scenario as Observation;
  });
  after(() => session?.close());

  it('the workflow cancels the running sibling in the task that sees the failure, with its first undo', () => {
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expect(
      observed.tasks[0].map((command) =>
        'cancelActivity' in command
          ? `cancel ${command.cancelActivity}`
          : 'activity' in command
            ? command.activity
            : '?',
      ),
    ).to.deep.equal(['cancel bookCourier', 'release']);
    expect(observed.close).to.deep.include({ status: 'failed' });
  });

  it('the path = the real history event by event: ActivityTaskCancelRequested, then the attempt canceled at its next heartbeat', () => {
    expectSameEvents(observed.path!, real.events);
  });
});
