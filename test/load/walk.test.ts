import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadHistories } from '../../src/load/load';
import { readBytes } from '../../src/load/read';
import { walkHistories } from '../../src/load/walk';

const HAPPY = 'histories/tenant-provisioning/happy.json';

describe('walking folders of histories', () => {
  let dir: string;
  const at = (...parts: string[]) => join(dir, ...parts);

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fault-replay-walk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('every history form by name, recursively, sorted; goldens and other files are not histories', () => {
    mkdirSync(at('b'));
    mkdirSync(at('a', 'deep'), { recursive: true });
    for (const name of [
      'z.json',
      'b/y.bin',
      'a/x.pb',
      'a/deep/w.json.gz',
      'a/v.binpb',
      'happy.faults.json',
      'README.md',
      'notes.txt',
      'a/deep/w.faults.json.gz',
    ]) {
      writeFileSync(at(name), '');
    }
    expect(walkHistories([dir])).to.deep.equal({
      files: [at('a/deep/w.json.gz'), at('a/v.binpb'), at('a/x.pb'), at('b/y.bin'), at('z.json')],
      problems: [],
    });
  });

  it('a file named twice, reached through a symlink or a hard link, is listed once under its first name', () => {
    copyFileSync(HAPPY, at('happy.json'));
    symlinkSync(at('happy.json'), at('link.json'));
    linkSync(at('happy.json'), at('hard.json'));
    const { files, problems } = walkHistories([at('happy.json'), dir, at('happy.json')]);
    expect(problems).to.deep.equal([]);
    expect(files).to.deep.equal([at('happy.json')]);
  });

  it('a symlinked folder is walked; one reached by two links is walked once; a link back up is a loop, reported once', () => {
    const outside = mkdtempSync(join(tmpdir(), 'fault-replay-walk-outside-'));
    try {
      writeFileSync(join(outside, 'far.json'), '');
      symlinkSync(outside, at('link-1'));
      symlinkSync(outside, at('link-2'));
      mkdirSync(at('sub'));
      symlinkSync('..', at('sub', 'up'));
      const { files, problems } = walkHistories([dir]);
      expect(files).to.deep.equal([at('link-1', 'far.json')]);
      expect(problems.map((p) => p.message)).to.deep.equal([
        `${at('sub', 'up')}: a symlink loop: it leads back to ${dir}, which is being walked; not followed again`,
      ]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('broken and self-looping links, FIFOs and devices are one problem each; nothing is opened; the rest is listed', () => {
    writeFileSync(at('good.json'), '');
    symlinkSync('missing.json', at('broken.json'));
    symlinkSync('self.json', at('self.json'));
    symlinkSync('/dev/zero', at('zero.json'));
    expect(spawnSync('mkfifo', [at('pipe.json')]).status).to.equal(0);
    const { files, problems } = walkHistories([dir]);
    expect(files).to.deep.equal([at('good.json')]);
    expect(problems.map((p) => p.message).sort()).to.deep.equal([
      `${at('broken.json')}: a broken symlink: its target missing.json does not exist`,
      `${at('pipe.json')}: not a regular file: a FIFO (named pipe); not opened`,
      `${at('self.json')}: a symlink loop: self.json leads back to itself`,
      `${at('zero.json')}: not a regular file: a character device; not opened`,
    ]);
  });

  it('reading a FIFO given by name does not block: it is refused before a byte is read', () => {
    expect(spawnSync('mkfifo', [at('pipe.json')]).status).to.equal(0);
    expect(() => readBytes(at('pipe.json'))).to.throw(
      `${at('pipe.json')}: not a regular file: a FIFO (named pipe); not opened for reading`,
    );
    const { histories, problems } = loadHistories([at('pipe.json')]);
    expect(histories).to.deep.equal([]);
    expect(problems.map((p) => p.message)).to.deep.equal([
      `${at('pipe.json')}: not a regular file: a FIFO (named pipe); not opened`,
    ]);
  });

  it('a path that does not exist is one problem; the other paths are still walked', () => {
    copyFileSync(HAPPY, at('happy.json'));
    const { histories, problems } = loadHistories([at('nope.json'), dir]);
    expect(histories.map((h) => h.file)).to.deep.equal([at('happy.json')]);
    expect(problems.map((p) => p.message)).to.deep.equal([`${at('nope.json')}: cannot read: no such file or folder`]);
  });

  it('a folder whose only subfolder was named before is not "empty"', () => {
    mkdirSync(at('sub'));
    copyFileSync(HAPPY, at('sub', 'happy.json'));
    expect(walkHistories([at('sub'), dir, at('sub')])).to.deep.equal({
      files: [at('sub', 'happy.json')],
      problems: [],
    });
  });

  it('a folder of only goldens and notes has no history: a problem naming every history form', () => {
    writeFileSync(at('happy.faults.json'), '{}');
    writeFileSync(at('README.md'), '');
    expect(walkHistories([dir]).problems.map((p) => p.message)).to.deep.equal([
      `${dir}: no history files (*.json, *.bin, *.pb, *.binpb, each maybe .gz) in this folder`,
    ]);
  });
});
