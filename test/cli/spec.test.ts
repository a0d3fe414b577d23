import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(__dirname, '../..');

describe('fault-replay spec --infer (real bin)', function () {
  this.timeout(600_000);

  it('on the correct saga: a line per step, the spec written where --out says, exit 0', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'laws-infer-')), 'provisionTenant.saga.json');
    const run = spawnSync(
      process.execPath,
      [
        'bin/fault-replay.js',
        'spec',
        '--infer',
        '--workflows',
        'examples/tenant-provisioning/workflows.ts',
        '--histories',
        'histories/tenant-provisioning/happy.json',
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 580_000 },
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.equal('');
    const lines = run.stdout.split('\n');
    // Every fault kind: a cancel while a step runs undoes that step too (the reference saga waits for it), so every
    // pairing is seen, the last step's included, and no other reading fits.
    expect(lines).to.include('  createTenantSchema     → dropTenantSchema       sure: 24 of 24 scenarios agree');
    expect(lines).to.include('  sendWelcomeEmail       → cancelWelcomeEmail     sure: 24 of 24 scenarios agree');
    expect(lines).to.include('  finally: markTenantFailed  sure: last, after every fault (24 of 24)');
    expect(lines).to.include('  close: failed  sure: 18 of 18');
    expect(lines.filter((line) => / unsure: | not paired: /.test(line))).to.deep.equal([]);
    const committed = JSON.parse(readFileSync('histories/tenant-provisioning/provisionTenant.saga.json', 'utf8'));
    expect(JSON.parse(readFileSync(out, 'utf8'))).to.deep.equal(committed);
  });

  it('--out into a folder that is not there: exit 2 at once, one line, nothing inferred', () => {
    const out = join(tmpdir(), 'no-such-folder-for-fault-replay', 'x.saga.json');
    const run = spawnSync(
      process.execPath,
      [
        'bin/fault-replay.js',
        'spec',
        '--infer',
        '--workflows',
        'examples/tenant-provisioning/workflows.ts',
        '--histories',
        'histories/tenant-provisioning/happy.json',
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal(
      `fault-replay: --out ${out}: no such folder ${join(tmpdir(), 'no-such-folder-for-fault-replay')}`,
    );
    expect(run.stdout).to.equal('');
  });

  it('on the second shape (undo registered before each step, parallel undos): the committed spec byte for byte, every step paired', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'laws2-infer-')), 'fulfilOrder.saga.json');
    const run = spawnSync(
      process.execPath,
      [
        'bin/fault-replay.js',
        'spec',
        '--infer',
        '--workflows',
        'examples/order-fulfilment/workflows.ts',
        '--histories',
        'histories/order-fulfilment',
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 580_000 },
    );
    expect(run.status, run.stderr).to.equal(0);
    const lines = run.stdout.split('\n');
    expect(lines).to.include('  chargePayment  → refundPayment  sure: 30 of 30 scenarios agree');
    expect(lines).to.include('  undoFailedStep: true  sure: 15 of 15 faults at the first step undo something');
    expect(lines.filter((line) => line.includes('→ ?'))).to.deep.equal([]);
    expect(readFileSync(out, 'utf8')).to.equal(
      readFileSync('histories/order-fulfilment/fulfilOrder.saga.json', 'utf8'),
    );
  });
});
