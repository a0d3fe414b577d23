import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

describe('fault-replay check opens no network connection', function () {
  this.timeout(300_000);

  it('runs to exit 0 inside a network namespace with no interfaces (unshare -n)', () => {
    const probe = spawnSync('unshare', ['-n', process.execPath, '-e', "require('net').connect(1,'127.0.0.1').on('error',e=>{console.log(e.code)})"], { encoding: 'utf8' });
    expect(probe.error, 'unshare -n must be available (root on Linux) for this test').to.equal(undefined);
    expect(probe.stdout.trim(), 'the namespace really has no network').to.match(/ENETUNREACH|ECONNREFUSED/);

    const run = spawnSync(
      'unshare',
      ['-n', process.execPath, 'bin/fault-replay.js', 'check', '--workflows', 'examples/tenant-provisioning/workflows.ts', '--histories', 'histories/tenant-provisioning'],
      { encoding: 'utf8', timeout: 280_000 },
    );
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.include('384 scenarios in 7 histories: 204 compensated, 180 not-applicable');
    expect(run.status).to.equal(0);
  });
});
