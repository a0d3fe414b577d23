import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SpawnSyncReturns } from 'node:child_process';
import { expect } from 'chai';
import type { Report } from '../../src/report/model';
import { faultReplay } from '../support/check-cli';
import { junitSchemaErrors } from '../support/junit-schema';
import { scratchDir } from '../support/scratch';

/** Law findings, histories that no longer replay, compensated scenarios and a file that does not load: every part of a report. */
const HISTORIES = [
  'histories/tenant-provisioning/happy.json',
  'histories/tenant-provisioning/real-failure-applyTenantMigrations.json',
  'histories/tenant-provisioning/real-failure-createTenantSchema.json',
  'test/fixtures/malformed/event-id-skipped.json',
];
const FORWARD_ORDER = 'test/fixtures/saga-variants/forward-order.ts';

describe('--shard i/n then merge: the same reports as one unsharded run, byte for byte (real bin)', function () {
  this.timeout(600_000);
  let dir: string;
  let whole: SpawnSyncReturns<string>;
  let merged: SpawnSyncReturns<string>;
  const shards: Report[] = [];
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const reports = (name: string) => [
    '--json',
    join(dir, `${name}.json`),
    '--junit',
    join(dir, `${name}.xml`),
    '--markdown',
    join(dir, `${name}.md`),
    '--html',
    join(dir, `${name}.html`),
  ];

  before(() => {
    dir = scratchDir('shard-test-');
    whole = faultReplay(['check', '--workflows', FORWARD_ORDER, '--histories', ...HISTORIES, ...reports('whole')]);
    expect(whole.status, whole.stderr).to.equal(1);
    for (const i of [1, 2, 3]) {
      const run = faultReplay([
        'check',
        '--workflows',
        FORWARD_ORDER,
        '--histories',
        ...HISTORIES,
        '--shard',
        `${i}/3`,
        '--json',
        join(dir, `shard${i}.json`),
      ]);
      expect(run.status, run.stderr).to.be.oneOf([1, 2]);
      shards.push(JSON.parse(read(`shard${i}.json`)) as Report);
    }
    merged = faultReplay([
      'merge',
      join(dir, 'shard2.json'),
      join(dir, 'shard3.json'),
      join(dir, 'shard1.json'),
      ...reports('merged'),
    ]);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('each scenario is in exactly one shard, and every shard has some', () => {
    const key = (h: { file: string }, s: { step: number; fault: string }) => `${h.file} ${s.step} ${s.fault}`;
    const all = shards.flatMap((r) => r.histories.flatMap((h) => h.scenarios.map((s) => key(h, s))));
    const wholeReport = JSON.parse(read('whole.json')) as Report;
    const expected = wholeReport.histories.flatMap((h) => h.scenarios.map((s) => key(h, s)));
    expect(all).to.have.length(expected.length);
    expect(new Set(all)).to.deep.equal(new Set(expected));
    for (const shard of shards) expect(shard.histories.flatMap((h) => h.scenarios).length).to.be.greaterThan(0);
  });

  it('the merged JSON equals the unsharded JSON byte for byte', () => {
    expect(merged.status, merged.stderr).to.equal(whole.status);
    expect(read('merged.json')).to.equal(read('whole.json'));
  });

  it('and so do the JUnit, Markdown and HTML files, the terminal output and the problem lines', () => {
    expect(read('merged.xml')).to.equal(read('whole.xml'));
    expect(read('merged.md')).to.equal(read('whole.md'));
    expect(read('merged.html')).to.equal(read('whole.html'));
    expect(merged.stdout).to.equal(whole.stdout);
    expect(merged.stderr).to.equal(whole.stderr);
    expect(whole.stderr).to.include('event-id-skipped.json');
  });

  it('each problem line once, on stderr only; in the JUnit file as an error of the problems suite, which still validates', async () => {
    const problems = (JSON.parse(read('whole.json')) as Report).problems;
    expect(problems.length).to.be.greaterThan(0);
    for (const problem of problems) {
      expect(whole.stderr.split(`fault-replay: ${problem}\n`).length - 1, problem).to.equal(1);
      expect(whole.stdout).not.to.include(problem);
    }
    const xml = read('whole.xml');
    expect(xml).to.include('<testsuite name="problems" tests="1" failures="0" errors="1" skipped="0">');
    expect(await junitSchemaErrors(xml)).to.deep.equal([]);
  });

  it('a missing shard, or a report that is no shard, is refused (exit 2)', () => {
    const missing = faultReplay(['merge', join(dir, 'shard1.json'), join(dir, 'shard3.json')]);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.include('shard 2/3 missing');
    const notShard = faultReplay(['merge', join(dir, 'whole.json')]);
    expect(notShard.status).to.equal(2);
    expect(notShard.stderr).to.include('not a shard');
  });
});
