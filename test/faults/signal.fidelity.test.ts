import { expect } from 'chai';
import { SignalCatalogue, signalKind } from '../../src/faults/signal';
import { EventType } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';
import { PayloadDecoder } from '../../src/replay/decode';
import { bundleWithObserver } from '../../src/replay/bundle';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { installQuietRuntime } from '../../src/util/quiet';
import { rewriteAndPathEqualTheRealHistory } from '../support/fidelity-step';
import { ABORT_ARGS, CANCEL_SAGA, CANCEL_SAGA_HISTORIES, CANCEL_SAGA_STEPS } from '../../scripts/record-cancel-saga';
import { processOptions } from '../../src/qualify';

describe('signal:<name> fidelity: a rewrite of the happy history equals the abort signal sent for real while the step runs (record --signal-during)', function () {
  this.timeout(120_000);
  const happy = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/happy.json`);
  const steps = activitySteps(happy.events);
  // The payload comes from a recorded signal of that name (another history of the same workflow type).
  const recorded = new SignalCatalogue([happy, loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/abort-during-reserve.json`)]);
  const abort = signalKind('abort', recorded);
  let session: RunningEngine;

  before(async () => {
    installQuietRuntime();
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${CANCEL_SAGA}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 8,
    });
  });
  after(() => session?.close());

  it('the signal kinds known: the names the histories record, and those given (--signal), whose payload wins', () => {
    expect(recorded.names()).to.deep.equal(['abort']);
    expect(new SignalCatalogue([happy]).names()).to.deep.equal([]);
    const given = new SignalCatalogue([happy], { abort: ABORT_ARGS, pause: [] });
    expect(given.names()).to.deep.equal(['abort', 'pause']);
    expect(new PayloadDecoder().values(given.payload('abort', 'cancelSaga')?.input.payloads)).to.deep.equal(ABORT_ARGS);
  });

  it('not applicable, with the reason, where no signal of that name is known for the workflow type', () => {
    expect(signalKind('abort', new SignalCatalogue([happy])).notApplicable(steps[0], happy)).to.equal(
      'no abort signal is recorded for workflow type cancelSaga in the histories given, and none is given with --signal abort=<json args>',
    );
    expect(abort.notApplicable(steps[0], happy)).to.equal(undefined);
  });

  CANCEL_SAGA_STEPS.forEach((activityType, index) => {
    describe(`step ${index + 1} ${activityType}`, () => {
      const real = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/abort-during-${activityType}.json`);
      const followed = rewriteAndPathEqualTheRealHistory({
        happy,
        step: steps[index],
        fault: abort,
        real,
        engine: () => session,
        faultEvent: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        after: 'the signal',
      });

      it('the saga compensates and fails as aborted', () => {
        expect(followed().tasks.flat().at(-1)).to.deep.include({ activity: 'notifyFailure' });
        expect(followed().close).to.deep.include({ status: 'failed' });
        const close = followed().close;
        expect(close && 'failure' in close && close.failure[0]).to.deep.equal({
          type: 'Aborted',
          message: 'aborted: customer asked',
          nonRetryable: true,
        });
      });
    });
  });
});
