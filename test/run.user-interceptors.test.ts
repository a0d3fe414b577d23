import { expect } from 'chai';
import { runFaultReplay } from '../src/run';
import { installQuietRuntime } from '../src/util/quiet';

describe("the team's own workflow interceptors still apply", function () {
  this.timeout(60_000);
  before(() => installQuietRuntime());

  it('are bundled before the observer: the commands seen are the ones the interceptor produced', async () => {
    const result = await runFaultReplay({
      workflowsPath: 'examples/tenant-provisioning/workflows.ts',
      histories: ['histories/tenant-provisioning/happy.json'],
      interceptorModules: ['test/fixtures/user-interceptor/interceptors.ts'],
    });
    const step3 = result.histories[0].scenarios[2];
    expect(step3.observed!.commands).to.deep.equal([
      { activity: 'dropTenantSchema', args: [{ tenantId: 'acme' }, { tag: 'from-user-interceptor' }] },
      { activity: 'deleteTenantRecord', args: [{ tenantId: 'acme' }, { tag: 'from-user-interceptor' }] },
      { activity: 'markTenantFailed', args: [{ tenantId: 'acme', reason: 'injected failure in applyTenantMigrations' }, { tag: 'from-user-interceptor' }] },
    ]);
    // Against goldens written without the interceptor, the extra argument is a difference.
    expect(step3.outcome).to.equal('unexpected-commands');
  });
});
