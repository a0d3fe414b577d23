import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunResult } from '../../src/model/results';
import { runFaultReplay } from '../../src/run';
import { INCREMENTAL_VERSION } from '../../src/incremental/incremental-file';
import { installQuietRuntime } from '../../src/util/quiet';
import { runCli } from '../support/cli';
import { scratchDir } from '../support/scratch';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const FORWARD_ORDER = 'test/fixtures/saga-variants/forward-order.ts';

describe('check --incremental: a scenario whose verdict cannot have changed is reported from the file, not run', function () {
  this.timeout(240_000);
  let dir: string;
  let file: string;
  const check = (extra: { workflowsPath?: string; predict?: boolean; resultsPath?: string } = {}) =>
    runFaultReplay({
      workflowsPath: WORKFLOWS,
      histories: [join(dir, 'happy.json')],
      faults: ['activity-failed', 'retries-exhausted'],
      incrementalPath: file,
      laws: false,
      ...extra,
    });
  const predicted = (result: RunResult) =>
    result.histories.flatMap((h) => h.scenarios).filter((s) => s.predicted).length;
  const cached = (result: RunResult) => result.histories.flatMap((h) => h.scenarios).filter((s) => s.cached).length;
  const verdicts = (result: RunResult) =>
    result.histories.flatMap((h) => h.scenarios.map((s) => `${s.step} ${s.fault}: ${s.outcome}`));

  before(() => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'incremental-'));
    file = join(dir, 'incremental.json');
    for (const name of ['happy.json', 'happy.faults.json'])
      cpSync(join('histories/tenant-provisioning', name), join(dir, name));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the second run of the same inputs reports every scenario from the file, with the same verdicts', async () => {
    const first = await check();
    expect(cached(first)).to.equal(0);
    expect(first.exitCode).to.equal(0);
    const second = await check();
    expect(cached(second)).to.equal(12);
    expect(verdicts(second)).to.deep.equal(verdicts(first));
    expect(second.exitCode).to.equal(0);
  });

  it('a changed golden entry runs that scenario again, and only it', async () => {
    const golden = JSON.parse(readFileSync(join(dir, 'happy.faults.json'), 'utf8'));
    const entry = golden.scenarios.find(
      (s: { step: number; fault: string }) => s.step === 3 && s.fault === 'activity-failed',
    );
    entry.tasks = entry.tasks.slice(1);
    writeFileSync(join(dir, 'happy.faults.json'), JSON.stringify(golden, null, 2));
    const result = await check();
    const rerun = result.histories.flatMap((h) => h.scenarios).filter((s) => !s.cached);
    expect(rerun.map((s) => `${s.step} ${s.fault}: ${s.outcome}`)).to.deep.equal([
      '3 activity-failed: unexpected-commands',
    ]);
    cpSync('histories/tenant-provisioning/happy.faults.json', join(dir, 'happy.faults.json'));
  });

  it('an edit to a module the --results module imports runs every scenario again (the tool loads it, not the bundle)', async () => {
    const results = join(dir, 'results.ts');
    writeFileSync(join(dir, 'plan.ts'), "export const plan = 'pro';\n");
    writeFileSync(results, "import { plan } from './plan';\nexport const results = { sendWelcomeEmail: { plan } };\n");
    await check({ resultsPath: results });
    expect(cached(await check({ resultsPath: results })), 'unchanged').to.equal(12);
    writeFileSync(join(dir, 'plan.ts'), "export const plan = 'free';\n");
    delete require.cache[join(dir, 'plan.ts')]; // a new run is a new process: it loads the edited file
    delete require.cache[results];
    expect(cached(await check({ resultsPath: results })), 'the imported module changed').to.equal(0);
  });

  it('changed workflow code runs every scenario (the bundle is in every key); a finding is never taken from the file', async () => {
    const buggy = await check({ workflowsPath: FORWARD_ORDER });
    expect(cached(buggy)).to.equal(0);
    expect(buggy.exitCode).to.equal(1);
    const again = await check({ workflowsPath: FORWARD_ORDER });
    const findings = again.histories
      .flatMap((h) => h.scenarios)
      .filter((s) => s.outcome !== 'compensated' && s.outcome !== 'not-applicable');
    expect(findings.length).to.be.greaterThan(0);
    expect(
      findings.every((s) => !s.cached),
      'findings run again',
    ).to.equal(true);
  });

  it('the bundle is keyed by the files it was built from: an edit to one (a helper module the workflows import) runs every scenario', async () => {
    const code = scratchDir('incremental-code-'); // inside the project: the workflows resolve @temporalio/workflow
    cpSync('examples/tenant-provisioning', code, { recursive: true });
    writeFileSync(
      join(code, 'workflows.ts'),
      readFileSync(join(code, 'workflows.ts'), 'utf8').replace(
        "import type { TenantInput } from './types';",
        "import type { TenantInput } from './types';\nimport { note } from './note';\nnote();",
      ),
    );
    writeFileSync(join(code, 'note.ts'), 'export function note(): void {}\n');
    const withCode = () => check({ workflowsPath: join(code, 'workflows.ts') });
    await withCode();
    expect(cached(await withCode()), 'nothing changed').to.equal(12);
    writeFileSync(join(code, 'note.ts'), 'export function note(): void {\n  // a comment changes the bundle\n}\n');
    const changed = await withCode();
    expect(cached(changed), 'an imported file changed').to.equal(0);
    // Each path the first run followed (kept through the run that reported all from the file) is predicted and proved by one replay.
    expect(predicted(changed), 'followed along the kept paths').to.equal(12);
    writeFileSync(join(code, 'note.ts'), 'export function note(): void {\n  // and again\n}\n');
    const live = await check({ workflowsPath: join(code, 'workflows.ts'), predict: false });
    expect(predicted(live), '--no-predict').to.equal(0);
    expect(verdicts(live)).to.deep.equal(verdicts(changed));
    rmSync(code, { recursive: true, force: true });
  });

  it('a damaged file is a full run, not an error; the file is rewritten whole', async () => {
    writeFileSync(file, '{ not json');
    const result = await check();
    expect(cached(result)).to.equal(0);
    expect(result.exitCode).to.equal(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).to.equal(INCREMENTAL_VERSION);
  });

  it('the CLI says so in the summary line, and refuses --incremental with --update', async () => {
    const args = [
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      join(dir, 'happy.json'),
      '--faults',
      'activity-failed',
      'retries-exhausted',
      '--incremental',
      file,
    ];
    expect((await runCli(...args)).out).to.not.include('reported from the --incremental file');
    const cli = await runCli(...args);
    expect(cli.code, cli.err).to.equal(0);
    expect(cli.out).to.include('12 reported from the --incremental file');
    // Another workflows module (the same saga behind a factory): every key misses, every kept path is predicted; --no-predict follows them live.
    const changed = args.map((arg) => (arg === WORKFLOWS ? 'test/fixtures/saga-variants/reference.ts' : arg));
    const predicted = await runCli(...changed);
    expect(predicted.code, predicted.err).to.equal(0);
    expect(predicted.out).to.include(
      "12 predicted from the --incremental file's paths (each proved by one replay), 0 followed live",
    );
    const live = await runCli(...changed, '--no-predict');
    expect(live.code, live.err).to.equal(0);
    expect(live.out).to.not.include('predicted from');
    expect(live.err, 'turned off by the user: nothing to say').to.equal('');
    // A bundle that reads replay state: said on stderr, the scenarios followed live.
    const refused = await runCli(
      ...args.map((arg) => (arg === WORKFLOWS ? 'test/fixtures/saga-variants/live-only-branch.ts' : arg)),
    );
    expect(refused.out).to.not.include('predicted from');
    expect(refused.err).to.match(
      /^fault-replay: no path was predicted: \S*live-only-branch\.ts reads replay state \(unsafe\) .*every scenario that ran was followed live$/,
    );
    const update = await runCli(
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      join(dir, 'happy.json'),
      '--incremental',
      file,
      '--update',
    );
    expect(update.code).to.equal(2);
    expect(update.err.trim()).to.equal(
      'fault-replay: --update runs every scenario to write the golden files: leave --incremental out',
    );
  });
});
