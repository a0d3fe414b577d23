/**
 * Child workflows the path starts, run by the tool (src/continue/child-run.ts): what decides their
 * close, and what stays answered by the recorded-result rules. The live counterparts: the transfer
 * saga's recordings (docs/transfer-variants.md) and the travel-booking corpus.
 */
import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import type { RunResult, ScenarioResult } from '../../src/model/results';
import { installQuietRuntime } from '../../src/util/quiet';

const TRANSFER = 'test/fixtures/transfer';

function at(result: RunResult, activityType: string, fault: string): ScenarioResult {
  const found = result.histories[0].scenarios.find((s) => s.activityType === activityType && s.fault === fault);
  if (!found) throw new Error(`no scenario ${activityType} × ${fault}`);
  return found;
}

function reverseLedgerEvent(s: ScenarioResult): number {
  const match = /child workflow reverseLedger \(event (\d+)\)/.exec((s.observed?.childCloses ?? []).join());
  return Number(match?.[1]);
}

function transfer(variant: string): Promise<RunResult> {
  return runFaultReplay({
    workflowsPath: `${TRANSFER}/variants/${variant}.ts`,
    histories: [`${TRANSFER}/histories/happy.json`],
    resultsPath: `${TRANSFER}/results.ts`,
    faults: ['activity-failed'],
  });
}

describe('child workflows run by the tool', function () {
  this.timeout(300_000);
  before(() => installQuietRuntime());

  it('an exported undo child runs: its own void activity is the assumed answer, not the child; it completes before the next undo', async () => {
    const settle = at(await transfer('correct'), 'settle', 'activity-failed');
    expect(settle.observed?.invented).to.include('eraseLedger').and.not.include('reverseLedger');
    const names = (settle.observed?.tasks ?? []).map((task) =>
      task.map((command) =>
        'child' in command ? `child ${command.child}` : 'activity' in command ? command.activity : '?',
      ),
    );
    expect(names.slice(0, 3)).to.deep.equal([['getTransferState'], ['child reverseLedger'], ['releaseCredit']]);
  });

  it('a child type the workflows module does not export is answered as before: its completion is the assumed answer', async () => {
    const settle = at(await transfer('child-undo-not-exported'), 'settle', 'activity-failed');
    expect(settle.observed?.invented).to.include('reverseLedger').and.not.include('eraseLedger');
  });

  it('a run that assumed nothing comes before a recorded result: reverseLedger now fails on the recorded settle failure, where the record shows it completing', async () => {
    const result = await runFaultReplay({
      workflowsPath: `${TRANSFER}/variants/child-undo-rejects.ts`,
      histories: [`${TRANSFER}/histories/live-correct-settle.json`],
      resultsPath: `${TRANSFER}/results.ts`,
      faults: ['activity-failed'],
    });
    const settle = at(result, 'settle', 'activity-failed');
    expect(settle.observed?.childCloses).to.deep.equal([
      `child workflow reverseLedger (event ${reverseLedgerEvent(settle)}) failed: ledger entry le-t-1 is locked`,
    ]);
  });

  it('a recorded result of the same call comes first: bookFlight re-run after a worker crash keeps its recorded seat, not the run’s assumed void', async () => {
    const result = await runFaultReplay({
      workflowsPath: 'examples/workflows.ts',
      histories: ['histories/travel-booking/happy.json'],
      faults: ['worker-crash'],
    });
    const crashed = at(result, 'quoteTrip', 'worker-crash');
    expect(crashed.outcome, crashed.detail).to.equal('compensated');
    expect(crashed.observed?.close).to.deep.include({ status: 'completed' });
    expect((crashed.observed?.close as { result: { seat?: string } }).result.seat).to.equal('seat-LH400-trip-42');
  });
});
