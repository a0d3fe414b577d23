/**
 * The package as a team gets it: `npm pack` (which builds lib/ on prepack), installed with
 * `npm install -D` into fresh projects that bring their own @temporalio/* at the oldest supported,
 * a middle and the newest SDK version. There the installed CLI records a small saga on a real dev
 * server, writes goldens, checks them (exit 0) and catches a planted bug (exit 1). Slow (npm
 * installs): `npm run test:package`, called by .ci/run after `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { resolveServer } from '../src/server/resolve';

const REPO = resolve(__dirname, '..');
const FIXTURE = join(__dirname, 'fixture');
/** Shared by every install of this run and the next: the second run installs from disk. */
const NPM_CACHE = process.env.FAULT_REPLAY_NPM_CACHE ?? join(REPO, '.scratch', 'npm-cache');
const SDK_VERSIONS = ['1.13.2', '1.20.3', '1.24.0'];
const SDK_PACKAGES = ['activity', 'client', 'common', 'proto', 'testing', 'worker', 'workflow'];

const work = mkdtempSync(join(tmpdir(), 'fault-replay-package-'));
let tarball: string;

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function npmInstall(project: string, specs: string[], extra: string[] = []): void {
  const result = run(project, 'npm', ['install', '-D', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE, ...extra, ...specs]);
  expect(result.status, `npm install in ${project}: ${result.stderr}`).to.equal(0);
}

function newProject(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2));
  return dir;
}

before(function () {
  this.timeout(300_000);
  const out = execFileSync('npm', ['pack', '--pack-destination', work, '--cache', NPM_CACHE], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = join(work, out.trim().split('\n').pop()!);
  expect(existsSync(tarball), tarball).to.equal(true);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack: the tarball', () => {
  it('ships compiled JavaScript with types, and no TypeScript sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of ['package/lib/src/cli.js', 'package/lib/src/index.d.ts', 'package/lib/src/mocha.js', 'package/lib/src/mocha.d.ts', 'package/bin/fault-replay.js', 'package/docs/saga-spec.schema.json']) {
      expect(files).to.include(file);
    }
    expect(files.filter((file) => file.startsWith('package/src/') || /^package\/lib\/.*\.test\./.test(file))).to.deep.equal([]);
  });
});

for (const version of SDK_VERSIONS) {
  describe(`installed in a project with @temporalio/* ${version}`, function () {
    this.timeout(300_000);
    let project: string;
    const env = { TEMPORAL_CLI_PATH: (resolveServer('dev').executable as { path: string }).path };
    const cli = (...args: string[]) => run(project, 'npx', ['--no-install', 'fault-replay', ...args], env);
    const record = (out: string, ...extra: string[]) =>
      cli('record', '--workflows', 'workflows.ts', '--activities', 'activities.ts', '--workflow-type', 'orderSaga', '--args', '["order-1"]', '--out', out, ...extra);

    before(() => {
      project = newProject(`saga-sdk-${version}`);
      cpSync(FIXTURE, project, { recursive: true });
      npmInstall(project, [...SDK_PACKAGES.map((name) => `@temporalio/${name}@${version}`), tarball]);
    });

    it('resolves the project’s own SDK: no @temporalio/* of its own under the tool', () => {
      expect(existsSync(join(project, 'node_modules/temporal-fault-replay/node_modules/@temporalio'))).to.equal(false);
      expect(existsSync(join(project, 'node_modules/temporal-fault-replay/src'))).to.equal(false);
      const worker = JSON.parse(readFileSync(join(project, 'node_modules/@temporalio/worker/package.json'), 'utf8'));
      expect(worker.version).to.equal(version);
    });

    it('exports the engine and the mocha face (package exports "." and "./mocha")', () => {
      const probe = run(project, 'node', ['-e', `
        const api = require('temporal-fault-replay');
        const { describeFaultReplay } = require('temporal-fault-replay/mocha');
        console.log(typeof api.runFaultReplay, typeof api.recordHistory, typeof describeFaultReplay);`]);
      expect(probe.stdout.trim(), probe.stderr).to.equal('function function function');
    });

    it('types: a TypeScript spec importing both entry points compiles (node10 and node16 resolution)', () => {
      writeFileSync(
        join(project, 'saga.spec.ts'),
        [
          "import { describeFaultReplay } from 'temporal-fault-replay/mocha';",
          "import { runFaultReplay, type FaultReplayOptions } from 'temporal-fault-replay';",
          "const options: FaultReplayOptions = { workflowsPath: 'workflows.ts', histories: ['histories'] };",
          "describeFaultReplay('order saga', options);",
          'void runFaultReplay;',
        ].join('\n'),
      );
      for (const [module, resolution] of [['commonjs', 'node'], ['node16', 'node16']]) {
        const tsc = run(project, 'npx', ['--no-install', 'tsc', '--noEmit', '--module', module, '--moduleResolution', resolution, '--esModuleInterop', '--skipLibCheck', 'saga.spec.ts']);
        expect(tsc.status, `${resolution}: ${tsc.stdout}${tsc.stderr}`).to.equal(0);
      }
      rmSync(join(project, 'saga.spec.ts'));
    });

    it('records, writes goldens, checks (exit 0), and catches a planted bug (exit 1)', () => {
      const happy = record('histories/happy.json');
      expect(happy.status, happy.stderr).to.equal(0);
      const failed = record('histories/ship-fails.json', '--fail-activity', 'shipOrder');
      expect(failed.status, failed.stderr).to.equal(0);
      expect(failed.stdout).to.match(/closed with EVENT_TYPE_WORKFLOW_EXECUTION_FAILED/);

      const update = cli('check', '--workflows', 'workflows.ts', '--histories', 'histories', '--update');
      expect(update.status, update.stdout + update.stderr).to.equal(0);
      expect(readdirSync(join(project, 'histories')).sort()).to.deep.equal(['happy.faults.json', 'happy.json', 'ship-fails.faults.json', 'ship-fails.json']);
      const golden = readFileSync(join(project, 'histories/ship-fails.faults.json'), 'utf8');
      expect(golden).to.contain('"activity": "refundCard"');

      const check = cli('check', '--workflows', 'workflows.ts', '--histories', 'histories', '--json', 'report.json');
      expect(check.status, check.stdout + check.stderr).to.equal(0);
      // one attempt a step: retries-exhausted and retried-then-ok do not apply, nor do the timeouts it does not set;
      // the worker-crash kinds do not apply before ship's recorded failure; workflow-cancel applies at every step
      expect(check.stdout, check.stdout).to.match(/80 scenarios in 2 histories: 35 compensated, 45 not-applicable/);

      const bug = cli('check', '--workflows', 'workflows-bug.ts', '--histories', 'histories', '--json', 'bug.json');
      expect(bug.status, bug.stdout + bug.stderr).to.equal(1);
      const report = JSON.parse(readFileSync(join(project, 'bug.json'), 'utf8')) as { histories: Array<{ file: string; scenarios: Array<{ step: number; fault: string; outcome: string }> }> };
      const happyReport = report.histories.find((h) => h.file.endsWith('happy.json'))!;
      expect(happyReport.scenarios.find((s) => s.step === 3 && s.fault === 'activity-failed')?.outcome).to.equal('unexpected-commands');
      expect(bug.stdout).to.match(/histories\/happy\.json step 3 shipOrder × activity-failed/);
    });
  });
}

describe('installed with an SDK older than supported', function () {
  this.timeout(300_000);
  it('one line naming the installed and the supported versions, exit 2', () => {
    const project = newProject('saga-sdk-1.12.3');
    cpSync(FIXTURE, project, { recursive: true });
    // npm itself refuses the peer range; a team forcing it past that still gets the clear line.
    npmInstall(project, ['@temporalio/worker@1.12.3', '@temporalio/workflow@1.12.3', tarball], ['--legacy-peer-deps']);
    const check = run(project, 'npx', ['--no-install', 'fault-replay', 'check', '--workflows', 'workflows.ts', '--histories', '.']);
    expect(check.status).to.equal(2);
    expect(check.stderr.trim()).to.equal('fault-replay: @temporalio/worker 1.12.3 is installed; fault-replay supports @temporalio/* 1.13.0 to 1.x');
    expect(check.stdout).to.equal('');
  });
});
