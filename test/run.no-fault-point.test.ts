import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { recordHistory } from '../src/record/record';
import { runFaultReplay } from '../src/run';
import { installQuietRuntime } from '../src/util/quiet';

/** Histories recorded here, on the real dev server, by the project's own recorder. */
describe('histories recorded live: a workflow with no fault point', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-empty-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a history with no activity step is a problem line; when it no longer replays, that is a regression (exit 1)', async () => {
    const fixture = 'test/fixtures/no-steps';
    const history = join(dir, 'greet.json');
    await recordHistory({
      workflowsPath: `${fixture}/workflows.ts`,
      activitiesPath: `${fixture}/activities.ts`,
      workflowType: 'greet',
      args: ['ada'],
      failActivities: [],
      out: history,
      server: 'dev',
      timeoutMs: 60_000,
    });
    const same = await runFaultReplay({ workflowsPath: `${fixture}/workflows.ts`, histories: [history], workers: 1 });
    expect(same.problems).to.deep.equal([
      {
        kind: 'no-fault-point',
        file: history,
        message:
          'no fault point: the history has no step (no activity, child workflow, local activity, timer or wait; it is still replayed as recorded)',
      },
    ]);
    expect(same.exitCode).to.equal(2);
    const changed = await runFaultReplay({ workflowsPath: `${fixture}/changed.ts`, histories: [history], workers: 1 });
    expect(changed.histories[0].replay).to.deep.include({ ok: false, outcome: 'nondeterministic' });
    expect(changed.exitCode).to.equal(1);
  });
});
