import { expect } from 'chai';
import { runFaultReplay } from '../src/run';
import { installQuietRuntime } from '../src/util/quiet';

describe("the team's own payload converter still applies", function () {
  this.timeout(60_000);
  before(() => installQuietRuntime());

  it('encodes commands in the replayed workflow and decodes them in the report', async () => {
    const result = await runFaultReplay({
      workflowsPath: 'examples/tenant-provisioning/workflows.ts',
      histories: ['histories/tenant-provisioning/happy.json'],
      payloadConverterPath: 'test/fixtures/payload-converter/converter.ts',
    });
    const step2 = result.histories[0].scenarios[1];
    expect(step2.observed!.commands).to.deep.equal([
      { activity: 'deleteTenantRecord', args: [{ team: { tenantId: 'acme' } }] },
      { activity: 'markTenantFailed', args: [{ team: { tenantId: 'acme', reason: 'injected failure in createTenantSchema' } }] },
    ]);
  });
});
