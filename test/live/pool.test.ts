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

  /** The prefix up to the last workflow task: the task a worker answers first. */
  function firstTask(file: string) {
    const [history] = loadHistories([file]).histories;
    const lastStarted = history.events
      .map((event) => event.eventType)
      .lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    return { history, events: history.events.slice(0, lastStarted + 1) };
  }

  async function loopingPool(cachedRuns: number): Promise<LivePool> {
    const code = (await bundleWithObserver({ workflowsPath: 'test/fixtures/live/loop-beside-tenant.ts' })).code;
    pool = new LivePool(builtInWorker(code), { workers: 1, deadlineMs: 1_000, cachedRuns });
    await pool.started();
    return pool;
  }

  function run(live: LivePool, task: ReturnType<typeof firstTask>, i: number): Promise<TaskAnswer> {
    const { history, events } = task;
    return live.runTask({
      workflowId: history.workflowId,
      runId: scenarioRunId(history, i, 'pool-test'),
      workflowType: history.workflowType,
      events,
    });
  }

  it('a task that never yields among 12 that do, one process: the loop answers timed out, the others complete', async () => {
    const looping = firstTask('test/fixtures/truthful/histories/happy.json');
    const plain = firstTask('histories/tenant-provisioning/happy.json');
    const live = await loopingPool(64);
    const answers = await Promise.all(Array.from({ length: 13 }, (_, i) => run(live, i === 6 ? looping : plain, i)));
    const kinds = answers.map((answer) =>
      Object.keys(answer).filter((key) => key !== 'invented' && key !== 'localCalls'),
    );
    expect(kinds.map((k) => k.join())).to.deep.equal([
      ...Array(6).fill('completed'),
      'timedOut',
      ...Array(6).fill('completed'),
    ]);
    expect((answers[6] as { timedOut: string }).timedOut).to.match(/did not yield within 1\.\d s of CPU time/);
    expect(live.restarts, 'the process the loop held, replaced').to.equal(1);
  });

  it('a task that never yields, alone on its process: answered timed out at once, not run again in quarantine', async () => {
    const live = await loopingPool(4);
    const answer = await run(live, firstTask('test/fixtures/truthful/histories/happy.json'), 0);
    expect(answer).to.have.property('timedOut');
    expect(live.suspectsRerun, 'tasks run again alone to find the culprit').to.equal(0);
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
