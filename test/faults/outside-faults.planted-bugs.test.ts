import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { faultKind } from '../../src/faults/registry';
import { SignalCatalogue } from '../../src/faults/signal';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { startEngine } from '../../src/continue/engine';
import { runFaultReplay } from '../../src/run';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents } from '../support/fidelity';
import { ABORT_ARGS, CANCEL_SAGA, CANCEL_SAGA_HISTORIES } from '../../scripts/record-cancel-saga';
import { processOptions } from '../../src/qualify';

const SPEC = {
  workflowType: 'cancelSaga',
  undo: { reserve: 'release', charge: 'refund' },
  noUndo: ['ship'],
  finally: ['notifyFailure'],
  order: 'reverse-sequential',
  close: 'failed',
};
const FAULTS = ['activity-failed', 'workflow-cancel', 'signal:abort'];

describe('planted bugs only a fault from outside the step sees (test/fixtures/cancel-saga)', function () {
  this.timeout(240_000);
  let scratch: string;
  const happy = () => join(scratch, 'happy.json');

  before(() => {
    installQuietRuntime();
    scratch = mkdtempSync(join(tmpdir(), 'outside-faults-'));
    writeFileSync(happy(), JSON.stringify(require(`../../${CANCEL_SAGA_HISTORIES}/happy.json`)));
    writeFileSync(join(scratch, 'cancelSaga.saga.json'), JSON.stringify(SPEC));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const findings = async (variant: string) => {
    const result = await runFaultReplay({
      workflowsPath: `${CANCEL_SAGA}/${variant}`,
      histories: [happy()],
      goldens: false,
      faults: FAULTS,
      signals: { abort: ABORT_ARGS },
      workers: 1,
    });
    expect(result.problems).to.deep.equal([]);
    return result.histories[0].scenarios
      .filter((s) => s.outcome !== 'compensated' && s.outcome !== 'not-applicable')
      .map((s) => `${s.step} ${s.fault}: ${s.outcome}`);
  };

  it('the correct saga breaks no law under any of the three kinds', async () => {
    expect(await findings('workflows.ts')).to.deep.equal([]);
  });

  it('compensations in the cancelled scope: only workflow-cancel sees it (the undos and the notice never run)', async () => {
    expect(await findings('compensations-cancelled.ts')).to.deep.equal([
      '1 workflow-cancel: law-broken',
      '2 workflow-cancel: law-broken',
      '3 workflow-cancel: law-broken',
    ]);
  });

  it('an ignored abort signal: only signal:abort sees it (the saga runs on and completes)', async () => {
    expect(await findings('ignores-abort.ts')).to.deep.equal([
      '1 signal:abort: law-broken',
      '2 signal:abort: law-broken',
      '3 signal:abort: law-broken',
    ]);
  });

  it('each planted bug’s path as the tool follows it = what the bug did live on the dev server (record:cancel-saga)', async () => {
    const recorded = loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/happy.json`);
    const charge = activitySteps(recorded.events)[1];
    const signals = new SignalCatalogue([], { abort: ABORT_ARGS });
    for (const [variant, fault, live] of [
      ['compensations-cancelled.ts', 'workflow-cancel', 'bug-compensations-cancelled-cancel-during-charge'],
      ['ignores-abort.ts', 'signal:abort', 'bug-ignores-abort-abort-during-charge'],
    ]) {
      const engine = await startEngine(await bundleWithObserver({ workflowsPath: `${CANCEL_SAGA}/${variant}` }), {
        ...processOptions(),
        cachedRuns: 4,
      });
      try {
        const observed = (await followScenarioBothWays(
          { history: recorded, step: charge, fault: faultKind(fault, signals) },
          engine,
          {
            decoder: new PayloadDecoder(),
            maxRounds: 50,
          },
        )) as Observation;
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expectSameEvents(observed.path!, loadHistoryFile(`${CANCEL_SAGA_HISTORIES}/${live}.json`).events);
      } finally {
        await engine.close();
      }
    }
  });
});
