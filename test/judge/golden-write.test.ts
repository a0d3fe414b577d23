import { copyFileSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

const WORKFLOWS = 'examples/tenant-provisioning/workflows.ts';

/** `check --update` with a golden file that is a symlink (issue 30, item 4): never written through a link out of its folder. */
describe('check --update and a symlinked golden file (real bin)', function () {
  this.timeout(300_000);
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('golden-link-');
    mkdirSync(join(dir, 'histories'));
    mkdirSync(join(dir, 'private'));
    copyFileSync(join(ROOT, 'histories/tenant-provisioning/happy.json'), join(dir, 'histories', 'happy.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const update = () =>
    faultReplay([
      'check',
      '--workflows',
      WORKFLOWS,
      '--histories',
      join(dir, 'histories'),
      '--faults',
      'activity-failed',
      '--workers',
      '1',
      '--update',
    ]);

  it("a link to a file outside the history's folder: that file is untouched, one line says why, exit 2", () => {
    writeFileSync(join(dir, 'private', 'authorized_keys'), 'precious\n');
    symlinkSync(join(dir, 'private', 'authorized_keys'), join(dir, 'histories', 'happy.faults.json'));
    const run = update();
    expect(readFileSync(join(dir, 'private', 'authorized_keys'), 'utf8')).to.equal('precious\n');
    expect(run.status, run.stderr).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      `fault-replay: ${join(dir, 'histories', 'happy.faults.json')}: leads to ${join(dir, 'private', 'authorized_keys')}, outside its folder ${join(dir, 'histories')} (a symlink?): not written`,
    ]);
  });

  it('a link to a file in the same folder: written there, the link kept', () => {
    writeFileSync(join(dir, 'histories', 'shared.faults.json'), '{}\n');
    symlinkSync('shared.faults.json', join(dir, 'histories', 'happy.faults.json'));
    const run = update();
    expect(run.status, run.stderr).to.equal(0);
    expect(lstatSync(join(dir, 'histories', 'happy.faults.json')).isSymbolicLink()).to.equal(true);
    expect(JSON.parse(readFileSync(join(dir, 'histories', 'shared.faults.json'), 'utf8'))).to.include({
      workflowType: 'provisionTenant',
    });
  });
});
