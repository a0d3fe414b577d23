import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Followed } from '../../src/continue/follow-nested';
import { followPlannedBothWays } from '../support/predicted-fidelity';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { faultKind } from '../../src/faults/registry';
import { EventType } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import type { LoadedHistory } from '../../src/model/history';
import type { RecordOptions } from '../../src/record/record';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { startServer } from '../../src/server/environment';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents, realTasksAndClose } from '../support/fidelity';
import { recordTimedOrder } from '../support/timed-order';
import { processOptions } from '../../src/qualify';

const FIXTURE = 'test/fixtures/timeouts';
/** ship (0-based): its failure leaves reserve and charge to undo; refund (charge's undo) is the first compensation. */
const SHIP = 2;

/**
 * The first step fails AND the compensation fails, for real: `record --fail-activity ship
 * --fail-activity refund` (and `--fail-activity-retryable refund`). The tool's nested scenario at
 * ship, compensation 1 (refund), must write the same events and follow the same path to the close.
 * timedOrder's rollback stops at a failing undo and fails with the undo's error.
 */
describe('nested:<fault> fidelity: a first fault and a failing compensation recorded on the dev server equal the tool’s path', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment;
  let scratch: string;
  let session: RunningEngine;
  let quickSession: RunningEngine;
  let quickHappy: LoadedHistory;
  let happy: LoadedHistory;
  const real: Record<string, LoadedHistory> = {};
  const followed: Record<string, Followed[]> = {};
  const decoder = new PayloadDecoder();

  const record = (name: string, extra: Partial<RecordOptions>) => recordTimedOrder(env, scratch, 'nested', name, extra);

  before(async () => {
    installQuietRuntime();
    scratch = mkdtempSync(join(tmpdir(), 'nested-fidelity-'));
    env = await startServer('dev');
    happy = await record('happy', {});
    real['activity-failed'] = await record('ship-and-refund-failed', { failActivities: ['ship', 'refund'] });
    real['retries-exhausted'] = await record('ship-failed-refund-exhausted', {
      failActivities: ['ship'],
      failActivitiesRetryable: ['refund'],
    });
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${FIXTURE}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 16,
    });
    const step = activitySteps(happy.events)[SHIP];
    for (const inner of Object.keys(real)) {
      followed[inner] = await followPlannedBothWays(
        { history: happy, step, fault: faultKind(`nested:${inner}`) },
        session,
        {
          decoder,
          maxRounds: 50,
        },
      );
    }
    // A compensation that times out for real: the undos of quick-undo.ts set a 1 s start-to-close timeout.
    const quick = { workflowsPath: `${FIXTURE}/quick-undo.ts`, workflowType: 'quickUndoOrder' };
    quickHappy = await record('quick-happy', quick);
    real['activity-timeout:start-to-close'] = await record('quick-ship-failed-refund-hung', {
      ...quick,
      failActivities: ['ship'],
      hangActivities: ['refund'],
    });
    quickSession = await startEngine(await bundleWithObserver({ workflowsPath: quick.workflowsPath }), {
      ...processOptions(),
      cachedRuns: 16,
    });
    const quickShip = activitySteps(quickHappy.events)[SHIP];
    followed['activity-timeout:start-to-close'] = await followPlannedBothWays(
      { history: quickHappy, step: quickShip, fault: faultKind('nested:activity-timeout:start-to-close') },
      quickSession,
      { decoder, maxRounds: 50 },
    );
  });
  after(async () => {
    await quickSession?.close();
    await session?.close();
    await env?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the real histories: ship failed, then refund failed (non-retryable at attempt 1; retryable at attempt 2 of 2), and the workflow failed', () => {
    const failures = (events: LoadedHistory['events']) =>
      events.flatMap((e) => {
        const failed = e.activityTaskFailedEventAttributes;
        if (!failed) return [];
        const scheduled = events[Number(failed.scheduledEventId) - 1].activityTaskScheduledEventAttributes!;
        const started = events[Number(failed.startedEventId) - 1].activityTaskStartedEventAttributes!;
        return [
          `${scheduled.activityType?.name} attempt ${started.attempt} ${failed.failure?.applicationFailureInfo?.type}`,
        ];
      });
    expect(failures(real['activity-failed'].events)).to.deep.equal([
      'ship attempt 1 InjectedFailure',
      'refund attempt 1 InjectedFailure',
    ]);
    expect(failures(real['retries-exhausted'].events)).to.deep.equal([
      'ship attempt 1 InjectedFailure',
      'refund attempt 2 InjectedRetryableFailure',
    ]);
    for (const history of Object.values(real))
      expect(history.events.at(-1)?.eventType).to.equal(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    const timedOut = real['activity-timeout:start-to-close'].events.find(
      (e) => e.activityTaskTimedOutEventAttributes,
    )!.activityTaskTimedOutEventAttributes!;
    expect(timedOut.failure?.message).to.equal('activity StartToClose timeout');
  });

  it('nested:activity-timeout:start-to-close: refund (1 s, 2 attempts) times out for good; the tool’s path = the live history, event by event to the close', () => {
    expect(followed['activity-timeout:start-to-close'].map((f) => f.scenario.fault.name)).to.deep.equal([
      'nested:activity-timeout:start-to-close@1:refund',
      'nested:activity-timeout:start-to-close@2:release',
    ]);
    const observed = followed['activity-timeout:start-to-close'][0].observed as Observation;
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expectSameEvents(observed.path!, real['activity-timeout:start-to-close'].events);
    const failedAt =
      real['activity-timeout:start-to-close'].events.findIndex((e) => e.activityTaskFailedEventAttributes) + 1;
    expect({ tasks: observed.tasks, close: observed.close }).to.deep.equal(
      realTasksAndClose(real['activity-timeout:start-to-close'], failedAt, decoder),
    );
  });

  for (const inner of ['activity-failed', 'retries-exhausted'] as const) {
    describe(`nested:${inner}`, () => {
      it('one scenario per activity scheduled after the first fault alone (refund, release, notifyFailure), labelled with its ordinal and type', () => {
        expect(followed[inner].map((f) => f.scenario.fault.name)).to.deep.equal([
          `nested:${inner}@1:refund`,
          `nested:${inner}@2:release`,
          `nested:${inner}@3:notifyFailure`,
        ]);
      });

      it('the path the tool followed = the real history, event by event up to the workflow’s answer to the failing refund, and on to the close', () => {
        const observed = followed[inner][0].observed as Observation;
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expect(observed.invented, 'every result known').to.equal(undefined);
        const answer = real[inner].events.findIndex(
          (e, i) =>
            i > 0 &&
            e.workflowTaskCompletedEventAttributes &&
            real[inner].events
              .slice(0, i)
              .some((x) => x.activityTaskFailedEventAttributes?.failure?.message?.includes('refund')),
        );
        expect(answer, 'the workflow answered the failing refund').to.be.greaterThan(0);
        expectSameEvents(observed.path!.slice(0, answer), real[inner].events.slice(0, answer));
        expectSameEvents(observed.path!, real[inner].events);
      });

      it('the same commands per workflow task after the first fault, and the same close (failed with refund’s failure)', () => {
        const observed = followed[inner][0].observed as Observation;
        const failedAt = real[inner].events.findIndex((e) => e.activityTaskFailedEventAttributes) + 1;
        expect({ tasks: observed.tasks, close: observed.close }).to.deep.equal(
          realTasksAndClose(real[inner], failedAt, decoder),
        );
        expect(JSON.stringify(observed.close)).to.include('refund');
      });
    });
  }
});
