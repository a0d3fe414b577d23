import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadHistoryFile } from '../src/load/load';
import { runFaultReplay } from '../src/run';

/**
 * A history captured while the workflow runs can end with a workflow task scheduled and started:
 * the replayer runs that task live and resolves OK even when the code throws in it (the
 * silent-failure trap of replay-notes.md). Cut from the real failure recording just after the
 * failure reaches the workflow, the history's open task is the compensation block.
 */
describe('a recorded history whose open last task now fails is a regression, not a silent pass', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-task-'));
    const real = loadHistoryFile('histories/tenant-provisioning/real-failure-createTenantSchema.json');
    const failed = real.events.findIndex((event) => event.activityTaskFailedEventAttributes);
    // ActivityTaskFailed, WorkflowTaskScheduled, WorkflowTaskStarted: the task that runs the undos, left open.
    writeFileSync(join(dir, 'running.json'), historyToJSON({ events: real.events.slice(0, failed + 3) }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = (variant: string) =>
    runFaultReplay({
      workflowsPath: `test/fixtures/saga-variants/${variant}.ts`,
      histories: [join(dir, 'running.json')],
      goldens: false,
      laws: false,
      faults: ['activity-failed'],
    });

  it('the compensation block throws: workflow-task-failed on the recorded history, exit 1', async () => {
    const result = await check('throw-in-compensation');
    const replay = result.histories[0].replay;
    expect(replay.ok).to.equal(false);
    expect(replay).to.deep.include({ outcome: 'workflow-task-failed' });
    expect(replay.ok === false && replay.message).to.match(/open workflow task fails with today's code: TypeError/);
    expect(result.exitCode).to.equal(1);
  });

  it('the reference code: the same history replays ok (control)', async () => {
    const result = await check('reference');
    expect(result.histories[0].replay).to.deep.equal({ ok: true });
  });
});
