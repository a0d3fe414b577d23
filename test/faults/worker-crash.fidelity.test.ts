import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workerCrash } from '../../src/faults/worker-crash';
import { EventType } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import type { LoadedHistory } from '../../src/model/history';
import type { RecordOptions } from '../../src/record/record';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { runFaultReplay } from '../../src/run';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import { startServer } from '../../src/server/environment';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents } from '../support/fidelity';
import { HAPPY_LENGTH_AT_TRACK } from '../fixtures/timeouts/history-length-bug';
import { recordTimedOrder } from '../support/timed-order';
import { processOptions } from '../../src/qualify';

const FIXTURE = 'test/fixtures/timeouts';
/** ship (0-based): the retried task then schedules track, whose options the workflow gives in full. */
const SHIP = 2;
const SPEC = {
  workflowType: 'timedOrder',
  undo: { reserve: 'release', charge: 'refund', ship: 'unship' },
  noUndo: ['track'],
  finally: ['notifyFailure'],
  order: 'reverse-sequential',
  close: 'failed',
};

describe('worker-crash fidelity: a rewrite of the happy history equals a workflow task the dev server timed out for real (record --crash-worker-after)', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment;
  let scratch: string;
  let session: RunningEngine;
  let happy: LoadedHistory;
  let real: LoadedHistory;
  let observed: Observation;

  const record = (name: string, extra: Partial<RecordOptions>) => recordTimedOrder(env, scratch, 'crash', name, extra);

  before(async () => {
    installQuietRuntime();
    scratch = mkdtempSync(join(tmpdir(), 'crash-fidelity-'));
    env = await startServer('dev');
    happy = await record('happy', {});
    real = await record('crash-after-ship', { crashWorkerAfter: 'ship' });
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${FIXTURE}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 16,
    });
    const step = activitySteps(happy.events)[SHIP];
    const scenario = await followScenarioBothWays({ history: happy, step, fault: workerCrash }, session, {
      decoder: new PayloadDecoder(),
      maxRounds: 50,
    });
    expect(scenario).to.not.have.property('notApplicable');
    observed = scenario as Observation;
  });
  after(async () => {
    await session?.close();
    await env?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the real history: the task after ship timed out (START_TO_CLOSE), was scheduled again and completed; the workflow completed', () => {
    const timedOut = real.events.find((e) => e.workflowTaskTimedOutEventAttributes)!;
    const ship = activitySteps(real.events)[SHIP];
    expect(Number(timedOut.eventId)).to.equal(ship.closeEventId! + 3);
    expect(real.events.at(-1)?.eventType).to.equal(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  });

  it('rewritten events = the real history’s events up to the retried workflow task (scheduled and started, not completed)', () => {
    const rewritten = workerCrash.inject(activitySteps(happy.events)[SHIP], happy);
    expect(rewritten.slice(-3).map((e) => e.eventType)).to.deep.equal([
      EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
  });

  it('the path the tool followed to the close = the real history, event by event (set-aside fields apart)', () => {
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expectSameEvents(observed.path!, real.events);
  });

  it('planted bug (a decision on the history length): only worker-crash breaks a law; the correct saga breaks none', async () => {
    const history = join(scratch, 'happy.json');
    writeFileSync(join(scratch, 'timedOrder.saga.json'), JSON.stringify(SPEC));
    expect(Number(happy.events[activitySteps(happy.events)[SHIP].closeEventId! + 1].eventId)).to.equal(
      HAPPY_LENGTH_AT_TRACK,
    );
    const faults = ['activity-failed', 'retried-then-ok', 'worker-crash'];
    const judged = async (workflowsPath: string) => {
      const result = await runFaultReplay({ workflowsPath, histories: [history], goldens: false, faults, workers: 1 });
      return result.histories[0].scenarios
        .filter((s) => s.outcome !== 'compensated' && s.outcome !== 'not-applicable')
        .map((s) => `${s.step} ${s.fault}: ${s.outcome}`);
    };
    expect(await judged(`${FIXTURE}/workflows.ts`)).to.deep.equal([]);
    expect(await judged(`${FIXTURE}/history-length-bug.ts`)).to.deep.equal([
      '1 worker-crash: law-broken',
      '2 worker-crash: law-broken',
      '3 worker-crash: law-broken',
    ]);
  });
});
