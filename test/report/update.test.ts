import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { GoldenFile } from '../../src/model/golden';
import type { Report } from '../../src/report/model';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const CORPUS = join(ROOT, 'histories/tenant-provisioning');
const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const THROWS = 'test/fixtures/saga-variants/throw-in-compensation.ts';

const readGolden = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;

describe('--update says what it did; stale golden entries are reported and removed (real bin, temp copy)', function () {
  this.timeout(300_000);
  let dir: string;
  let golden: string;
  let history: string;

  beforeEach(() => {
    dir = scratchDir('update-test-');
    history = join(dir, 'happy.json');
    golden = join(dir, 'happy.faults.json');
    copyFileSync(join(CORPUS, 'happy.json'), history);
    const edited = readGolden(join(CORPUS, 'happy.faults.json'));
    edited.scenarios = edited.scenarios.filter((s) => s.fault === 'activity-failed');
    edited.scenarios = edited.scenarios.filter((s) => s.step !== 2); // step 2: added
    const step4 = edited.scenarios.find((s) => s.step === 4)!;
    step4.tasks = [...step4.tasks].reverse(); // step 4: changed
    edited.scenarios.push({ ...step4, step: 9, activityType: 'deleteEverything' }); // no such step: stale
    writeFileSync(golden, JSON.stringify(edited, null, 2) + '\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without --update: the stale entry is reported, the run judged as before', () => {
    const run = faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      history,
      '--faults',
      'activity-failed',
      '--json',
      join(dir, 'r.json'),
    ]);
    expect(run.status, run.stderr).to.equal(1); // step 2 has no entry, step 4 differs
    expect(run.stdout).to.include(`${golden}: 1 stale entry (no scenario produces them; --update removes them):`);
    expect(run.stdout).to.include(
      '  step 9 deleteEverything × activity-failed: the history has no step 9 deleteEverything',
    );
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(report.histories[0].stale).to.deep.equal([
      {
        step: 9,
        activityType: 'deleteEverything',
        fault: 'activity-failed',
        reason: 'the history has no step 9 deleteEverything',
      },
    ]);
  });

  it('--update: per history added / changed / removed / unchanged with the compact form, and the golden file holds exactly that', () => {
    const run = faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      history,
      '--faults',
      'activity-failed',
      '--update',
    ]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`--update ${golden}: 1 added, 1 changed, 1 removed, 4 unchanged`);
    expect(run.stdout).to.match(
      /^ {2}\+ step 2 createTenantSchema × activity-failed: deleteTenantRecord\("acme"\) → markTenantFailed\(…\) → failed InjectedFailure$/m,
    );
    expect(run.stdout).to.match(
      /^ {2}~ step 4 createOwnerMembership × activity-failed:\n {6}was markTenantFailed\(…\) → deleteTenantRecord\("acme"\) → dropTenantSchema\("acme"\) → revertTenantMigrations\("acme"\) → failed InjectedFailure\n {6}now revertTenantMigrations\("acme"\) → dropTenantSchema\("acme"\) → deleteTenantRecord\("acme"\) → markTenantFailed\(…\) → failed InjectedFailure$/m,
    );
    expect(run.stdout).to.match(
      /^ {2}- step 9 deleteEverything × activity-failed: the history has no step 9 deleteEverything \(was /m,
    );
    const written = readGolden(golden);
    expect(written.scenarios.map((s) => s.step)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    const committed = readGolden(join(CORPUS, 'happy.faults.json')).scenarios.filter(
      (s) => s.fault === 'activity-failed',
    );
    expect(written.scenarios).to.deep.equal(committed);
  });

  it("--update with only some --faults keeps the other faults' entries, and writes the same bytes as an update of every kind (entries in plan order)", () => {
    const full = readGolden(join(CORPUS, 'happy.faults.json'));
    writeFileSync(golden, JSON.stringify(full, null, 2) + '\n');
    const run = faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      history,
      '--faults',
      'activity-failed',
      '--update',
    ]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`--update ${golden}: 0 added, 0 changed, 0 removed, 6 unchanged`);
    expect(readGolden(golden).scenarios).to.have.deep.members(full.scenarios);
    expect(readFileSync(golden, 'utf8'), 'the committed golden was written by an update of every kind').to.equal(
      readFileSync(join(CORPUS, 'happy.faults.json'), 'utf8'),
    );
  });

  it('--update refuses to record crashed scenarios: they stay findings, their old entries stay', () => {
    const before = readFileSync(golden, 'utf8');
    const run = faultReplay([
      'check',
      '--workflows',
      THROWS,
      '--histories',
      history,
      '--faults',
      'activity-failed',
      '--update',
    ]);
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stdout).to.include(`--update ${golden}: 0 added, 0 changed, 1 removed, 0 unchanged, 6 not recorded`);
    expect(run.stdout).to.include(
      '  ! step 4 createOwnerMembership × activity-failed: not recorded: workflow-task-failed stays a finding (its old entry is kept)',
    );
    expect(run.stdout).to.include(
      '  ! step 2 createTenantSchema × activity-failed: not recorded: workflow-task-failed stays a finding\n',
    );
    const after = readGolden(golden);
    const old = (JSON.parse(before) as GoldenFile).scenarios.filter((s) => s.step !== 9);
    expect(after.scenarios).to.have.deep.members(old);
  });

  it('--update with --shard is refused (it would write partial golden files): exit 2', () => {
    const run = faultReplay(['check', '--workflows', WORKFLOWS, '--histories', history, '--update', '--shard', '1/2']);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include('--update with --shard');
  });
});
