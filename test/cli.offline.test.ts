import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

/** Runs a command in a new network namespace whose only interface is loopback (up): nothing can leave the machine. */
function offline(...command: string[]) {
  const script = 'ip link set lo up && exec "$@"';
  return spawnSync('unshare', ['-n', 'sh', '-c', script, 'offline', ...command], {
    encoding: 'utf8',
    timeout: 170_000,
  });
}

// The tool's workers talk to the tool's own in-process frontend over loopback; nothing else.
describe('fault-replay check opens no network connection beyond its own loopback frontend', function () {
  this.timeout(180_000);

  it('runs to exit 0 inside a network namespace with loopback only (unshare -n)', () => {
    const probe = offline(
      process.execPath,
      '-e',
      "require('net').connect(53,'1.1.1.1').on('error',e=>{console.log(e.code)})",
    );
    expect(probe.error, 'unshare -n and ip must be available (root on Linux) for this test').to.equal(undefined);
    expect(probe.stdout.trim(), 'the namespace really has no way out').to.match(/ENETUNREACH/);

    const run = offline(
      process.execPath,
      'bin/fault-replay.js',
      'check',
      '--workflows',
      'examples/tenant-provisioning/workflows.ts',
      '--histories',
      'histories/tenant-provisioning',
    );
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.include('480 scenarios in 7 histories: 279 compensated, 201 not-applicable');
    expect(run.status).to.equal(0);
  });
});
