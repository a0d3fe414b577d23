import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { MALFORMED_CASES, MALFORMED_DIR, writeMalformed } from '../../scripts/make-malformed';
import { CORPUS_RELATIVE, corpusFiles } from '../support/corpus';
import { MALFORMED_EXPECTED } from './malformed-expected';

const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const HAPPY = `${CORPUS_RELATIVE}/happy.json`;
/** Root reads anything: the check then runs as `nobody`, so an unreadable folder is unreadable. */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** What cannot be committed, made in a temp folder: name there → the text its line must hold. */
const SPECIAL_EXPECTED: Record<string, string> = {
  'pipe.json': 'not a regular file: a FIFO (named pipe); not opened',
  'socket.json': 'not a regular file: a socket; not opened',
  'device.json': 'not a regular file: a character device; not opened',
  'broken.json': 'a broken symlink: its target nowhere.json does not exist',
  'self.json': 'a symlink loop: self.json leads back to itself',
  loop: 'a symlink loop: it leads back to',
  locked: 'cannot list this folder: permission denied; its files are not checked',
  'unreadable.json': 'cannot read: permission denied',
};

function makeSpecialFolder(temp: string, outside: string): Promise<Server> {
  const spawned = spawnSync('mkfifo', [join(temp, 'pipe.json')]);
  if (spawned.status !== 0) throw new Error(`mkfifo failed: ${spawned.stderr}`);
  symlinkSync('/dev/null', join(temp, 'device.json'));
  symlinkSync('nowhere.json', join(temp, 'broken.json'));
  symlinkSync('self.json', join(temp, 'self.json'));
  symlinkSync('.', join(temp, 'loop'));
  mkdirSync(join(temp, 'locked'));
  copyFileSync(HAPPY, join(temp, 'locked', 'happy.json'));
  chmodSync(join(temp, 'locked'), 0o000);
  copyFileSync(HAPPY, join(temp, 'unreadable.json'));
  chmodSync(join(temp, 'unreadable.json'), 0o000);
  // Reached twice: the corpus's happy.json through a link (checked once, under its corpus name) ...
  symlinkSync(resolve(HAPPY), join(temp, 'again.json'));
  // ... and a folder reachable only through a symlink, whose history must be checked.
  copyFileSync(HAPPY, join(outside, 'linked.json'));
  copyFileSync(`${CORPUS_RELATIVE}/happy.faults.json`, join(outside, 'linked.faults.json'));
  symlinkSync(outside, join(temp, 'via-link'));
  const server = createServer();
  return new Promise((done) => server.listen(join(temp, 'socket.json'), () => done(server)));
}

describe('the malformed corpus, in one check beside the good corpus', function () {
  this.timeout(300_000);

  const temp = mkdtempSync(join(tmpdir(), 'fault-replay-special-'));
  const outside = mkdtempSync(join(tmpdir(), 'fault-replay-linked-'));
  const home = join(temp, 'home');
  let server: Server | undefined;
  let run: ReturnType<typeof spawnSync>;
  let stderr: string[];
  let seconds: number;
  /** The largest resident set of the check and of each process it started (GNU time's %M: the largest of the tree it waited for). */
  let peakKib: number;

  before(async () => {
    chmodSync(temp, 0o755);
    chmodSync(outside, 0o755);
    server = await makeSpecialFolder(temp, outside);
    mkdirSync(home);
    if (AS_ROOT) chownSync(home, NOBODY, NOBODY);
    const started = Date.now();
    run = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'peak %M KiB',
        process.execPath,
        'bin/fault-replay.js',
        'check',
        '--workflows',
        WORKFLOWS,
        '--histories',
        CORPUS_RELATIVE,
        HAPPY,
        HAPPY,
        MALFORMED_DIR,
        temp,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, HOME: home },
        ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
      },
    );
    seconds = (Date.now() - started) / 1000;
    stderr = String(run.stderr)
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('Command exited with'));
    peakKib = Number(/^peak (\d+) KiB$/.exec(stderr.pop() ?? '')?.[1]);
    console.log(
      `      (one check of ${corpusFiles().length} good + ${MALFORMED_CASES.length} malformed + ${Object.keys(SPECIAL_EXPECTED).length} special inputs: ${seconds.toFixed(1)} s, peak ${(peakKib / 1024).toFixed(0)} MiB)`,
    );
  });

  after(() => {
    server?.close();
    chmodSync(join(temp, 'locked'), 0o755);
    rmSync(temp, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('the committed corpus is exactly what scripts/make-malformed.ts writes, at least 100 cases', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'fault-replay-malformed-'));
    try {
      writeMalformed(fresh);
      expect(readdirSync(MALFORMED_DIR).sort()).to.deep.equal(readdirSync(fresh).sort());
      for (const name of readdirSync(fresh)) {
        expect(
          readFileSync(join(MALFORMED_DIR, name)).equals(readFileSync(join(fresh, name))),
          `${name}: run npm run make:malformed`,
        ).to.equal(true);
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    expect(MALFORMED_CASES.length).to.be.at.least(100);
    expect(MALFORMED_CASES.map((c) => c.file).sort()).to.deep.equal(Object.keys(MALFORMED_EXPECTED).sort());
  });

  it('no process of the run grew over 2 GiB (the bombs and the 50,000-event history included)', () => {
    expect(peakKib, 'GNU time gave the peak').to.be.greaterThan(0);
    expect(peakKib * 1024).to.be.lessThan(2 * 1024 ** 3);
  });

  it('ends by itself, exit 2, with no stack trace', () => {
    expect(run.error, 'the check hung or could not start').to.equal(undefined);
    expect(run.signal).to.equal(null);
    expect(run.status, stderr.join('\n')).to.equal(2);
    expect(String(run.stderr)).not.to.match(/\n\s+at .+:\d+/);
    expect(String(run.stdout)).not.to.match(/\n\s+at .+:\d+/);
  });

  it('each malformed file: exactly one line naming it, saying what is wrong', () => {
    const missing: string[] = [];
    for (const [name, expected] of Object.entries(MALFORMED_EXPECTED)) {
      const own = stderr.filter((line) => line.startsWith(`fault-replay: ${MALFORMED_DIR}/${name}: `));
      if (own.length !== 1 || !own[0].includes(expected))
        missing.push(`${name}: want one line with "${expected}", got ${JSON.stringify(own)}`);
    }
    expect(missing, missing.join('\n')).to.deep.equal([]);
  });

  it('each FIFO, socket, device, broken or looping link, unreadable file or folder: one line, never opened', () => {
    const missing: string[] = [];
    for (const [name, expected] of Object.entries(SPECIAL_EXPECTED)) {
      const own = stderr.filter((line) => line.startsWith(`fault-replay: ${join(temp, name)}: `));
      if (own.length !== 1 || !own[0].includes(expected))
        missing.push(`${name}: want one line with "${expected}", got ${JSON.stringify(own)}`);
    }
    expect(missing, missing.join('\n')).to.deep.equal([]);
  });

  it('nothing else on stderr: one line per bad input', () => {
    expect(
      stderr.every((line) => line.startsWith('fault-replay: ')),
      stderr.join('\n'),
    ).to.equal(true);
    expect(stderr).to.have.length(MALFORMED_CASES.length + Object.keys(SPECIAL_EXPECTED).length);
  });

  it('the good corpus is still checked, each file once (happy.json named three times), and the folder behind a symlink too', () => {
    const stdout = String(run.stdout);
    for (const file of corpusFiles()) {
      const blocks = stdout
        .split('\n')
        .filter((line) => line.startsWith(`${CORPUS_RELATIVE}/${file}  (provisionTenant`));
      expect(blocks, file).to.have.length(1);
    }
    expect(stdout).to.include(`${join(temp, 'via-link', 'linked.json')}  (provisionTenant, 6 steps)`);
    expect(stdout).not.to.include('again.json');
    const total = stdout.match(/(\d+) scenarios in (\d+) histories: (\d+) compensated, (\d+) not-applicable;/);
    expect(total, stdout.slice(-400)).to.not.equal(null);
    // Executions not closed are replayed as recorded (their own histories in the report), with no scenario.
    const open = Object.values(MALFORMED_EXPECTED).filter((line) =>
      line.startsWith('the execution is not closed'),
    ).length;
    expect(open).to.equal(6);
    expect(total!.slice(1, 5).map(Number)).to.deep.equal([
      480 + 60,
      corpusFiles().length + 1 + open,
      279 + 42,
      201 + 18,
    ]); // ten fault kinds a step
  });
});
