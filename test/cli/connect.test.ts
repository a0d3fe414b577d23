import { expect } from 'chai';
import { faultReplay } from '../support/check-cli';

/** A server that is not there, a report that is not there: one line naming the address or the file, exit 2. */
describe('what is not there, said in words', function () {
  this.timeout(120_000);

  it('worker --address with nothing listening: the address and "connection refused" (was core’s tonic::transport::Error)', () => {
    const run = faultReplay([
      'worker',
      '--address',
      '127.0.0.1:1',
      '--task-queue',
      'q',
      '--workflows',
      'examples/workflows.ts',
      '--histories-root',
      '.',
    ]);
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal(
      'fault-replay: cannot connect to the Temporal server at 127.0.0.1:1: connection refused (is the server running, on that port?)',
    );
  });

  it('capture --address with nothing listening: the address, and why', () => {
    const run = faultReplay([
      'capture',
      '--address',
      '127.0.0.1:1',
      '--workflow-id',
      'x',
      '--out',
      '.scratch/capture-nowhere',
    ]);
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.match(
      /^fault-replay: cannot connect to the Temporal server at 127\.0\.0\.1:1: (connection refused|no answer before the deadline)/,
    );
  });

  it('merge of a file that is not there: "cannot read", not "not a JSON report"', () => {
    const run = faultReplay(['merge', 'no-such-shard.json']);
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal('fault-replay: no-such-shard.json: cannot read: no such file or folder');
  });
});
