/**
 * The commands that talk to other workflows, answered on the path as the dev server wrote them:
 * after doStep fails, the saga changes its memo, upserts a search attribute, signals its child,
 * signals and cancels a workflow that does not exist (...Failed, not found), cancels its child
 * (each ChildWorkflowCancellationType) and undoes. The tool's path from the happy history equals
 * the real failure history event by event (test/fixtures/external-commands, recorded by
 * `npm run record:command-answers`).
 */
import { expect } from 'chai';
import type { RunningEngine } from '../../src/continue/engine';
import { activityFailed } from '../../src/faults/activity-failed';
import type { Observation } from '../../src/model/observation';
import { loadHistoryFile } from '../../src/load/load';
import { PayloadDecoder } from '../../src/replay/decode';
import { followScenario } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import {
  CANCELLATION_TYPES,
  EXTERNAL_COMMANDS,
  EXTERNAL_COMMANDS_HISTORIES,
} from '../../scripts/record-command-answers';
import { expectSameEvents } from '../support/fidelity';
import { engineFor } from '../support/session';

describe('signals to and cancellations of other workflows, memo and search attribute upserts: the path after a failure = the dev server’s', function () {
  this.timeout(120_000);
  let engine: RunningEngine;
  const observed = new Map<string, Observation>();

  before(async () => {
    installQuietRuntime();
    engine = await engineFor(`${EXTERNAL_COMMANDS}/workflows.ts`);
    await Promise.all(
      CANCELLATION_TYPES.map(async (type) => {
        const happy = loadHistoryFile(`${EXTERNAL_COMMANDS_HISTORIES}/${type}-happy.json`);
        const step = activitySteps(happy.events).find((s) => s.activityType === 'doStep')!;
        const scenario = await followScenario({ history: happy, step, fault: activityFailed }, engine, {
          decoder: new PayloadDecoder(),
          maxRounds: 50,
          givenResults: { undoStep: undefined },
        });
        observed.set(type, scenario as Observation);
      }),
    );
  });
  after(() => engine?.close());

  for (const type of CANCELLATION_TYPES) {
    it(`${type}: the path the tool followed to the close = the real history, event by event`, () => {
      const path = observed.get(type)!;
      expect(path.error, path.error?.message).to.equal(undefined);
      expectSameEvents(
        path.path!,
        loadHistoryFile(`${EXTERNAL_COMMANDS_HISTORIES}/${type}-failure-doStep.json`).events,
      );
      // ABANDON: the child runs on past the close, as in the recorded run: not work the workflow forgot.
      expect(path.openAtClose).to.equal(undefined);
    });
  }

  it('goldens show the signals and cancellations (each may be an undo), not the memo or search attribute', () => {
    const tasks = observed.get('WAIT_CANCELLATION_COMPLETED')!.tasks;
    expect(tasks.slice(0, 3)).to.deep.equal([
      [{ signal: 'settle', args: ['undo'], workflowId: 'external-WAIT_CANCELLATION_COMPLETED-happy-hold' }],
      [{ signal: 'settle', args: ['undo'], workflowId: 'ledger-of-record' }],
      [{ cancelWorkflow: 'ledger-of-record' }],
    ]);
    expect(tasks[3]).to.deep.equal([
      { cancelWorkflow: 'external-WAIT_CANCELLATION_COMPLETED-happy-hold', childType: 'ledgerHold' },
    ]);
    // Core writes its run id into the reason; the tool writes the recorded run's, as the server running it would.
    const happy = loadHistoryFile(`${EXTERNAL_COMMANDS_HISTORIES}/WAIT_CANCELLATION_COMPLETED-happy.json`);
    const runId = happy.events[0].workflowExecutionStartedEventAttributes!.originalExecutionRunId!;
    const reasons = observed
      .get('WAIT_CANCELLATION_COMPLETED')!
      .path!.flatMap((e) => e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes?.reason ?? []);
    expect(reasons).to.deep.equal([`Cancel requested by workflow with run id ${runId} with reason: `]);
    // ABANDON sends no cancellation: the child runs on.
    expect(
      observed
        .get('ABANDON')!
        .tasks.flat()
        .filter((c) => 'cancelWorkflow' in c),
    ).to.deep.equal([{ cancelWorkflow: 'ledger-of-record' }]);
  });
});

describe('a child the recorded run cancelled when done, left running at the close on the path: work left open', function () {
  this.timeout(60_000);
  let engine: RunningEngine;

  before(async () => {
    installQuietRuntime();
    engine = await engineFor(`${EXTERNAL_COMMANDS}/forgets-hold.ts`);
  });
  after(() => engine?.close());

  it('the saga that forgets to cancel its hold child on a failure is caught (the correct saga is not, above)', async () => {
    const happy = loadHistoryFile(`${EXTERNAL_COMMANDS_HISTORIES}/WAIT_CANCELLATION_COMPLETED-happy.json`);
    const step = activitySteps(happy.events).find((s) => s.activityType === 'doStep')!;
    const path = (await followScenario({ history: happy, step, fault: activityFailed }, engine, {
      decoder: new PayloadDecoder(),
      maxRounds: 20,
      givenResults: { undoStep: undefined },
    })) as Observation;
    expect(path.error, path.error?.message).to.equal(undefined);
    expect(path.openAtClose).to.deep.equal(["child workflow ledgerHold (event 7), terminated by the parent's close"]);
  });
});
