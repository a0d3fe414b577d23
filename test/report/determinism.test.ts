import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(__dirname, '../..');
const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
/** The committed corpus: only ever checked here, never with --update (that would rewrite committed goldens). */
const CORPUS = 'histories/tenant-provisioning';

interface JsonReport {
  exitCode: number;
  counts: Record<string, number>;
  problems: string[];
  histories: Array<{
    file: string;
    scenarios: Array<{
      step: number;
      activityType: string;
      outcome?: string;
      fault: string;
      observed?: { tasks: Array<Array<{ activity?: string }>>; close: unknown };
    }>;
  }>;
}

function check(jsonOut: string, workers: number): SpawnSyncReturns<string> {
  const args = [
    'bin/fault-replay.js',
    'check',
    '--workflows',
    WORKFLOWS,
    '--histories',
    CORPUS,
    '--json',
    jsonOut,
    '--workers',
    String(workers),
  ];
  expect(args).not.to.include('--update');
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
}

describe('fault-replay check is deterministic: the same inputs give the same bytes, with two worker processes or one', function () {
  this.timeout(400_000); // two checks of 480 scenarios on a loaded 2-core machine

  let dir: string;
  let first: SpawnSyncReturns<string>;
  let second: SpawnSyncReturns<string>;
  let firstJson: Buffer;
  let secondJson: Buffer;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-determinism-'));
    first = check(join(dir, 'first.json'), 2);
    second = check(join(dir, 'second.json'), 1);
    for (const run of [first, second]) {
      expect(run.error).to.equal(undefined);
      expect(run.status, run.stderr).to.equal(0);
    }
    firstJson = readFileSync(join(dir, 'first.json'));
    secondJson = readFileSync(join(dir, 'second.json'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the two --json reports (--workers 2, --workers 1) are byte-identical', () => {
    expect(firstJson.length).to.be.greaterThan(10_000);
    expect(firstJson.equals(secondJson), 'the JSON reports differ').to.equal(true);
  });

  it('the report is not trivial: 480 scenarios (48 steps × 10 fault kinds), each with an outcome', () => {
    const report = JSON.parse(firstJson.toString('utf8')) as JsonReport;
    expect(report.exitCode).to.equal(0);
    expect(report.problems).to.deep.equal([]);
    expect(report.histories).to.have.length(7);
    const scenarios = report.histories.flatMap((h) => h.scenarios);
    expect(scenarios).to.have.length(480);
    for (const scenario of scenarios)
      expect(scenario.outcome, `step ${scenario.step} ${scenario.activityType}`).to.be.a('string').and.not.equal('');
    expect(report.counts.compensated).to.equal(279);
    expect(report.counts['not-applicable']).to.equal(201);
  });

  it('happy step 4 observed the undos in reverse order, then markTenantFailed, one workflow task each', () => {
    const report = JSON.parse(firstJson.toString('utf8')) as JsonReport;
    const happy = report.histories.find((h) => h.file === `${CORPUS}/happy.json`);
    expect(happy, 'happy.json in the report').to.not.equal(undefined);
    const step4 = happy!.scenarios.find((s) => s.step === 4 && s.fault === 'activity-failed')!;
    expect(step4.activityType).to.equal('createOwnerMembership');
    expect(step4.observed!.tasks.map((task) => task.map((c) => c.activity))).to.deep.equal([
      ['revertTenantMigrations'],
      ['dropTenantSchema'],
      ['deleteTenantRecord'],
      ['markTenantFailed'],
    ]);
  });

  it('stdout (the matrix) is identical in both runs', () => {
    expect(first.stdout).to.include('480 scenarios in 7 histories: 279 compensated, 201 not-applicable');
    expect(second.stdout).to.equal(first.stdout);
  });
});
