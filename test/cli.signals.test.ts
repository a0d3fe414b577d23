import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(__dirname, '..');

function replayProcessOf(pid: number): boolean {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'replay/child'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/** Starts `check` on the corpus and sends it a signal once it has started replaying. */
function interrupted(
  signal: NodeJS.Signals,
  json: string,
): Promise<{ code: number | null; elapsedMs: number; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        'bin/fault-replay.js',
        'check',
        '--workflows',
        'examples/tenant-provisioning/workflows.ts',
        '--histories',
        'histories/tenant-provisioning',
        '--json',
        json,
        '--workers',
        '1',
      ],
      { cwd: ROOT },
    );
    let stderr = '';
    let sentAt = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Once a replay process is running, the run is under way: the signal lands in the middle of it.
    const timer = setInterval(() => {
      if (sentAt || !replayProcessOf(child.pid!)) return;
      sentAt = Date.now();
      setTimeout(() => child.kill(signal), 1_000);
    }, 200);
    child.on('exit', (code) => {
      clearInterval(timer);
      done({ code, elapsedMs: sentAt ? Date.now() - sentAt : -1, stderr });
    });
  });
}

describe('check stops on a signal and keeps what it found', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fault-replay-signal-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: exits ${exitCode} soon after, with a JSON report marked incomplete`, async () => {
      const json = join(dir, `${signal}.json`);
      const run = await interrupted(signal, json);
      expect(run.elapsedMs, 'the signal was sent while the run was still going').to.be.greaterThan(-1);
      expect(run.code, run.stderr).to.equal(exitCode);
      expect(run.elapsedMs, 'stops within seconds, not at the end of the run').to.be.lessThan(15_000);
      expect(run.stderr).to.include(`fault-replay: ${signal}: stopping`);
      expect(existsSync(json), 'a report was written').to.equal(true);
      const report = JSON.parse(readFileSync(json, 'utf8')) as { complete: boolean; exitCode: number };
      expect(report.complete).to.equal(false);
    });
  }
});
