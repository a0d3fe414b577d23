import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { recordHistory } from '../../src/record/record';
import { runFaultReplay } from '../../src/run';
import { installQuietRuntime } from '../../src/util/quiet';

/** Histories recorded here, on the real dev server, by the project's own recorder. */
describe('histories recorded live: a 200-step rollback (slow suite: npm run test:slow)', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-long-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a rollback of 200 undos, one at a time, follows to its close against goldens made from itself', async () => {
    const fixture = 'test/fixtures/long-rollback';
    const history = join(dir, 'import-200.json');
    await recordHistory({
      workflowsPath: `${fixture}/workflows.ts`,
      activitiesPath: `${fixture}/activities.ts`,
      workflowType: 'importItems',
      args: [200],
      failActivities: [],
      out: history,
      server: 'dev',
      timeoutMs: 60_000,
    });
    const options = {
      workflowsPath: `${fixture}/workflows.ts`,
      histories: [history],
      goldenDir: join(dir, 'goldens'),
      workers: 2,
      faults: ['activity-failed'],
    };
    const made = await runFaultReplay({ ...options, update: true });
    const publish = made.histories[0].scenarios.find(
      (s) => s.activityType === 'publishItems' && s.fault === 'activity-failed',
    )!;
    expect(publish.observed!.tasks).to.have.length(200);
    expect(
      publish.observed!.tasks.every(
        (task) => task.length === 1 && 'activity' in task[0] && task[0].activity === 'deleteItem',
      ),
    ).to.equal(true);
    expect(publish.observed!.close).to.deep.include({ status: 'failed' });
    const checked = await runFaultReplay(options);
    expect(checked.counts.stuck).to.equal(0);
    expect(checked.exitCode).to.equal(0);
  });

  it('--max-rounds bounds a long rollback: the scenario is stuck and says how to raise the bound', async () => {
    const history = join(dir, 'import-200.json');
    const result = await runFaultReplay({
      workflowsPath: 'test/fixtures/long-rollback/workflows.ts',
      histories: [history],
      maxRounds: 20,
      workers: 1,
      faults: ['activity-failed'],
    });
    const publish = result.histories[0].scenarios.find((s) => s.activityType === 'publishItems')!;
    expect(publish.outcome).to.equal('stuck');
    expect(publish.detail).to.equal(
      'still open after 20 workflow tasks (raise --max-rounds if the rollback is that long)',
    );
  });
});
