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

describe("the team's own payload converter still applies", function () {
  this.timeout(180_000); // 12 scenarios through replay processes; slow on a loaded 2-core machine
  before(() => installQuietRuntime());

  it('encodes commands in the replayed workflow and decodes them in the report', async () => {
    const result = await runFaultReplay({
      workflowsPath: 'examples/tenant-provisioning/workflows.ts',
      histories: ['histories/tenant-provisioning/happy.json'],
      payloadConverterPath: 'test/fixtures/payload-converter/converter.ts',
    });
    const step2 = result.histories[0].scenarios.find((s) => s.step === 2 && s.fault === 'activity-failed')!;
    expect(step2.observed!.error, step2.detail).to.equal(undefined);
    expect(step2.observed!.tasks).to.deep.equal([
      [{ activity: 'deleteTenantRecord', args: [{ team: { tenantId: 'acme' } }], options: SAGA_OPTIONS }],
      [
        {
          activity: 'markTenantFailed',
          args: [{ team: { tenantId: 'acme', reason: 'injected failure in createTenantSchema' } }],
          options: SAGA_OPTIONS,
        },
      ],
    ]);
  });
});
