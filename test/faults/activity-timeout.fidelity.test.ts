import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ACTIVITY_TIMEOUTS } from '../../src/faults/activity-timeout';
import type { FaultKind } from '../../src/faults/fault';
import { EventType, HistoryEvent } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import type { LoadedHistory } from '../../src/model/history';
import type { RecordOptions } from '../../src/record/record';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import { startServer } from '../../src/server/environment';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents, realResultsOfUnrecorded, realTasksAndClose } from '../support/fidelity';
import { recordTimedOrder } from '../support/timed-order';
import { processOptions } from '../../src/qualify';

const FIXTURE = 'test/fixtures/timeouts';

/** Each timeout, the step of the fixture saga that sets it, and how the recorder makes it happen for real. */
const CASES: Array<{ timeout: string; step: number; activity: string; record: Partial<RecordOptions> }> = [
  { timeout: 'schedule-to-start', step: 1, activity: 'reserve', record: { activityWorkerDelayMs: 4_000 } },
  { timeout: 'start-to-close', step: 2, activity: 'charge', record: { hangActivities: ['charge'] } },
  { timeout: 'schedule-to-close', step: 3, activity: 'ship', record: { hangActivities: ['ship'] } },
  { timeout: 'heartbeat', step: 4, activity: 'track', record: { hangActivities: ['track'] } },
];

function kind(timeout: string): FaultKind {
  return ACTIVITY_TIMEOUTS.find((k) => k.name === `activity-timeout:${timeout}`)!;
}

const timedOutAt = (events: HistoryEvent[]) => events.findIndex((e) => e.activityTaskTimedOutEventAttributes) + 1;

describe('activity-timeout fidelity: a rewrite of the happy history equals the timeout the dev server wrote for real', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;
  let scratch: string;
  let session: RunningEngine;
  let happy: LoadedHistory;
  const real = new Map<string, LoadedHistory>();

  const record = (name: string, extra: Partial<RecordOptions>) => recordTimedOrder(env, scratch, 'timed', name, extra);

  before(async () => {
    installQuietRuntime();
    scratch = mkdtempSync(join(tmpdir(), 'timeout-fidelity-'));
    env = await startServer('dev');
    happy = await record('happy', {});
    for (const c of CASES) real.set(c.timeout, await record(c.timeout, c.record));
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${FIXTURE}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 16,
    });
  });
  after(async () => {
    await session?.close();
    await env?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the happy history has the four steps, each setting its timeout', () => {
    const steps = activitySteps(happy.events);
    expect(steps.map((s) => s.activityType)).to.deep.equal(CASES.map((c) => c.activity));
    expect(happy.events.at(-1)?.eventType).to.equal(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  });

  for (const c of CASES) {
    describe(`${c.timeout} at step ${c.step} ${c.activity}`, () => {
      const decoder = new PayloadDecoder();
      let rewritten: HistoryEvent[];
      let observed: Observation;

      before(async () => {
        const step = activitySteps(happy.events)[c.step - 1];
        expect(kind(c.timeout).notApplicable(step, happy)).to.equal(undefined);
        rewritten = kind(c.timeout).inject(step, happy);
        const givenResults = realResultsOfUnrecorded(real.get(c.timeout)!, happy);
        const scenario = await followScenarioBothWays({ history: happy, step, fault: kind(c.timeout) }, session, {
          decoder,
          maxRounds: 50,
          givenResults,
        });
        expect(scenario).to.not.have.property('notApplicable');
        observed = scenario as Observation;
      });

      it('the real history timed out at that step with that timeout type', () => {
        const events = real.get(c.timeout)!.events;
        const timedOut = events[timedOutAt(events) - 1].activityTaskTimedOutEventAttributes!;
        expect(
          events[Number(timedOut.scheduledEventId) - 1].activityTaskScheduledEventAttributes?.activityType?.name,
        ).to.equal(c.activity);
        expect(temporal.api.enums.v1.TimeoutType[timedOut.failure!.timeoutFailureInfo!.timeoutType!]).to.equal(
          TIMEOUT_TYPE[c.timeout],
        );
      });

      it('rewritten events = the real history’s events up to the live workflow task after the timeout (scheduled and started, not completed)', () => {
        const at = timedOutAt(rewritten);
        expect(at, 'the fault is where the real timeout is').to.equal(timedOutAt(real.get(c.timeout)!.events));
        expect(rewritten.slice(at).map((e) => e.eventType)).to.deep.equal([
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        ]);
        expectSameEvents(rewritten, real.get(c.timeout)!.events.slice(0, rewritten.length));
      });

      it('the path the tool followed to the close = the real history, event by event (set-aside fields apart)', () => {
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expect(observed.invented, 'every result known').to.equal(undefined);
        expectSameEvents(observed.path!, real.get(c.timeout)!.events);
      });

      it('both lead to the same rollback commands per workflow task and the same close, with nothing left open', () => {
        const { tasks, close } = observed;
        expect({ tasks, close }).to.deep.equal(
          realTasksAndClose(real.get(c.timeout)!, timedOutAt(real.get(c.timeout)!.events), decoder),
        );
        expect(observed.openAtClose).to.equal(undefined);
        expect(tasks.at(-1)?.at(-1)).to.deep.include({ activity: 'notifyFailure' });
      });
    });
  }

  it('a timeout the step does not set is not-applicable, with the reason', () => {
    const [reserve, charge, ship, track] = activitySteps(happy.events);
    const reason = (timeout: string, step: typeof charge) => kind(timeout).notApplicable(step, happy);
    expect(reason('schedule-to-start', charge)).to.equal('it sets no schedule-to-start timeout');
    expect(reason('schedule-to-close', charge)).to.equal('it sets no schedule-to-close timeout');
    expect(reason('heartbeat', reserve)).to.equal('it sets no heartbeat timeout');
    // The server gives ship's attempts its whole schedule-to-close budget, and retries it without limit.
    expect(reason('schedule-to-start', ship)).to.match(
      /^its schedule-to-start timeout is not shorter than its schedule-to-close timeout/,
    );
    expect(reason('start-to-close', ship)).to.match(
      /^its schedule-to-close timeout ends the step before its attempts run out/,
    );
    expect(reason('heartbeat', track)).to.equal(undefined);
    expect(reason('start-to-close', track)).to.equal(undefined);
  });
});

const TIMEOUT_TYPE: Record<string, string> = {
  'start-to-close': 'TIMEOUT_TYPE_START_TO_CLOSE',
  'schedule-to-close': 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE',
  'schedule-to-start': 'TIMEOUT_TYPE_SCHEDULE_TO_START',
  heartbeat: 'TIMEOUT_TYPE_HEARTBEAT',
};
