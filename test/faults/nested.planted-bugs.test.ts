import { expect } from 'chai';
import { runFaultReplay } from '../../src/run';
import { type RunResult } from '../../src/model/results';
import { reportOf } from '../../src/report/model';
import { matrixLines } from '../../src/report/matrix';
import { formatJunit } from '../../src/report/junit';
import { formatMarkdown } from '../../src/report/markdown';
import { findingLines } from '../../src/report/findings';
import { installQuietRuntime } from '../../src/util/quiet';

const HAPPY = 'histories/tenant-provisioning/happy.json';
const FAULTS = ['activity-failed', 'retries-exhausted', 'nested:activity-failed'];

/** Judged by the saga laws of histories/tenant-provisioning/provisionTenant.saga.json alone (no goldens). */
const check = (variant: string) =>
  runFaultReplay({
    workflowsPath: `test/fixtures/saga-variants/${variant}.ts`,
    histories: [HAPPY],
    faults: FAULTS,
    goldens: false,
    workers: 1,
  });

/** `fault → outcomes` in plan order. */
function outcomes(result: RunResult): Record<string, string[]> {
  const byFault: Record<string, string[]> = {};
  for (const s of result.histories[0].scenarios)
    (byFault[s.fault.replace(/@.*/, '')] ??= []).push(`${s.step}${s.fault.replace(/^[^@]*/, '')} ${s.outcome}`);
  return byFault;
}

describe('nested:<fault>: a saga whose rollback stops at a failing undo is flagged by the nested kind only; the reference saga passes', function () {
  this.timeout(180_000);
  let reference: RunResult;
  let buggy: RunResult;

  before(async () => {
    installQuietRuntime();
    reference = await check('reference');
    buggy = await check('stop-at-failing-undo');
  });

  it('the reference saga (an undo that fails does not stop the others): every scenario compensated, one per compensation on each path', () => {
    const seen = outcomes(reference);
    expect(seen['activity-failed']).to.deep.equal([1, 2, 3, 4, 5, 6].map((step) => `${step} compensated`));
    // Step k's path has k - 1 undos, then markTenantFailed: k compensations.
    expect(seen['nested:activity-failed']).to.have.length(1 + 2 + 3 + 4 + 5 + 6);
    expect(seen['nested:activity-failed'].slice(0, 3)).to.deep.equal([
      '1@1:markTenantFailed compensated',
      '2@1:deleteTenantRecord compensated',
      '2@2:markTenantFailed compensated',
    ]);
    expect(new Set(reference.histories[0].scenarios.map((s) => s.outcome))).to.deep.equal(new Set(['compensated']));
  });

  it('the buggy saga: activity-failed and retries-exhausted see nothing; nested:activity-failed is law-broken wherever an undo fails', () => {
    const seen = outcomes(buggy);
    expect(seen['activity-failed'].concat(seen['retries-exhausted'])).to.satisfy((all: string[]) =>
      all.every((o) => o.endsWith('compensated')),
    );
    const broken = seen['nested:activity-failed'].filter((o) => o.endsWith('law-broken'));
    // Every undo is a compensation that can fail (markTenantFailed failing fails both sagas alike).
    expect(broken).to.have.length(0 + 1 + 2 + 3 + 4 + 5);
    expect(
      seen['nested:activity-failed']
        .filter((o) => !o.endsWith('law-broken'))
        .every((o) => /@\d+:markTenantFailed compensated$/.test(o)),
    ).to.equal(true);
    const finding = buggy.histories[0].scenarios.find((s) => s.fault === 'nested:activity-failed@1:dropTenantSchema')!;
    expect(finding.step).to.equal(3);
    expect(finding.laws?.map((l) => l.message)).to.deep.equal([
      'createTenantRecord completed but deleteTenantRecord never ran',
      'markTenantFailed never ran',
    ]);
  });

  it('reports: one matrix column per nested kind, the worst outcome over the row’s compensations; findings, JUnit and Markdown name the compensation', () => {
    const report = reportOf(buggy);
    const matrix = matrixLines(report);
    expect(matrix[1].trim().split(/\s+/)).to.deep.equal(['step', 'AF', 'RE', 'NAF']);
    expect(matrix[2].trim().split(/\s+/).slice(-3)).to.deep.equal(['.', '.', '.']);
    expect(matrix[3].trim().split(/\s+/).slice(-3)).to.deep.equal(['.', '.', 'L']);
    expect(matrix.find((l) => l.startsWith('faults:'))).to.equal(
      'faults: AF activity-failed · RE retries-exhausted · NAF nested:activity-failed',
    );
    expect(findingLines(report).join('\n')).to.include(
      `${HAPPY} step 3 applyTenantMigrations × nested:activity-failed@1:dropTenantSchema`,
    );
    expect(formatJunit(report)).to.include(
      'name="step 3 applyTenantMigrations × nested:activity-failed@1:dropTenantSchema"',
    );
    expect(formatMarkdown(report)).to.include(
      'step 3 applyTenantMigrations × nested:activity-failed@1:dropTenantSchema',
    );
    expect(matrixLines(reportOf(reference))[3].trim().split(/\s+/).slice(-1)).to.deep.equal(['.']);
  });

  it('a first fault whose rollback crashes: the crash, under the bare nested label (no compensation was reached)', async () => {
    const crashed = await runFaultReplay({
      workflowsPath: 'test/fixtures/saga-variants/throw-in-compensation.ts',
      histories: [HAPPY],
      faults: ['nested:activity-failed'],
      goldens: false,
      workers: 1,
    });
    const scenarios = crashed.histories[0].scenarios;
    expect(scenarios.map((s) => `${s.step} ${s.fault} ${s.outcome}`)).to.deep.equal(
      [1, 2, 3, 4, 5, 6].map((step) => `${step} nested:activity-failed workflow-task-failed`),
    );
    expect(scenarios[0].detail).to.match(
      /^after the first fault, before any compensation could meet activity-failed: TypeError/,
    );
  });
});
