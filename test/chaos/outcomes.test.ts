// Every chaos outcome made to happen live on a real dev server (in-process world, no PostgreSQL).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runChaos, ChaosOptions, ChaosResult } from '../../src/chaos/run';
import { installQuietRuntime } from '../../src/util/quiet';
import { startServer } from '../../src/server/environment';

const FIXTURE = 'test/fixtures/chaos-memory';

function options(workflowType: string, extra: Partial<ChaosOptions> = {}): ChaosOptions {
  return {
    workflowsPath: `${FIXTURE}/workflows.ts`,
    activitiesPath: `${FIXTURE}/activities.ts`,
    workflowType,
    args: ['order-1'],
    probe: `${FIXTURE}/probe.ts`,
    server: 'dev',
    runTimeoutMs: 10_000,
    ...extra,
  };
}

function cells(result: ChaosResult): string[] {
  return result.scenarios.map((s) => `${s.step} ${s.activityType} × ${s.fault}: ${s.outcome}`);
}

describe('chaos outcomes, each made to happen live', function () {
  this.timeout(300_000);
  before(() => installQuietRuntime());

  it('undo-twice: a compensation that is not idempotent leaves an orphan, only where it runs', async () => {
    const result = await runChaos(options('orderSaga'));
    expect(cells(result)).to.deep.equal([
      '1 addItem × fail: clean',
      '1 addItem × transient: clean',
      '1 addItem × twice: clean',
      '1 addItem × undo-twice: clean',
      '2 debit × fail: clean',
      '2 debit × transient: clean',
      '2 debit × twice: clean',
      '2 debit × undo-twice: clean',
      '3 notify × fail: clean',
      '3 notify × transient: clean',
      '3 notify × twice: clean',
      '3 notify × undo-twice: orphan',
    ]);
    expect(result.scenarios[11].differences).to.deep.equal(['~ balance: 100 → 110']);
    expect(result.happy?.close).to.deep.equal({ status: 'completed', result: 90 });
    expect(result.exitCode).to.equal(1);
  });

  it('transient without retries: not absorbed, with the close and the world that differ', async () => {
    const result = await runChaos(options('retrylessSaga', { faults: ['transient'] }));
    expect(cells(result)).to.deep.equal([
      '1 addItem × transient: not-absorbed',
      '2 debit × transient: not-absorbed',
      '3 notify × transient: not-absorbed',
    ]);
    expect(result.scenarios[1].differences).to.deep.equal([
      '- close: {"status":"completed","result":90}',
      '+ close: {"status":"failed","failure":"chaos: transient failure in debit (attempt 1)"}',
      '~ balance: 90 → 100',
      '- items[]: "order-1"',
    ]);
  });

  it('a run that does not close within the deadline is stuck (and terminated)', async () => {
    const result = await runChaos(options('hangingSaga', { faults: ['fail'], steps: ['debit'], runTimeoutMs: 2_000 }));
    expect(cells(result)).to.deep.equal(['2 debit × fail: stuck']);
    expect(result.scenarios[0].detail).to.equal('did not close within 2000 ms');
    expect(result.exitCode).to.equal(1);
  });

  it('compensation code that throws fails the workflow task: workflow-task-failed, not stuck', async () => {
    const result = await runChaos(options('crashingSaga', { faults: ['fail'], steps: ['1'] }));
    expect(cells(result)).to.deep.equal(['1 addItem × fail: workflow-task-failed']);
    expect(result.scenarios[0].detail).to.include('compensation code bug');
    expect(result.exitCode).to.equal(1);
  });

  it('a happy run that does not complete: nothing to inject into, could not run (exit 2)', async () => {
    const result = await runChaos(options('brokenSaga'));
    expect(result.scenarios).to.deep.equal([]);
    expect(result.problems).to.deep.equal([
      'the happy run did not complete (it closed failed: no order order-1): nothing to inject into',
    ]);
    expect(result.exitCode).to.equal(2);
  });

  it('a probe that sees nothing the happy run did: could not run, so a blind probe cannot pass every run', async () => {
    const result = await runChaos(options('orderSaga', { probe: `${FIXTURE}/blind-probe.ts` }));
    expect(result.scenarios).to.deep.equal([]);
    expect(result.problems).to.deep.equal([
      "the probe's snapshot did not change during the happy run: it sees nothing the workflow does, so no verdict could fail",
    ]);
    expect(result.exitCode).to.equal(2);
  });

  it('a probe whose snapshot of one world changes: could not run, named with the path that moves', async () => {
    const result = await runChaos(options('orderSaga', { probe: `${FIXTURE}/unstable-probe.ts` }));
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]).to.match(
      /^the probe's snapshot is not stable \(two snapshots of the same world differ: ~ takenAt: \d+ → \d+\)/,
    );
    expect(result.exitCode).to.equal(2);
  });

  it('a local activity is a step too: found by its marker, each fault injected into it', async () => {
    const result = await runChaos(options('localDebitSaga'));
    expect(result.happy?.steps).to.deep.equal([
      { index: 1, activityType: 'addItem', occurrence: 1 },
      { index: 2, activityType: 'debit', occurrence: 1, local: true },
      { index: 3, activityType: 'notify', occurrence: 1 },
    ]);
    expect(result.scenarios.filter((s) => s.step === 2).map((s) => `${s.fault}: ${s.outcome}`)).to.deep.equal([
      'fail: clean',
      'transient: clean',
      'twice: clean',
      'undo-twice: clean',
    ]);
    expect(result.scenarios.find((s) => s.step === 2 && s.fault === 'fail')?.close).to.deep.equal({
      status: 'failed',
      failure: 'chaos: injected failure in debit',
    });
    expect(
      result.scenarios.filter((s) => s.outcome !== 'clean').map((s) => `${s.step} ${s.fault}: ${s.outcome}`),
    ).to.deep.equal(['3 undo-twice: orphan']);
  });

  it("a child workflow's activity is a step of its parent's run, each fault injected into it", async () => {
    const recordDir = mkdtempSync(join(tmpdir(), 'chaos-child-'));
    const result = await runChaos(options('childDebitSaga', { recordDir }));
    const kept = readdirSync(recordDir);
    rmSync(recordDir, { recursive: true, force: true });
    expect(kept).to.include.members([
      'happy.json',
      'happy.child-1-debitInChild.json',
      'step-2-debit.fail.json',
      'step-2-debit.fail.child-1-debitInChild.json',
    ]);
    expect(kept).to.have.length(13 + 11); // 13 runs; a child in all but the 2 that fail at step 1
    expect(result.happy?.steps).to.deep.equal([
      { index: 1, activityType: 'addItem', occurrence: 1 },
      { index: 2, activityType: 'debit', occurrence: 1, childType: 'debitInChild' },
      { index: 3, activityType: 'notify', occurrence: 1 },
    ]);
    expect(result.scenarios.filter((s) => s.step === 2).map((s) => `${s.fault}: ${s.outcome}`)).to.deep.equal([
      'fail: clean',
      'transient: clean',
      'twice: clean',
      'undo-twice: clean',
    ]);
    expect(result.scenarios.find((s) => s.step === 2 && s.fault === 'fail')?.close).to.deep.equal({
      status: 'failed',
      failure: 'chaos: injected failure in debit',
    });
    expect(
      result.scenarios.filter((s) => s.outcome !== 'clean').map((s) => `${s.step} ${s.fault}: ${s.outcome}`),
    ).to.deep.equal(['3 undo-twice: orphan']);
  });

  it('--address: runs on a server that is already running and leaves it running', async () => {
    const env = await startServer('dev');
    try {
      const result = await runChaos(
        options('orderSaga', { address: env.address, faults: ['undo-twice'], steps: ['notify'] }),
      );
      expect(cells(result)).to.deep.equal(['3 notify × undo-twice: orphan']);
      const types: string[] = [];
      for await (const workflow of env.client.workflow.list()) types.push(workflow.type);
      expect(types).to.deep.equal(['orderSaga', 'orderSaga']); // the happy run and the one live run, on that server
    } finally {
      await env.teardown();
    }
  });
});
