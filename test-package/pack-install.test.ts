/**
 * The package as a team gets it: `npm pack` (which builds lib/ on prepack), installed with
 * `npm install -D` into fresh projects, one per cell of the support matrix (./cells.ts: SDK version,
 * TypeScript version, tsconfig, which @temporalio/* packages the project installs, CJS or ESM).
 * In each, the installed CLI records a small saga on a real dev server, writes goldens, checks them
 * (exit 0), catches a planted bug (exit 1), infers a spec, and the mocha face runs without --exit.
 * Slow (npm installs): `npm run test:package` runs the cells marked inCi, which cover every axis
 * value (.ci/run, 3.6 to 5 min); `npm run test:package:matrix` (FAULT_REPLAY_PACKAGE_MATRIX=all)
 * adds the rest (4.8 to 5 min in all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { resolveServer } from '../src/server/resolve';
import { type Cell, describeCell, installSpecs, matrixCells, projectFiles, sourceText, typeCheckModes } from './cells';

const REPO = resolve(__dirname, '..');
const FIXTURE = join(__dirname, 'fixture');
/** Shared by every install of this run and the next: the second run installs from disk. */
const NPM_CACHE = process.env.FAULT_REPLAY_NPM_CACHE ?? join(REPO, '.scratch', 'npm-cache');
const ALL_CELLS = process.env.FAULT_REPLAY_PACKAGE_MATRIX === 'all';
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

const work = mkdtempSync(join(tmpdir(), 'fault-replay-package-'));
let tarball: string;

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function npmInstall(project: string, specs: string[], extra: string[] = []): void {
  const result = run(project, 'npm', [
    'install',
    '-D',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--cache',
    NPM_CACHE,
    ...extra,
    ...specs,
  ]);
  expect(result.status, `npm install in ${project}: ${result.stderr}`).to.equal(0);
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** Every version of a package anywhere in the project's node_modules (one entry: one copy, or copies of one version). */
function versionsInTree(project: string, pkg: string): string[] {
  const found = new Set<string>();
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    const manifest = join(modules, pkg, 'package.json');
    if (existsSync(manifest)) found.add((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version);
    for (const entry of readdirSync(modules)) {
      const dirs = entry.startsWith('@')
        ? readdirSync(join(modules, entry)).map((name) => join(modules, entry, name))
        : [join(modules, entry)];
      for (const dir of dirs) walk(join(dir, 'node_modules'));
    }
  };
  walk(join(project, 'node_modules'));
  return [...found].sort();
}

before(function () {
  this.timeout(300_000);
  const out = execFileSync('npm', ['pack', '--pack-destination', work, '--cache', NPM_CACHE], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  tarball = join(work, out.trim().split('\n').pop()!);
  expect(existsSync(tarball), tarball).to.equal(true);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack: the tarball', () => {
  it('ships compiled JavaScript with types, and no TypeScript sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of [
      'package/lib/src/cli.js',
      'package/lib/src/index.d.ts',
      'package/lib/src/mocha.js',
      'package/lib/src/mocha.d.ts',
      'package/bin/fault-replay.js',
      'package/docs/saga-spec.schema.json',
    ]) {
      expect(files).to.include(file);
    }
    expect(
      files.filter((file) => file.startsWith('package/src/') || /^package\/lib\/.*\.test\./.test(file)),
    ).to.deep.equal([]);
  });
});

for (const cell of matrixCells(NPM_CACHE).filter((c) => ALL_CELLS || c.inCi)) describeInstalled(cell);

function describeInstalled(cell: Cell): void {
  describe(`installed in ${describeCell(cell)}`, function () {
    this.timeout(300_000);
    const project = join(work, cell.name);
    const { srcDir, files } = projectFiles(cell);
    const env = { TEMPORAL_CLI_PATH: (resolveServer('dev').executable as { path: string }).path };
    const cli = (...args: string[]) => run(project, 'npx', ['--no-install', 'fault-replay', ...args], env);
    const workflows = `${srcDir}workflows.ts`;
    const record = (out: string, ...extra: string[]) =>
      cli(
        'record',
        '--workflows',
        workflows,
        '--activities',
        `${srcDir}activities.ts`,
        '--workflow-type',
        'orderSaga',
        '--args',
        '["order-1"]',
        '--out',
        out,
        ...extra,
      );

    let started = 0;
    before(() => {
      started = Date.now();
      mkdirSync(project, { recursive: true });
      writeFiles(project, files);
      for (const name of readdirSync(FIXTURE))
        writeFiles(project, { [`${srcDir}${name}`]: sourceText(cell, readFileSync(join(FIXTURE, name), 'utf8')) });
      npmInstall(project, [...installSpecs(cell), tarball]);
      console.log(`      (${cell.name}: npm install ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    });
    after(() => console.log(`      (${cell.name}: ${((Date.now() - started) / 1000).toFixed(0)} s in all)`));

    it('--version; one copy of the SDK, the project’s: no @temporalio/* under the tool, every common/proto the project’s version', () => {
      const version = cli('--version');
      expect(version.stderr).to.equal('');
      expect([version.status, version.stdout.trim()]).to.deep.equal([0, VERSION]);
      expect(existsSync(join(project, 'node_modules/temporal-fault-replay/node_modules/@temporalio'))).to.equal(false);
      for (const pkg of ['@temporalio/worker', '@temporalio/common', '@temporalio/proto'])
        expect(versionsInTree(project, pkg), pkg).to.deep.equal([cell.sdk]);
    });

    it('exports the engine and the mocha face (package exports "." and "./mocha")', () => {
      const probe = run(project, 'node', [
        '--input-type=commonjs',
        '-e',
        `
        const api = require('temporal-fault-replay');
        const { describeFaultReplay } = require('temporal-fault-replay/mocha');
        console.log(typeof api.runFaultReplay, typeof api.recordHistory, typeof describeFaultReplay);`,
      ]);
      expect(probe.stdout.trim(), probe.stderr).to.equal('function function function');
    });

    it(`types: a spec importing both entry points compiles (${files['tsconfig.json'] ? 'the project’s tsconfig; ' : ''}${typeCheckModes(
      cell,
    )
      .map(([, r]) => r)
      .join(', ')})`, () => {
      const spec = `${srcDir}saga.spec.ts`;
      writeFileSync(
        join(project, spec),
        [
          "import { describeFaultReplay } from 'temporal-fault-replay/mocha';",
          "import { runFaultReplay, type FaultReplayOptions } from 'temporal-fault-replay';",
          "const options: FaultReplayOptions = { workflowsPath: 'workflows.ts', histories: ['histories'] };",
          "describeFaultReplay('order saga', options);",
          'void runFaultReplay;',
        ].join('\n'),
      );
      const tsc = (...args: string[]) => run(project, 'npx', ['--no-install', 'tsc', '--noEmit', ...args]);
      if (files['tsconfig.json']) {
        const own = tsc('-p', '.');
        expect(own.status, `the project's tsconfig: ${own.stdout}${own.stderr}`).to.equal(0);
      }
      const ignoreConfig =
        Number(cell.typescript.split('.')[0]) >= 7 && files['tsconfig.json'] ? ['--ignoreConfig'] : [];
      for (const [module, resolution] of typeCheckModes(cell)) {
        const result = tsc(
          ...ignoreConfig,
          '--module',
          module,
          '--moduleResolution',
          resolution,
          '--esModuleInterop',
          '--skipLibCheck',
          spec,
        );
        expect(result.status, `${resolution}: ${result.stdout}${result.stderr}`).to.equal(0);
      }
      rmSync(join(project, spec));
    });

    it('record: two histories on a real dev server', () => {
      const happy = record('histories/happy.json');
      expect(happy.status, happy.stderr).to.equal(0);
      const failed = record('histories/ship-fails.json', '--fail-activity', 'shipOrder');
      expect(failed.status, failed.stderr).to.equal(0);
      expect(failed.stdout).to.match(/closed with EVENT_TYPE_WORKFLOW_EXECUTION_FAILED/);
    });

    it('check --update writes goldens; check exits 0', () => {
      const update = cli('check', '--workflows', workflows, '--histories', 'histories', '--update');
      expect(update.status, update.stdout + update.stderr).to.equal(0);
      expect(readdirSync(join(project, 'histories')).sort()).to.deep.equal([
        'happy.faults.json',
        'happy.json',
        'ship-fails.faults.json',
        'ship-fails.json',
      ]);
      expect(readFileSync(join(project, 'histories/ship-fails.faults.json'), 'utf8')).to.contain(
        '"activity": "refundCard"',
      );

      const check = cli('check', '--workflows', workflows, '--histories', 'histories', '--json', 'report.json');
      expect(check.status, check.stdout + check.stderr).to.equal(0);
      // one attempt a step: retries-exhausted applies (attempt 1 of 1), retried-then-ok does not, nor do the timeouts it does not set;
      // the worker-crash kinds do not apply before ship's recorded failure; workflow-cancel applies at every step
      expect(check.stdout, check.stdout).to.match(/80 scenarios in 2 histories: 43 compensated, 37 not-applicable/);
    });

    it('a planted bug (the refund forgotten): exit 1 with the finding', () => {
      const bug = cli(
        'check',
        '--workflows',
        `${srcDir}workflows-bug.ts`,
        '--histories',
        'histories',
        '--json',
        'bug.json',
      );
      expect(bug.status, bug.stdout + bug.stderr).to.equal(1);
      const report = JSON.parse(readFileSync(join(project, 'bug.json'), 'utf8')) as {
        histories: Array<{ file: string; scenarios: Array<{ step: number; fault: string; outcome: string }> }>;
      };
      const happyReport = report.histories.find((h) => h.file.endsWith('happy.json'))!;
      expect(happyReport.scenarios.find((s) => s.step === 3 && s.fault === 'activity-failed')?.outcome).to.equal(
        'unexpected-commands',
      );
      expect(bug.stdout).to.match(/histories\/happy\.json step 3 shipOrder × activity-failed/);
    });

    it('spec --infer pairs each step with its undo', () => {
      const infer = cli(
        'spec',
        '--infer',
        '--workflows',
        workflows,
        '--histories',
        'histories',
        '--out',
        'orderSaga.saga.json',
      );
      expect(infer.status, infer.stdout + infer.stderr).to.equal(0);
      const spec = JSON.parse(readFileSync(join(project, 'orderSaga.saga.json'), 'utf8')) as {
        undo: Record<string, string>;
        order: string;
      };
      expect(spec.undo).to.deep.equal({ reserveStock: 'releaseStock', chargeCard: 'refundCard' });
      expect(spec.order).to.equal('reverse-sequential');
    });

    it('the mocha face: one test a scenario, and mocha ends by itself (no --exit)', () => {
      const spec = cell.esm ? 'saga.spec.mjs' : 'saga.spec.cjs';
      const load = cell.esm
        ? "import { describeFaultReplay } from 'temporal-fault-replay/mocha';"
        : "const { describeFaultReplay } = require('temporal-fault-replay/mocha');";
      writeFileSync(
        join(project, spec),
        `${load}\ndescribeFaultReplay('order saga', { workflowsPath: '${workflows}', histories: ['histories'] });\n`,
      );
      const mocha = run(project, 'npx', ['--no-install', 'mocha', '--reporter', 'dot', spec], {});
      expect(mocha.signal, 'mocha was killed at the timeout: something kept it running').to.equal(null);
      expect(mocha.status, mocha.stdout + mocha.stderr).to.equal(0);
      // 80 scenarios (43 pass, 37 pending as not-applicable) and one "replays as recorded" per history
      expect(mocha.stdout).to.match(/45 passing/);
      expect(mocha.stdout).to.match(/37 pending/);
    });
  });
}

describe('installed with an SDK older than supported', function () {
  this.timeout(300_000);
  it('one line naming the installed and the supported versions, exit 2', () => {
    const project = join(work, 'sdk-1.12.3');
    writeFiles(project, {
      'package.json': JSON.stringify({ name: 'saga-sdk-1.12.3', version: '1.0.0', private: true }),
    });
    // npm itself refuses the peer range; a team forcing it past that still gets the clear line.
    npmInstall(project, ['@temporalio/worker@1.12.3', '@temporalio/workflow@1.12.3', tarball], ['--legacy-peer-deps']);
    const check = run(project, 'npx', [
      '--no-install',
      'fault-replay',
      'check',
      '--workflows',
      'workflows.ts',
      '--histories',
      '.',
    ]);
    expect(check.status).to.equal(2);
    expect(check.stderr.trim()).to.equal(
      'fault-replay: @temporalio/worker 1.12.3 is installed; fault-replay supports @temporalio/* 1.13.0 to 1.x',
    );
    expect(check.stdout).to.equal('');
  });
});

describe('installed without @temporalio/testing', function () {
  this.timeout(300_000);
  const project = join(work, 'no-testing');
  const cli = (...args: string[]) => run(project, 'npx', ['--no-install', 'fault-replay', ...args]);
  before(() => {
    writeFiles(project, {
      'package.json': JSON.stringify({ name: 'saga-no-testing', version: '1.0.0', private: true }),
    });
    for (const name of readdirSync(FIXTURE)) writeFiles(project, { [name]: readFileSync(join(FIXTURE, name), 'utf8') });
    // a history recorded elsewhere (this repo's reference saga), checked here without a server
    for (const name of ['workflows.ts', 'types.ts'])
      writeFiles(project, {
        [`tenant/${name}`]: readFileSync(join(REPO, 'examples/tenant-provisioning', name), 'utf8'),
      });
    for (const name of ['happy.json', 'happy.faults.json'])
      writeFiles(project, {
        [`tenant/${name}`]: readFileSync(join(REPO, 'histories/tenant-provisioning', name), 'utf8'),
      });
    npmInstall(project, ['@temporalio/worker@1.24.0', '@temporalio/workflow@1.24.0', tarball]);
  });

  it('check runs without it; record says in one line what to install, exit 2', () => {
    expect(cli('--version').status).to.equal(0);
    const check = cli(
      'check',
      '--workflows',
      'tenant/workflows.ts',
      '--histories',
      'tenant/happy.json',
      '--faults',
      'activity-failed',
    );
    expect([check.status, check.stderr]).to.deep.equal([0, '']);
    expect(check.stdout).to.include('6 scenarios in 1 history: 6 compensated');
    const recording = cli(
      'record',
      '--workflows',
      'workflows.ts',
      '--activities',
      'activities.ts',
      '--workflow-type',
      'orderSaga',
      '--args',
      '["o"]',
      '--out',
      'h.json',
    );
    expect(recording.status).to.equal(2);
    expect(recording.stderr).to.equal(
      'fault-replay: @temporalio/testing is not installed: record and chaos start a local server with it (npm install -D @temporalio/testing@1.24.0)\n',
    );
  });
});
