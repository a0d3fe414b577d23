import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

describe('describeChaos, the mocha face of chaos', function () {
  this.timeout(300_000);

  it('declares one test per live run and fails exactly the finding, with the world difference', () => {
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('mocha/bin/mocha.js'),
        '--no-config',
        '--require',
        'ts-node/register/transpile-only',
        '--reporter',
        'json',
        'test/fixtures/chaos-memory/order-saga.spec.ts',
      ],
      { encoding: 'utf8', timeout: 280_000 },
    );
    expect(run.signal, 'mocha ended by itself (no --exit), not killed at the timeout').to.equal(null);
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{\n'))) as {
      stats: { tests: number; passes: number; failures: number };
      failures: Array<{ title: string; err: { message: string } }>;
    };
    expect(report.stats.tests).to.equal(13);
    expect(report.stats.passes).to.equal(12);
    expect(report.failures.map((f) => f.title)).to.deep.equal(['step 3 notify × undo-twice']);
    expect(report.failures[0].err.message).to.equal(
      'orphan: 1 difference(s) from the world before the run\n  ~ balance: 100 → 110',
    );
    expect(run.status).to.equal(1);
  });
});
