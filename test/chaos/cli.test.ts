import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { closePool } from '../../examples/tenant-provisioning/db';
import { junitSchemaErrors } from '../support/junit-schema';
import { deleteTenantData } from '../support/tenant-db';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/fault-replay.js');
const EXAMPLE = 'examples/tenant-provisioning';
const tenantId = `chaos-cli-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

function cli(args: string[], timeoutMs = 180_000): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function chaosArgs(extra: string[]): string[] {
  return [
    'chaos',
    '--workflows',
    `${EXAMPLE}/workflows.ts`,
    '--activities',
    `${EXAMPLE}/activities.ts`,
    '--workflow-type',
    'provisionTenant',
    '--args',
    JSON.stringify([{ tenantId, ownerUserId: 'user-ada', plan: 'team' }]),
    '--probe',
    `${EXAMPLE}/probe.ts`,
    '--allow',
    'tenants,activity_log',
    ...extra,
  ];
}

describe('fault-replay chaos (the CLI)', function () {
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'chaos-cli-'));
  let findingStdout = '';

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteTenantData(tenantId);
    await closePool();
  });

  it('a probe module without reset() and snapshot(): one line naming it, exit 2, no server started', () => {
    const run = cli(chaosArgs(['--probe', `${EXAMPLE}/types.ts`]));
    expect(run.stderr.trim()).to.equal(
      `fault-replay: probe module ${EXAMPLE}/types.ts must export reset() and snapshot()`,
    );
    expect(run.stdout).to.equal('');
    expect(run.status).to.equal(2);
  });

  it('an unknown fault: one line with the known ones, exit 2', () => {
    const run = cli(chaosArgs(['--faults', 'fail,lost']));
    expect(run.stderr.trim()).to.equal(
      "fault-replay: unknown chaos fault 'lost', expected one of fail, transient, twice, undo-twice",
    );
    expect(run.status).to.equal(2);
  });

  it("the reference saga: matrix, byte-identical JSON across two runs, every run's history kept and usable by check", () => {
    const first = cli(
      chaosArgs([
        '--steps',
        '3',
        '--faults',
        'fail,twice',
        '--json',
        join(dir, 'a.json'),
        '--record',
        join(dir, 'histories'),
      ]),
    );
    expect(first.status, first.stdout + first.stderr).to.equal(0);
    expect(first.stdout).to.match(/^ {2}step +fail +twice\n {2}3 applyTenantMigrations +ok +ok$/m);
    expect(first.stdout).to.include('2 live runs after the happy run: 2 clean');
    const second = cli(
      chaosArgs([
        '--steps',
        'applyTenantMigrations',
        '--faults',
        'fail,twice',
        '--json',
        join(dir, 'b.json'),
        '--record',
        join(dir, 'again'),
      ]),
    );
    expect(second.status).to.equal(0);
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    const b = readFileSync(join(dir, 'b.json'), 'utf8');
    expect(JSON.parse(a).scenarios.map((s: { outcome: string }) => s.outcome)).to.deep.equal(['clean', 'clean']);
    expect(a).to.equal(b);

    expect(readdirSync(join(dir, 'histories')).sort()).to.deep.equal([
      'happy.json',
      'step-3-applyTenantMigrations.fail.json',
      'step-3-applyTenantMigrations.twice.json',
    ]);
    const failed = readFileSync(join(dir, 'histories', 'step-3-applyTenantMigrations.fail.json'), 'utf8');
    expect(failed).to.include('chaos: injected failure in applyTenantMigrations').and.include('dropTenantSchema');

    const check = cli([
      'check',
      '--workflows',
      `${EXAMPLE}/workflows.ts`,
      '--histories',
      join(dir, 'histories', 'happy.json'),
      '--golden-dir',
      join(dir, 'goldens'),
      '--update',
    ]);
    expect(check.status, check.stdout + check.stderr).to.equal(0);
    expect(check.stdout).to.include('(provisionTenant, 6 steps)');
  });

  it('a finding exits 1 with the matrix and the difference, here on the time-skipping server', () => {
    const run = cli([
      'chaos',
      '--workflows',
      'test/fixtures/chaos-memory/workflows.ts',
      '--activities',
      'test/fixtures/chaos-memory/activities.ts',
      '--workflow-type',
      'orderSaga',
      '--args',
      '["o1"]',
      '--probe',
      'test/fixtures/chaos-memory/probe.ts',
      '--faults',
      'undo-twice',
      '--steps',
      'notify',
      '--server',
      'time-skipping',
      '--junit',
      join(dir, 'finding.xml'),
      '--markdown',
      join(dir, 'finding.md'),
      '--annotations',
    ]);
    expect(run.stdout).to.include('  3 notify  ORPHAN\n');
    expect(run.stdout).to.include(
      '  step 3 notify × undo-twice: orphan — 1 difference(s) from the world before the run\n      ~ balance: 100 → 110\n',
    );
    expect(run.stdout).to.include('1 live runs after the happy run: 1 orphan');
    expect(run.status).to.equal(1);
    findingStdout = run.stdout;
  });

  it('the same reporters as check: JUnit (valid, the finding a failure with its difference), Markdown (the matrix, the finding), annotations (one ::error)', async () => {
    const junit = readFileSync(join(dir, 'finding.xml'), 'utf8');
    expect(await junitSchemaErrors(junit)).to.deep.equal([]);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit) as {
      testsuites: {
        failures: string;
        testsuite: { name: string; testcase: { name: string; failure: { type: string; '#text': string } } };
      };
    };
    expect(parsed.testsuites.failures).to.equal('1');
    expect(parsed.testsuites.testsuite.name).to.equal('orderSaga');
    expect(parsed.testsuites.testsuite.testcase.name).to.equal('step 3 notify × undo-twice');
    expect(parsed.testsuites.testsuite.testcase.failure.type).to.equal('orphan');
    expect(parsed.testsuites.testsuite.testcase.failure['#text']).to.include('~ balance: 100 → 110');
    const markdown = readFileSync(join(dir, 'finding.md'), 'utf8');
    const tokens = new MarkdownIt().parse(markdown, {});
    expect(markdown).to.match(/^## fault-replay chaos: findings$/m);
    expect(tokens.filter((t) => t.type === 'table_open')).to.have.length(1);
    expect(markdown).to.include('| 3 | notify | `ORPHAN` |');
    expect(tokens.find((t) => t.type === 'fence')?.content).to.equal('~ balance: 100 → 110\n');
    const errors = findingStdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(errors).to.deep.equal([
      '::error title=fault-replay chaos%3A orphan::step 3 notify × undo-twice: orphan — 1 difference(s) from the world before the run%0A~ balance: 100 → 110',
    ]);
    expect(findingStdout).to.match(
      /^::notice title=fault-replay chaos::orderSaga: 1 live runs after the happy run: 1 orphan$/m,
    );
  });
});
