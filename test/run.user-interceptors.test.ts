import { expect } from 'chai';
import { runFaultReplay } from '../src/run';
import { installQuietRuntime } from '../src/util/quiet';

/** The options the reference saga gives every activity (examples/tenant-provisioning/workflows.ts). */
const SAGA_OPTIONS = {
  taskQueue: "(workflow's)",
  startToClose: '30s',
  retry: {
    initialInterval: '0.2s',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['InjectedFailure', 'ValidationError'],
  },
};

describe("the team's own workflow interceptors still apply", function () {
  this.timeout(180_000); // 12 scenarios through replay processes; slow on a loaded 2-core machine
  before(() => installQuietRuntime());

  it('are bundled before the observer: the commands seen are the ones the interceptor produced', async () => {
    const result = await runFaultReplay({
      workflowsPath: 'examples/tenant-provisioning/workflows.ts',
      histories: ['histories/tenant-provisioning/happy.json'],
      interceptorModules: ['test/fixtures/user-interceptor/interceptors.ts'],
    });
    const step3 = result.histories[0].scenarios.find((s) => s.step === 3 && s.fault === 'activity-failed')!;
    expect(step3.observed!.error, step3.detail).to.equal(undefined);
    expect(step3.observed!.tasks).to.deep.equal([
      [
        {
          activity: 'dropTenantSchema',
          args: [{ tenantId: 'acme' }, { tag: 'from-user-interceptor' }],
          options: SAGA_OPTIONS,
        },
      ],
      [
        {
          activity: 'deleteTenantRecord',
          args: [{ tenantId: 'acme' }, { tag: 'from-user-interceptor' }],
          options: SAGA_OPTIONS,
        },
      ],
      [
        {
          activity: 'markTenantFailed',
          args: [
            { tenantId: 'acme', reason: 'injected failure in applyTenantMigrations' },
            { tag: 'from-user-interceptor' },
          ],
          options: SAGA_OPTIONS,
        },
      ],
    ]);
    // Against goldens written without the interceptor, the extra argument is a difference.
    expect(step3.outcome).to.equal('unexpected-commands');
    expect(step3.detail).to.equal('the same commands with other arguments or options than the golden file');
  });
});
