import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { LivePool, type TaskAnswer } from '../../src/live/pool';
import { builtInWorker } from '../../src/live/launch';
import { scenarioRunId } from '../../src/live/live-runs';
import { loadHistories } from '../../src/load/load';
import { bundleWithObserver } from '../../src/replay/bundle';
import { processOptions } from '../../src/qualify';

const EventType = temporal.api.enums.v1.EventType;

/**
 * The live pool's CPU watchdog when tasks share a worker process. (A workflow that does not yield
 * is still caught: the busy-loop cases in test/run.truthful.test.ts and test/truthful.)
 */
describe('LivePool watchdog: many tasks sharing one process', function () {
  this.timeout(180_000);
  let pool: LivePool | undefined;

  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('40 first tasks at once, each within a tight deadline but not all together: none is killed, all complete', async () => {
    const [history] = loadHistories(['histories/tenant-provisioning/happy.json']).histories;
    const lastStarted = history.events
      .map((event) => event.eventType)
      .lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const prefix = history.events.slice(0, lastStarted + 1); // the worker replays every task before the last
    pool = new LivePool(
      builtInWorker((await bundleWithObserver({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' })).code),
      {
        workers: 1,
        deadlineMs: 100,
        cachedRuns: 64,
      },
    );
    await pool.started();
    const live = pool;
    const answers: TaskAnswer[] = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        live.runTask({
          workflowId: history.workflowId,
          runId: scenarioRunId(history, i, 'pool-test'),
          workflowType: history.workflowType,
          events: prefix,
        }),
      ),
    );
    expect(
      answers.map((answer) =>
        Object.keys(answer)
          .filter((key) => key !== 'invented')
          .join(),
      ),
    ).to.deep.equal(Array(40).fill('completed'));
    expect(pool.restarts, 'worker processes killed and replaced').to.equal(0);
  });

  it('closed at once, before its worker process was told where to poll: the close ends (the worker is not started and left running)', async () => {
    const code = (await bundleWithObserver({ workflowsPath: 'examples/tenant-provisioning/workflows.ts' })).code;
    const closing = new LivePool(builtInWorker(code), { ...processOptions({ workers: 1 }), cachedRuns: 4 }).close();
    const outcome = await Promise.race([
      closing.then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 60 s'), 60_000).unref()),
    ]);
    expect(outcome).to.equal('closed');
  });
});
