import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runFaultReplay } from '../src/run';
import { RunResult, ScenarioResult } from '../src/model/results';
import { installQuietRuntime } from '../src/util/quiet';

/**
 * Each class of rollback bug that an `ok` used to hide (issue 6), planted in a variant of the
 * reference saga and checked against the committed goldens of the correct saga. Live evidence of
 * the same classes, recorded on the dev server, is in test/truthful/.
 */
const VARIANTS = 'test/fixtures/saga-variants';
const HAPPY = 'histories/tenant-provisioning/happy.json';

function check(variant: string, extra: Partial<Parameters<typeof runFaultReplay>[0]> = {}): Promise<RunResult> {
  // The golden judge alone: the saga laws (the spec beside the corpus) have their own tests in test/laws/.
  // The failing kinds by default: the bugs below are rollback bugs (the control runs every kind).
  return runFaultReplay({
    workflowsPath: `${VARIANTS}/${variant}.ts`,
    histories: [HAPPY],
    workers: 1,
    laws: false,
    faults: ['activity-failed', 'retries-exhausted'],
    ...extra,
  });
}

function scenario(result: RunResult, step: number, fault = 'activity-failed'): ScenarioResult {
  const found = result.histories[0].scenarios.find((s) => s.step === step && s.fault === fault);
  if (!found) throw new Error(`no scenario step ${step} × ${fault}`);
  return found;
}

function activities(s: ScenarioResult): string[][] {
  return s.observed!.tasks.map((task) => task.flatMap((c) => ('activity' in c ? [c.activity] : [])));
}

describe('truthful verdicts: planted bugs that used to pass as ok', function () {
  this.timeout(180_000);
  before(() => installQuietRuntime());

  it('the correct saga: every scenario compensated, exit 0 (the control, every fault kind)', async () => {
    const result = await check('reference', { faults: undefined });
    expect(result.counts.compensated).to.equal(42); // 6 steps × the 7 kinds that apply to them (workflow-cancel and worker-crash:task-failed included)
    expect(result.counts['not-applicable']).to.equal(18);
    expect(result.exitCode).to.equal(0);
  });

  it('undos started and never awaited: work-left-open, naming the work the close cut off', async () => {
    const result = await check('not-awaited');
    const step3 = scenario(result, 3);
    expect(step3.outcome).to.equal('work-left-open');
    expect(step3.detail)
      .to.include('dropTenantSchema')
      .and.include('deleteTenantRecord')
      .and.include('markTenantFailed');
    expect(activities(step3)).to.deep.equal([['dropTenantSchema', 'deleteTenantRecord', 'markTenantFailed']]);
    expect(result.exitCode).to.equal(1);
  });

  it('undos in parallel instead of one at a time: the same commands, grouped differently', async () => {
    const result = await check('parallel-undos');
    const step4 = scenario(result, 4);
    expect(step4.outcome).to.equal('unexpected-commands');
    expect(step4.detail).to.equal(
      'the same commands, grouped into workflow tasks differently (serial vs parallel) from the golden file',
    );
    expect(activities(step4)).to.deep.equal([
      ['revertTenantMigrations', 'dropTenantSchema', 'deleteTenantRecord'],
      ['markTenantFailed'],
    ]);
    expect(scenario(result, 2).outcome, 'one undo: nothing to tell apart').to.equal('compensated');
  });

  it('an undo sent to a task queue nobody polls: the options differ, the queue is in the diff', async () => {
    const step3 = scenario(await check('undo-on-other-queue'), 3);
    expect(step3.outcome).to.equal('unexpected-commands');
    expect(step3.detail).to.equal('the same commands with other arguments or options than the golden file');
    expect(step3.diff).to.match(/^\+ dropTenantSchema\(\{"tenantId":"acme"\}\) {2}taskQueue nobody-polls-this/m);
  });

  it('an undo with another timeout: the options differ', async () => {
    const step3 = scenario(await check('undo-with-other-timeout'), 3);
    expect(step3.outcome).to.equal('unexpected-commands');
    expect(step3.diff).to.match(/^\+ dropTenantSchema\(.*\) {2}startToClose 5s/m);
    expect(step3.diff).to.match(/^- dropTenantSchema\(.*\) {2}startToClose 30s/m);
  });

  it('a regression shipped behind patched(): the answering task runs live, takes the new branch, and it is caught', async () => {
    const result = await check('patched-regression');
    const step3 = scenario(result, 3);
    expect(step3.outcome).to.equal('unexpected-commands');
    expect(step3.observed!.tasks[0]).to.deep.include({ patch: 'skip-schema-undo' });
    expect(activities(step3).flat()).to.not.include('dropTenantSchema');
    expect(step3.observed!.error, 'the closed path, patch marker and all, replays').to.equal(undefined);
  });

  it('a rollback that differs on isReplaying: live it skips an undo, replayed it does not: nondeterministic', async () => {
    const step3 = scenario(await check('live-only-branch'), 3);
    expect(step3.outcome).to.equal('nondeterministic');
    expect(step3.detail).to.match(/^what the workflow did live does not replay the same way/);
  });

  it('compensating only non-retryable causes: retries-exhausted (a retryable failure, as the server writes it) catches it', async () => {
    const result = await check('only-non-retryable');
    expect(scenario(result, 3, 'activity-failed').outcome).to.equal('compensated');
    const exhausted = scenario(result, 3, 'retries-exhausted');
    expect(exhausted.outcome).to.equal('unexpected-commands');
    expect(exhausted.observed!.tasks).to.deep.equal([]);
    expect(exhausted.observed!.close).to.deep.include({ status: 'failed' });
  });

  it('compensating only application failures: activity-timeout:start-to-close (a TimeoutFailure cause) alone catches it', async () => {
    const result = await check('only-application-failures', {
      faults: ['activity-failed', 'retries-exhausted', 'activity-timeout:start-to-close'],
    });
    expect(['activity-failed', 'retries-exhausted'].map((fault) => scenario(result, 3, fault).outcome)).to.deep.equal([
      'compensated',
      'compensated',
    ]);
    const timedOut = scenario(result, 3, 'activity-timeout:start-to-close');
    expect(timedOut.outcome).to.equal('unexpected-commands');
    expect(timedOut.observed!.tasks).to.deep.equal([]);
    expect(timedOut.observed!.close).to.deep.include({ status: 'failed' });
  });

  it('a failure with other details and flags: the full failure chain is compared', async () => {
    const step2 = scenario(await check('fail-with-details'), 2);
    expect(step2.outcome).to.equal('unexpected-commands');
    expect(step2.detail).to.equal('the workflow closes differently from the golden file');
    expect(step2.diff).to.match(/^\+ close: failed: .*\(non-retryable\) details \[\{"tenantId":"acme"\}\]/m);
  });

  it('a rollback that never yields: workflow-task-failed within the deadline, and the other scenarios still judged', async () => {
    const result = await check('busy-loop', { deadlineMs: 1_000, faults: ['activity-failed'] });
    const step3 = scenario(result, 3);
    expect(step3.outcome).to.equal('workflow-task-failed');
    expect(step3.detail).to.match(/did not yield within .* s of CPU time \(a busy loop or a deadlock/);
    expect(scenario(result, 1).outcome, 'no undo to run: no loop').to.equal('compensated');
  });
});

describe('truthful verdicts: correct code is not a false alarm', function () {
  this.timeout(180_000);
  let goldens: string;
  before(() => {
    installQuietRuntime();
    goldens = mkdtempSync(join(tmpdir(), 'fault-replay-goldens-'));
  });
  after(() => rmSync(goldens, { recursive: true, force: true }));

  it('a rollback that waits for a deadline with sleep: time moves as on a server, it passes against its own goldens', async () => {
    const made = await check('deadline-sleep', { goldenDir: goldens, update: true, faults: ['activity-failed'] });
    const step2 = scenario(made, 2);
    expect(step2.observed!.tasks.slice(0, 10)).to.deep.equal(Array(10).fill([{ timer: '1s' }]));
    const result = await check('deadline-sleep', { goldenDir: goldens, faults: ['activity-failed'] });
    expect(result.counts.compensated).to.equal(6);
    expect(result.exitCode).to.equal(0);
  });

  it('an activity the history never ran: could-not-run naming it without --results; passes with them', async () => {
    const without = await check('needs-result', { faults: ['activity-failed'] });
    const step2 = scenario(without, 2);
    expect(step2.outcome).to.equal('could-not-run');
    expect(step2.detail).to.match(/^no recorded result for activity lookupRefundAccount; give one with --results/);
    expect(without.exitCode).to.equal(2);

    const results = join(goldens, 'results.json');
    writeFileSync(results, JSON.stringify({ lookupRefundAccount: { account: 'acct-1' } }));
    const dir = join(goldens, 'needs-result');
    await check('needs-result', { faults: ['activity-failed'], resultsPath: results, goldenDir: dir, update: true });
    const checked = await check('needs-result', { faults: ['activity-failed'], resultsPath: results, goldenDir: dir });
    expect(checked.counts.compensated).to.equal(6);
    expect(checked.exitCode).to.equal(0);
  });
});

describe('truthful exit codes', function () {
  this.timeout(120_000);
  before(() => installQuietRuntime());

  it('a regression and a file that could not be used in one run: exit 1 (the regression is never hidden)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fault-replay-exit-'));
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, readFileSync(HAPPY, 'utf8').slice(0, 500));
    const result = await runFaultReplay({
      workflowsPath: `${VARIANTS}/missing-compensation.ts`,
      histories: [HAPPY, truncated],
      laws: false,
      workers: 1,
      faults: ['activity-failed'],
    });
    expect(result.problems.length).to.be.greaterThan(0);
    expect(result.counts['unexpected-commands']).to.be.greaterThan(0);
    expect(result.exitCode).to.equal(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a mistyped --golden-dir is a usage error, not a regression', async () => {
    let error: Error | undefined;
    await runFaultReplay({
      workflowsPath: `${VARIANTS}/reference.ts`,
      histories: [HAPPY],
      goldenDir: 'no/such/goldens',
    }).catch((err: Error) => (error = err));
    expect(error?.message).to.equal('--golden-dir no/such/goldens: no such folder (give --update to create it)');
  });
});
