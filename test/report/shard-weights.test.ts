import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Report } from '../../src/report/model';
import { readWorkFile } from '../../src/report/shard-work';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';
const HISTORIES = [
  'histories/tenant-provisioning/happy.json',
  'histories/tenant-provisioning/real-failure-seedDefaultSettings.json',
];
const FAULTS = ['--faults', 'activity-failed,nested:activity-failed,activity-timeout:heartbeat'];

describe('--weights: a check measures what each scenario cost, and the next split balances by it (real bin)', function () {
  this.timeout(600_000);
  let dir: string;
  const path = (name: string) => join(dir, name);
  const read = (name: string) => readFileSync(path(name), 'utf8');
  const check = (...args: string[]) =>
    faultReplay(['check', '--workflows', WORKFLOWS, '--histories', ...HISTORIES, ...FAULTS, ...args]);

  before(() => {
    dir = scratchDir('weights-test-');
    const whole = check('--weights', path('whole.weights'), '--json', path('whole.json'));
    expect(whole.status, whole.stderr).to.equal(0);
    for (const i of [1, 2]) {
      const shard = check('--shard', `${i}/2`, '--weights', path('whole.weights'), '--json', path(`shard${i}.json`));
      expect(shard.status, shard.stderr).to.equal(0);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an unsharded check writes every applicable scenario of its histories, and nothing for one that does not apply', () => {
    const table = readWorkFile(path('whole.weights')).table!;
    expect(Object.keys(table)).to.deep.equal(HISTORIES);
    const happy = table[HISTORIES[0]];
    expect(Object.keys(happy)).to.deep.equal(['activity-failed', 'nested:activity-failed']);
    expect(happy['activity-failed'].every((units) => typeof units === 'number' && units > 0)).to.equal(true);
    // A nested fault follows once per compensation: the last step's weighs several of the first step's.
    const nested = happy['nested:activity-failed'] as number[];
    expect(nested[nested.length - 1]).to.be.greaterThan(3 * nested[0]);
  });

  it("shards read it, carry their own scenarios' work, and merge --weights writes the same file byte for byte", () => {
    const shards = [1, 2].map((i) => JSON.parse(read(`shard${i}.json`)) as Report);
    for (const shard of shards) expect(shard.shard!.work).to.be.an('object');
    const merged = faultReplay([
      'merge',
      path('shard1.json'),
      path('shard2.json'),
      '--json',
      path('merged.json'),
      '--weights',
      path('merged.weights'),
    ]);
    expect(merged.status, merged.stderr).to.equal(0);
    expect(read('merged.json')).to.equal(read('whole.json'));
    expect(read('merged.weights')).to.equal(read('whole.weights'));
  });

  it('the split follows the file: a scenario it says outweighs all others is a shard of its own', () => {
    const table = readWorkFile(path('whole.weights')).table!;
    table[HISTORIES[1]]['activity-failed'][1] = 1_000_000;
    writeFileSync(path('heavy.weights'), JSON.stringify({ version: 1, work: table }));
    const run = check('--shard', '1/2', '--weights', path('heavy.weights'), '--json', path('heavy.json'));
    expect(run.status, run.stderr).to.equal(0);
    const scenarios = (JSON.parse(read('heavy.json')) as Report).histories.flatMap((h) =>
      h.scenarios.map((s) => `${h.file} ${s.step} ${s.fault}`),
    );
    expect(scenarios).to.deep.equal([`${HISTORIES[1]} 2 activity-failed`]);
    // A shard only reads the file: its scenarios' work goes in its report, for merge.
    expect(readWorkFile(path('heavy.weights')).table![HISTORIES[1]]['activity-failed'][1]).to.equal(1_000_000);
  });

  it('shards that read different files are refused by merge: between them a scenario may be in no shard', () => {
    // heavy.json (1/2 by heavy.weights) holds one scenario; shard2.json (2/2 by whole.weights) not all the others.
    const merged = faultReplay(['merge', path('heavy.json'), path('shard2.json'), '--json', path('lost.json')]);
    expect(merged.status).to.equal(2);
    expect(merged.stderr).to.match(/shard2\.json: shard 2\/2 was cut from another plan than .*heavy\.json/);
    expect(() => read('lost.json')).to.throw(/ENOENT/);
  });

  it('a damaged file is a line on stderr: the split weighs by history length, and a full check writes the file anew', () => {
    writeFileSync(path('bad.weights'), '{"version": 1, "work": {"a": {"x": ["many"]}}}');
    const shard = check('--shard', '1/2', '--weights', path('bad.weights'), '--json', path('bad-shard.json'));
    expect(shard.status, shard.stderr).to.equal(0);
    expect(shard.stderr).to.match(
      /^fault-replay: --weights .*bad\.weights: a damaged weights file \("a" "x": "many" .*\): the split weighs by history length$/m,
    );
    expect(read('bad.weights')).to.include('"many"'); // a shard only reads it
    const whole = check('--weights', path('bad.weights'));
    expect(whole.status, whole.stderr).to.equal(0);
    expect(whole.stderr).to.match(/a damaged weights file .*: the file is written anew$/m);
    expect(read('bad.weights')).to.equal(read('whole.weights'));
  });

  it('a path that cannot be written is a usage error at once, before the run (its findings would be lost)', () => {
    const run = check('--weights', path('no-such-folder/w.weights'), '--json', path('never.json'));
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.match(/^fault-replay: --weights .*no-such-folder\/w\.weights: no such folder /);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(() => read('never.json')).to.throw(/ENOENT/);
  });

  it('with --incremental, a change that keeps every path (scenarios predicted or reported from the file) leaves the file as it was', () => {
    const code = path('code');
    cpSync(join(ROOT, 'examples/tenant-provisioning'), code, { recursive: true });
    const run = () =>
      faultReplay([
        'check',
        '--workflows',
        join(code, 'workflows.ts'),
        '--histories',
        ...HISTORIES,
        ...FAULTS,
        '--incremental',
        path('code.incremental'),
        '--weights',
        path('code.weights'),
      ]);
    expect(run().status).to.equal(0);
    const first = read('code.weights');
    expect(first).to.equal(read('whole.weights')); // the same code, followed live: the same work
    appendFileSync(join(code, 'workflows.ts'), '\nexport const unusedMarker = 1;\n');
    const second = run();
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/; [1-9]\d* predicted from the --incremental file's paths/); // the bundle changed: not followed live
    expect(read('code.weights')).to.equal(first);
  });

  it('a file that is no weights file (a report), or the path of another output, is never overwritten: exit 2 before the run', () => {
    const report = read('whole.json');
    const refused = check('--weights', path('whole.json'));
    expect(refused.status).to.equal(2);
    expect(refused.stderr.trim()).to.match(
      /^fault-replay: --weights .*whole\.json: not a weights file \(no "version" and "work"\): it would be overwritten/,
    );
    expect(read('whole.json')).to.equal(report);
    const merged = faultReplay(['merge', path('shard1.json'), path('shard2.json'), '--weights', path('shard2.json')]);
    expect(merged.status).to.equal(2);
    expect(JSON.parse(read('shard2.json')).shard.index).to.equal(2);
    const twice = check('--weights', path('twice.json'), '--json', path('twice.json'));
    expect(twice.status).to.equal(2);
    expect(twice.stderr.trim()).to.match(
      /^fault-replay: --weights .*twice\.json is also --json: give each its own file$/,
    );
  });

  it("a file of another project's histories is said on stderr: the split could not use it", () => {
    writeFileSync(path('other.weights'), '{"version": 1, "work": {"elsewhere/h.json": {"activity-failed": [5]}}}');
    const run = check('--shard', '1/2', '--weights', path('other.weights'));
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.match(
      /--weights .*other\.weights names none of these histories \(it has "elsewhere\/h\.json"…/,
    );
  });

  it('--weights added to an --incremental setup whose file already holds every scenario: the work comes from that file', () => {
    const runs = (...extra: string[]) => check('--incremental', path('setup.incremental'), ...extra);
    expect(runs().status).to.equal(0);
    const second = runs('--weights', path('setup.weights'));
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/from the --incremental file/);
    expect(read('setup.weights')).to.equal(read('whole.weights'));
  });
});
