import { spawnSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { outputFile } from '../../src/report/output-file';
import { writeFileInFolder } from '../../src/util/atomic-write';
import { ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

/**
 * Reports, goldens, specs, captures and repro files are written to a temporary file in the same
 * folder and renamed: a reader, a crash or a second run never sees a torn file (issue 30, item 11).
 */
describe('atomic writes (temporary file + rename)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = scratchDir('atomic-')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a reader holding the old file keeps it whole: the new content is a new file (not the old one truncated)', () => {
    const file = join(dir, 'r.json');
    writeFileSync(file, 'old report\n');
    linkSync(file, join(dir, 'reader-holds.json'));
    outputFile('--json', file).write('new report\n');
    expect(readFileSync(file, 'utf8')).to.equal('new report\n');
    expect(readFileSync(join(dir, 'reader-holds.json'), 'utf8')).to.equal('old report\n');
    expect(readdirSync(dir).sort()).to.deep.equal(['r.json', 'reader-holds.json']); // no temporary file left
  });

  it('a write cut off half-way (the file size limit, as a full disk would) leaves the old file whole and no temporary file', () => {
    const file = join(dir, 'r.json');
    writeFileSync(file, 'old report\n');
    const write = `require(${JSON.stringify(join(ROOT, 'src/report/output-file.ts'))}).outputFile('--json', ${JSON.stringify(file)}).write('x'.repeat(1 << 20))`;
    // At most 2 blocks of 512 bytes a file: the kernel stops the 1 MiB write there (EFBIG; Node ignores SIGXFSZ).
    const run = spawnSync('sh', ['-c', `ulimit -f 2; exec "${process.execPath}" -r ts-node/register -e "$0"`, write], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).to.include('not written: EFBIG');
    expect(readFileSync(file, 'utf8')).to.equal('old report\n');
    expect(readdirSync(dir)).to.deep.equal(['r.json']);
  });

  it('a symlinked report is written at its target (the link stays); a device such as /dev/null is written in place, never replaced', () => {
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'target.md'), 'old');
    symlinkSync(join(dir, 'elsewhere', 'target.md'), join(dir, 'link.md'));
    outputFile('--markdown', join(dir, 'link.md')).write('new');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).to.equal(true);
    expect(readFileSync(join(dir, 'elsewhere', 'target.md'), 'utf8')).to.equal('new');
    outputFile('--json', '/dev/null').write('x');
    expect(statSync('/dev/null').isCharacterDevice()).to.equal(true);
  });

  it('a file keeps its mode; a new one gets the mode asked for', () => {
    const file = join(dir, 'repro.sh');
    writeFileInFolder(file, '#!/bin/sh\n', 0o755);
    expect(statSync(file).mode & 0o777).to.equal(0o755);
    writeFileSync(join(dir, 'private.json'), '{}', { mode: 0o600 });
    writeFileInFolder(join(dir, 'private.json'), '{"a":1}');
    expect(statSync(join(dir, 'private.json')).mode & 0o777).to.equal(0o600);
  });

  it('a file whose name comes from a history is not written through a symlink out of its folder, nor at a path leaving it', () => {
    mkdirSync(join(dir, 'goldens'));
    mkdirSync(join(dir, 'private'));
    writeFileSync(join(dir, 'private', 'victim'), 'precious');
    symlinkSync(join(dir, 'private', 'victim'), join(dir, 'goldens', 'happy.faults.json'));
    expect(() => writeFileInFolder(join(dir, 'goldens', 'happy.faults.json'), '{}')).to.throw(
      /happy\.faults\.json: leads to .*private\/victim, outside its folder .*goldens \(a symlink\?\): not written/,
    );
    expect(readFileSync(join(dir, 'private', 'victim'), 'utf8')).to.equal('precious');
    // A link to a file in the same folder is followed.
    writeFileSync(join(dir, 'goldens', 'real.faults.json'), 'old');
    symlinkSync('real.faults.json', join(dir, 'goldens', 'alias.faults.json'));
    writeFileInFolder(join(dir, 'goldens', 'alias.faults.json'), 'new');
    expect(readFileSync(join(dir, 'goldens', 'real.faults.json'), 'utf8')).to.equal('new');
    expect(lstatSync(join(dir, 'goldens', 'alias.faults.json')).isSymbolicLink()).to.equal(true);
  });
});
