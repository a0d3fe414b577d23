import { expect } from 'chai';
import { bundleWithObserver } from '../../src/replay/bundle';

describe('bundleWithObserver (bundled in a process of its own)', function () {
  this.timeout(120_000);

  it('hands back the bundle of the workflows, with the tool observer bundled in', async () => {
    const bundle = await bundleWithObserver(
      { workflowsPath: 'examples/tenant-provisioning/workflows.ts' },
      { apart: true },
    );
    expect(bundle.code).to.include('provisionTenant');
    expect(bundle.code).to.include('observer-interceptor');
    expect(bundle.sourceMap).to.be.a('string').and.not.equal('');
  });

  it('a module that does not exist is one line naming the module', async () => {
    const failure = await bundleWithObserver({ workflowsPath: 'examples/no-such-workflows.ts' }, { apart: true }).then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(failure).to.equal('workflows module examples/no-such-workflows.ts: no such file');
    expect(failure).not.to.include('\n');
  });
});
