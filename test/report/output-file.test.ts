import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { outputFile } from '../../src/report/output-file';
import { fanOut, finishRun, Reporter } from '../../src/report/reporter';
import { faultReplay } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

/** Report files: a folder that is not there stops the run before it starts; a write that fails after it keeps its exit code. */
describe('report files (--json, --junit, --markdown)', function () {
  this.timeout(240_000);
  let dir: string;
  before(() => (dir = scratchDir('output-file-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing folder or a folder given as the file is refused when the reporter is made', () => {
    expect(() => outputFile('--json', join(dir, 'no-such-folder', 'r.json'))).to.throw(
      `--json ${join(dir, 'no-such-folder', 'r.json')}: no such folder ${join(dir, 'no-such-folder')}`,
    );
    expect(() => outputFile('--junit', dir)).to.throw(`--junit ${dir}: is a folder, not a file`);
    outputFile('--markdown', join(dir, 'ok.md')).write('x');
    expect(readFileSync(join(dir, 'ok.md'), 'utf8')).to.equal('x');
  });

  it('every reporter writes even after one could not; a regression stays exit 1, a clean run becomes exit 2', () => {
    const calls: string[] = [];
    const failing: Reporter<{ exitCode: number }> = {
      runDone: () => {
        throw new Error('--json x: not written: ENOSPC');
      },
    };
    const after: Reporter<{ exitCode: number }> = { runDone: () => void calls.push('after') };
    const err: string[] = [];
    expect(finishRun(fanOut([failing, after]), { exitCode: 1 }, { stderr: (t) => err.push(t) })).to.equal(1);
    expect(finishRun(fanOut([failing, after]), { exitCode: 0 }, { stderr: (t) => err.push(t) })).to.equal(2);
    expect(finishRun(fanOut([after]), { exitCode: 0 }, { stderr: (t) => err.push(t) })).to.equal(0);
    expect(calls).to.deep.equal(['after', 'after', 'after']);
    expect(err).to.deep.equal([
      'fault-replay: --json x: not written: ENOSPC\n',
      'fault-replay: --json x: not written: ENOSPC\n',
    ]);
  });

  const CHECK = [
    'check',
    '--workflows',
    'test/fixtures/saga-variants/forward-order.ts',
    '--histories',
    'histories/tenant-provisioning/happy.json',
    '--faults',
    'activity-failed',
    '--workers',
    '1',
  ];

  it('check --json into a missing folder: exit 2 at once, one line, nothing checked', () => {
    const missing = join(dir, 'nodir', 'r.json');
    const run = faultReplay([...CHECK, '--json', missing]);
    expect(run.status, run.stderr).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      `fault-replay: --json ${missing}: no such folder ${join(dir, 'nodir')}`,
    ]);
    expect(run.stdout).to.equal('');
  });

  it('check whose --json cannot be written after the run (/dev/full): the regression it found is still exit 1, the other reports are written', () => {
    const markdown = join(dir, 'r.md');
    const run = faultReplay([...CHECK, '--json', '/dev/full', '--markdown', markdown]);
    expect(run.status, run.stderr).to.equal(1); // forward-order breaks the undo-order law
    expect(run.stderr).to.match(/^fault-replay: --json \/dev\/full: not written: ENOSPC/m);
    expect(existsSync(markdown)).to.equal(true);
  });
});
