import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SpawnSyncReturns } from 'node:child_process';
import { expect } from 'chai';
import type { Report } from '../../src/report/model';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const HAPPY = 'histories/tenant-provisioning/happy.json';
/** Its compensation reads a property of undefined: every scenario's workflow task fails (a crash at a source line). */
const THROWS = 'test/fixtures/saga-variants/throw-in-compensation.ts';
const FORWARD_ORDER = 'test/fixtures/saga-variants/forward-order.ts';

describe('a planted bug: annotations at the source line, --repro reproduces it alone, --threshold (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  let run: SpawnSyncReturns<string>;
  let report: Report;

  before(() => {
    dir = scratchDir('repro-test-');
    run = faultReplay(
      [
        'check',
        '--workflows',
        THROWS,
        '--histories',
        HAPPY,
        '--repro',
        join(dir, 'repro'),
        '--json',
        join(dir, 'r.json'),
        '--faults',
        'activity-failed',
      ],
      { GITHUB_ACTIONS: 'true' },
    );
    expect(run.status, run.stderr).to.equal(1);
    report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('on GitHub Actions each finding is an ::error at the line of the workflow code that throws', () => {
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations.length).to.be.greaterThan(0);
    for (const line of annotations)
      expect(line).to.match(
        /^::error file=test\/fixtures\/saga-variants\/saga\.ts,line=\d+,col=\d+,title=fault-replay%3A workflow-task-failed::/,
      );
    const { detail } = report.histories[0].scenarios[0];
    const [, line] = /saga\.ts:(\d+):\d+/.exec(detail ?? '')!;
    const source = readFileSync(join(ROOT, 'test/fixtures/saga-variants/saga.ts'), 'utf8').split('\n')[
      Number(line) - 1
    ];
    expect(source, 'the annotated line is the one that reads .undo').to.include('undo');
  });

  it("the JSON report names each finding's repro history, and repro.sh has both commands for it", () => {
    const scenarios = report.histories[0].scenarios;
    expect(scenarios.every((s) => s.outcome === 'workflow-task-failed')).to.equal(true);
    for (const s of scenarios) expect(existsSync(s.repro!), s.repro).to.equal(true);
    const script = readFileSync(join(dir, 'repro', 'repro.sh'), 'utf8');
    expect(script.match(/Worker\.runReplayHistory/g)).to.have.length(scenarios.length);
    expect(script.match(/npx fault-replay replay /g)).to.have.length(scenarios.length);
  });

  it('the repro history alone: the tool says workflow-task-failed at the same line, the plain SDK replayer logs the same failing task', () => {
    const scenario = report.histories[0].scenarios[2];
    const alone = faultReplay([
      'replay',
      '--workflows',
      THROWS,
      '--history',
      scenario.repro!,
      '--workflow-id',
      report.histories[0].workflowId,
    ]);
    expect(alone.status, alone.stderr).to.equal(1);
    expect(alone.stdout).to.include(`workflow-task-failed: the last workflow task fails: ${scenario.detail}`);
    const script = readFileSync(join(dir, 'repro', 'repro.sh'), 'utf8').split('\n');
    const sdkLine =
      script[script.findIndex((l) => l.includes(relative(ROOT, scenario.repro!)) && l.startsWith('node -e'))];
    const sdk = spawnSync('sh', ['-c', sdkLine], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(sdk.status, sdk.stderr).to.equal(0);
    expect(sdk.stdout + sdk.stderr).to.match(/Failing workflow task/);
    expect(sdk.stdout + sdk.stderr).to.include("TypeError: Cannot read properties of undefined (reading 'undo')");
  });

  it('repro.sh runs from any folder: it goes to the one check ran in (the first finding, both commands, run from the temp folder)', () => {
    const lines = readFileSync(join(dir, 'repro', 'repro.sh'), 'utf8').split('\n');
    const first = join(dir, 'repro', 'first.sh');
    writeFileSync(
      first,
      lines.slice(0, lines.findIndex((l) => l.startsWith('npx fault-replay replay ')) + 1).join('\n') + '\n',
    );
    const ran = spawnSync('sh', [first], { cwd: tmpdir(), encoding: 'utf8', timeout: 180_000 });
    expect(ran.stderr).not.to.include('Cannot find module');
    expect(ran.stdout + ran.stderr).to.match(/Failing workflow task/);
    expect(ran.stdout).to.include('workflow-task-failed: the last workflow task fails: ');
    expect(ran.status, ran.stderr).to.equal(1);
  });

  it('repro.sh written outside the folder check ran in goes there by its absolute path', () => {
    const outside = mkdtempSync(join(tmpdir(), 'fault-replay-repro-'));
    try {
      const again = faultReplay([
        'check',
        '--workflows',
        THROWS,
        '--histories',
        HAPPY,
        '--repro',
        outside,
        '--faults',
        'activity-failed',
      ]);
      expect(again.status, again.stderr).to.equal(1);
      const cd = readFileSync(join(outside, 'repro.sh'), 'utf8').split('\n')[2];
      expect(cd).to.equal(`cd '${ROOT}' || exit 2`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('replay of a file that is not a history: one line naming the file, exit 2', () => {
    const bad = join(dir, 'not-json.json');
    writeFileSync(bad, 'this is not json');
    const alone = faultReplay(['replay', '--workflows', THROWS, '--history', bad]);
    expect(alone.status).to.equal(2);
    expect(alone.stderr.trim().split('\n')).to.have.length(1);
    expect(alone.stderr).to.match(
      new RegExp(`^fault-replay: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`),
    );
  });

  it('replay reads payloads with --payload-converter, as check does (msgpack/plain in a result the workflow reads)', () => {
    const file = 'test/fixtures/malformed/payload-unknown-encoding.json';
    const without = faultReplay([
      'replay',
      '--workflows',
      'examples/tenant-provisioning/workflows.ts',
      '--history',
      file,
    ]);
    expect(without.status).to.equal(2);
    expect(without.stderr).to.include(
      `${file}: event 7: payload activityTaskCompletedEventAttributes.result.payloads[0]: unknown encoding "msgpack/plain"`,
    );
    const withConverter = faultReplay([
      'replay',
      '--workflows',
      'examples/tenant-provisioning/workflows.ts',
      '--history',
      file,
      '--payload-converter',
      'test/fixtures/payload-converter/msgpack-text.ts',
    ]);
    expect(withConverter.stderr).not.to.include('unknown encoding');
    expect(withConverter.stdout).to.match(new RegExp(`^${file.replace(/[.]/g, '\\.')}: `));
  });

  it('a clean path is not written: --repro writes nothing when nothing is found', () => {
    const clean = faultReplay([
      'check',
      '--workflows',
      'examples/tenant-provisioning/workflows.ts',
      '--histories',
      HAPPY,
      '--repro',
      join(dir, 'none'),
      '--faults',
      'activity-failed',
    ]);
    expect(clean.status, clean.stderr).to.equal(0);
    expect(existsSync(join(dir, 'none'))).to.equal(false);
  });

  describe('--threshold (forward-order saga on happy.json: 4 of 12 compensated, 33.33%)', () => {
    const threshold = (n: string, ...extra: string[]) =>
      faultReplay([
        'check',
        '--workflows',
        FORWARD_ORDER,
        '--histories',
        HAPPY,
        '--threshold',
        n,
        '--json',
        join(dir, `t${n}.json`),
        '--faults',
        'activity-failed',
        'retries-exhausted',
        ...extra,
      ]);

    it('above the score: exit 1, and the report says so', () => {
      const above = threshold('50');
      expect(above.status, above.stderr).to.equal(1);
      expect(above.stdout).to.include(
        'fault score 33.33% (4 of 12 applicable scenarios compensated); below the threshold 50%: exit 1',
      );
      const json = JSON.parse(readFileSync(join(dir, 't50.json'), 'utf8')) as Report;
      expect(json.score).to.deep.include({ percent: 33.33, threshold: 50, belowThreshold: true });
      expect(json.exitCode).to.equal(1);
    });

    it('below the score: the findings still fail the run (exit 1): a threshold never hides a regression by itself', () => {
      const below = threshold('30');
      expect(below.status, below.stderr).to.equal(1);
      expect(below.stdout).to.include('threshold 30% met');
      expect(below.stdout).to.include('findings: 8 scenarios');
    });

    it('below the score with --threshold-only (adopting on a corpus with known findings): exit 0, the findings still listed', () => {
      const below = threshold('30', '--threshold-only');
      expect(below.status, below.stderr).to.equal(0);
      expect(below.stdout).to.include('threshold 30% met (--threshold-only: findings above it do not fail the run)');
      expect(below.stdout).to.include('findings: 8 scenarios');
    });

    it('not a percentage: a usage error (exit 2)', () => {
      expect(threshold('120').status).to.equal(2);
    });
  });
});
