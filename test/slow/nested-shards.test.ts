import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Report } from '../../src/report/model';
import { faultReplay } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const STOPS_AT_FAILING_UNDO = 'test/fixtures/saga-variants/stop-at-failing-undo.ts';
const HISTORIES = ['histories/tenant-provisioning/happy.json'];

/** A nested scenario is planned once and expands while followed: shards, merge and worker count must not change the reports. */
describe('nested:<fault> with --shard and --workers: the same reports, byte for byte (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const check = (name: string, extra: string[]) =>
    faultReplay([
      'check',
      '--workflows',
      STOPS_AT_FAILING_UNDO,
      '--histories',
      ...HISTORIES,
      '--golden-dir',
      join(dir, 'no-goldens'),
      '--faults',
      'nested:activity-failed',
      'activity-failed',
      '--json',
      join(dir, `${name}.json`),
      '--junit',
      join(dir, `${name}.xml`),
      '--markdown',
      join(dir, `${name}.md`),
      ...extra,
    ]);

  before(() => {
    dir = scratchDir('nested-shards-');
    mkdirSync(join(dir, 'no-goldens'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('two shards of one worker each, merged, give the reports of two workers unsharded', () => {
    const two = check('two', ['--workers', '2']);
    expect(two.status, two.stderr).to.equal(1);
    for (const i of [1, 2])
      expect(check(`shard${i}`, ['--workers', '1', '--shard', `${i}/2`]).status).to.be.oneOf([0, 1]);
    const merged = faultReplay([
      'merge',
      join(dir, 'shard2.json'),
      join(dir, 'shard1.json'),
      '--json',
      join(dir, 'merged.json'),
      '--junit',
      join(dir, 'merged.xml'),
      '--markdown',
      join(dir, 'merged.md'),
    ]);
    for (const ext of ['json', 'xml', 'md'])
      expect(read(`merged.${ext}`), `merged.${ext}`).to.equal(read(`two.${ext}`));
    expect(merged.stdout).to.equal(two.stdout);
    const labels = (JSON.parse(read('two.json')) as Report).histories[0].scenarios.map((s) => `${s.step} ${s.fault}`);
    expect(labels.slice(0, 5)).to.deep.equal([
      '1 nested:activity-failed@1:markTenantFailed',
      '1 activity-failed',
      '2 nested:activity-failed@1:deleteTenantRecord',
      '2 nested:activity-failed@2:markTenantFailed',
      '2 activity-failed',
    ]);
  });
});
