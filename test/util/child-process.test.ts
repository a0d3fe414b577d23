import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT } from '../support/check-cli';
import { forkChild } from '../../src/util/child-process';

const HISTORY = join(ROOT, 'histories/tenant-provisioning/happy.json');
const WORKFLOWS = join(ROOT, 'examples/tenant-provisioning/workflows.ts');

/**
 * The CLI run from a team's folder, not this repo's: the forked replay and live worker processes
 * must not read the working folder's tsconfig (or need one), nor load any `typescript`.
 */
function checkFrom(cwd: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin/fault-replay.js'),
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      HISTORY,
      '--faults',
      'activity-failed',
      ...extra,
    ],
    {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ...env },
    },
  );
}

describe('the tool’s processes in a team’s folder', function () {
  this.timeout(150_000);
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'team-folder-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('a working folder with no tsconfig: check runs (its forked workers start)', () => {
    const run = checkFrom(folder({}));
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('6 scenarios in 1 history: 6 compensated');
  });

  it('an ESM project on a node16 tsconfig, with no `typescript` loadable at all (as with TypeScript 7): a .ts module and every process load', () => {
    const dir = folder({
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true },
      }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['*.ts'] }),
      'given.ts': 'export const receipt: { receiptId: string } = { receiptId: "r-1" };\n',
      'results.ts': "import { receipt } from './given.js';\nexport const results = { sendReceipt: receipt };\n",
      // what `require('typescript')` gives under TypeScript 7 (no JavaScript API), for this process and every one it forks
      'no-typescript.cjs': [
        "const Module = require('node:module');",
        'const load = Module._load;',
        "Module._load = function (request, ...rest) { if (/^(typescript|ts-node)(\\/|$)/.test(request)) throw new Error('no JavaScript API: ' + request); return load.call(this, request, ...rest); };",
      ].join('\n'),
    });
    const run = checkFrom(dir, ['--results', 'results.ts'], {
      NODE_OPTIONS: `--require ${join(dir, 'no-typescript.cjs')}`,
    });
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('6 scenarios in 1 history: 6 compensated');
  });

  it('a module that does not compile: one line with its file:line:column and the compiler’s message, exit 2', () => {
    const dir = folder({ 'results.ts': 'export const results = {\n  chargeCard: { id: },\n};\n' });
    const run = checkFrom(dir, ['--results', 'results.ts']);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.equal(
      `fault-replay: results module results.ts does not compile: ${join(dir, 'results.ts')}:2:21: Expression expected\n`,
    );
    expect(run.stdout).to.equal('');
  });
});

describe('forkChild', () => {
  it('a forked .js process (the installed package forks lib/*.js) loads a team’s .ts module, as the SDK requires a payloadConverterPath there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fork-ts-'));
    try {
      writeFileSync(
        join(dir, 'converter.ts'),
        'export const payloadConverter: { name: string } = { name: "team converter" };\n',
      );
      writeFileSync(
        join(dir, 'script.js'),
        `process.send(require(${JSON.stringify(join(dir, 'converter.ts'))}).payloadConverter.name, () => process.exit(0));\n`,
      );
      const forked = forkChild(join(dir, 'script.js'));
      const message = new Promise((resolve) => forked.child.once('message', resolve));
      await forked.exited;
      expect(forked.output.tail).to.equal('');
      expect(await Promise.race([message, 'no message'])).to.equal('team converter');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
