import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { describeFaultReplay } from '../src/mocha';

// The face used as a team would use it: the reference saga, every scenario one passing test, and
// each not-applicable one pending (these are the ~200 pending tests `npm test` reports).
describeFaultReplay('the mocha face on the reference saga', {
  workflowsPath: 'examples/tenant-provisioning/workflows.ts',
  histories: ['histories/tenant-provisioning'],
});

/** A spec file in a mocha of its own, reporting JSON: what a team's CI would see. Without --exit: the face leaves nothing running. */
function childMocha(specFile: string) {
  const run = spawnSync(
    process.execPath,
    [
      require.resolve('mocha/bin/mocha.js'),
      '--no-config',
      '--require',
      'ts-node/register/transpile-only',
      '--reporter',
      'json',
      specFile,
    ],
    { encoding: 'utf8', timeout: 110_000 },
  );
  expect(run.signal, 'mocha ended by itself, not killed at the timeout').to.equal(null);
  return run;
}

describe('the mocha face on a buggy saga', function () {
  this.timeout(120_000);

  it('declares one test per scenario and fails exactly the findings, with the golden diff', () => {
    const run = childMocha('test/fixtures/mocha-face/forward-order.spec.ts');
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      stats: { tests: number; passes: number; failures: number };
      failures: Array<{ title: string; err: { message: string; expected?: string; actual?: string } }>;
    };
    expect(report.stats.tests, '48 steps × 2 faults, and each of the 7 recorded histories replayed as it is').to.equal(
      96 + 7,
    );
    expect(report.stats.failures).to.be.greaterThan(0);
    expect(report.stats.passes + report.stats.failures).to.equal(96 + 7);
    // Undoing in forward order no longer replays a recorded rollback: the CLI's regression, a failing test here too.
    const replayed = report.failures.find(
      (f) => f.title === 'histories/tenant-provisioning/real-failure-applyTenantMigrations.json replays as recorded',
    );
    expect(replayed?.err.message).to.match(/^nondeterministic: .*Nondeterminism error/);
    const step4 = report.failures.find(
      (f) => f.title === 'histories/tenant-provisioning/happy.json step 4 createOwnerMembership × activity-failed',
    );
    expect(step4?.err.message).to.match(/^law-broken: .*\(law: undos run one at a time, in reverse order\)/); // the spec beside the corpus judges too
    expect(step4?.err.message).to.include('\n- revertTenantMigrations({"tenantId":"acme"})'); // the golden diff, one line a command
    expect(step4?.err.message).to.include('\n+ revertTenantMigrations({"tenantId":"acme"})'); // moved after the others
    expect(step4?.err.expected).to.include('revertTenantMigrations');
    expect(step4!.err.actual!.indexOf('deleteTenantRecord')).to.be.lessThan(
      step4!.err.actual!.indexOf('revertTenantMigrations'),
    );
    expect(run.status).to.equal(report.stats.failures);
  });

  it('a fault that does not apply to its step is pending, not passing; every other scenario passes on the reference saga', () => {
    const run = childMocha('test/fixtures/mocha-face/reference-happy.spec.ts');
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      stats: { tests: number; passes: number; pending: number; failures: number };
    };
    // As `check` counts happy.json: 60 scenarios, 42 compensated, 18 not-applicable; and its own replay.
    expect(report.stats).to.deep.include({ tests: 61, passes: 43, pending: 18, failures: 0 });
    expect(run.status).to.equal(0);
  });

  it('nested:<fault>: one test per step, failing with the first compensation that breaks a law, named by its label', () => {
    const run = childMocha('test/fixtures/mocha-face/stop-at-failing-undo.spec.ts');
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      stats: { tests: number; failures: number };
      failures: Array<{ title: string; err: { message: string } }>;
    };
    // Step 1's only compensation is markTenantFailed, whose failure fails both sagas alike: it passes.
    expect([report.stats.tests, report.stats.failures]).to.deep.equal([6 + 1, 5]);
    const step3 = report.failures.find(
      (f) =>
        f.title === 'histories/tenant-provisioning/happy.json step 3 applyTenantMigrations × nested:activity-failed',
    );
    expect(step3?.err.message).to.match(
      /^nested:activity-failed@1:dropTenantSchema: law-broken: createTenantRecord completed but deleteTenantRecord never ran/,
    );
  });
});
