import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { readBytes } from '../../src/load/read';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const HAPPY = join(ROOT, 'histories/tenant-provisioning/happy.json');
const MIB = 1024 * 1024;
const limitLine = (mib: number) =>
  `more than the ${mib} MiB a history may be (--max-history-size ${mib}); give a larger --max-history-size to check it`;

/** happy.json, its workflow input padded with `mib` MiB of blanks inside the JSON (valid, and as large as asked). */
function padded(mib: number): Buffer {
  const text = readFileSync(HAPPY, 'utf8');
  const at = text.indexOf('"events"');
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.alloc(mib * MIB, 0x20), Buffer.from(text.slice(at))]);
}

/**
 * Issue 30, item 9 (first half): reading, unpacking and parsing hold one limit for any file, and a
 * history over it is one line naming the limit and the option that raises it.
 */
describe('bounded input: one size limit for every history, whatever the file says', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => (dir = scratchDir('bounded-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a /proc file whose size says 0 is read only up to the limit (it may be endless), then refused', () => {
    const started = process.memoryUsage().rss;
    expect(() => readBytes('/proc/self/pagemap', 1)).to.throw(`/proc/self/pagemap: the file holds ${limitLine(1)}`);
    expect(process.memoryUsage().rss - started).to.be.lessThan(64 * MIB);
  });

  it('a file over the limit by its size: refused before it is read', () => {
    writeFileSync(join(dir, 'large.json'), padded(2));
    copyFileSync(join(ROOT, 'histories/tenant-provisioning/happy.faults.json'), join(dir, 'large.faults.json'));
    expect(() => loadHistoryFile(join(dir, 'large.json'), { maxHistoryMib: 1 })).to.throw(
      new RegExp(`large\\.json: the file is \\d+ bytes: ${limitLine(1).replace(/[()]/g, '\\$&')}$`),
    );
    expect(loadHistoryFile(join(dir, 'large.json'), { maxHistoryMib: 3 }).workflowType).to.equal('provisionTenant');
  });

  it('gzip bombs, one layer or two (a layer inside a layer), at the default limit of 64 MiB: refused, all layers counted together', () => {
    const bomb = gzipSync(padded(300), { level: 9 });
    writeFileSync(join(dir, 'bomb.json.gz'), bomb);
    writeFileSync(join(dir, 'bomb2.json.gz'), gzipSync(bomb, { level: 9 }));
    expect(bomb.length).to.be.lessThan(MIB);
    expect(() => loadHistoryFile(join(dir, 'bomb.json.gz'))).to.throw(
      `bomb.json.gz: its gzip data unpacks to ${limitLine(64)}`,
    );
    expect(() => loadHistoryFile(join(dir, 'bomb2.json.gz'))).to.throw(
      `bomb2.json.gz: its gzip data (after gunzip) unpacks to ${limitLine(64)}`,
    );
    // Two layers of 40 MiB each would pass a limit counted per layer: together they are 80.
    const inner = gzipSync(padded(40), { level: 0 });
    writeFileSync(join(dir, 'layers.json.gz'), gzipSync(inner, { level: 1 }));
    expect(inner.length).to.be.greaterThan(40 * MIB);
    expect(() => loadHistoryFile(join(dir, 'layers.json.gz'))).to.throw(
      `layers.json.gz: its gzip data (after gunzip) unpacks to ${limitLine(64)}`,
    );
  });

  it('check: each is one line naming the file, the limit and the option; the run goes on; its peak memory stays far below the bombs', () => {
    symlinkSync('/proc/self/pagemap', join(dir, 'pagemap.json'));
    const run = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'peak %M KiB',
        process.execPath,
        'bin/fault-replay.js',
        'check',
        '--workflows',
        'examples/tenant-provisioning/workflows.ts',
        '--histories',
        dir,
        HAPPY,
        '--faults',
        'activity-failed',
        '--workers',
        '1',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('Command exited with'));
    const peakKib = Number(/^peak (\d+) KiB$/.exec(lines.pop()!)![1]);
    expect(run.status, run.stderr).to.equal(2);
    expect(lines).to.deep.equal([
      `fault-replay: ${join(dir, 'bomb.json.gz')}: its gzip data unpacks to ${limitLine(64)}`,
      `fault-replay: ${join(dir, 'bomb2.json.gz')}: its gzip data (after gunzip) unpacks to ${limitLine(64)}`,
      `fault-replay: ${join(dir, 'layers.json.gz')}: its gzip data (after gunzip) unpacks to ${limitLine(64)}`,
      `fault-replay: ${join(dir, 'pagemap.json')}: the file holds ${limitLine(64)}`,
    ]);
    expect(run.stdout).to.include(`${HAPPY}  (provisionTenant, 6 steps)`); // the good history is still checked (large.json, 2 MiB, too)
    expect(peakKib * 1024).to.be.lessThan(1024 * MIB);
  });

  it('--max-history-size sets the limit: at 1 MiB a 2 MiB history is refused, naming it', () => {
    const run = faultReplay([
      'check',
      '--workflows',
      'examples/tenant-provisioning/workflows.ts',
      '--histories',
      join(dir, 'large.json'),
      '--faults',
      'activity-failed',
      '--workers',
      '1',
      '--max-history-size',
      '1',
    ]);
    expect(run.stderr.trim()).to.match(
      new RegExp(`large\\.json: the file is \\d+ bytes: ${limitLine(1).replace(/[()]/g, '\\$&')}$`),
    );
  });
});
