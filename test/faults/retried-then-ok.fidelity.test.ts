import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { retriedThenOk } from '../../src/faults/retried-then-ok';
import { EventType } from '../../src/history/events';
import type { Observation } from '../../src/model/observation';
import { judgeByLaws } from '../../src/laws/judge-laws';
import type { LoadedHistory } from '../../src/model/history';
import type { RecordOptions } from '../../src/record/record';
import { bundleWithObserver } from '../../src/replay/bundle';
import { PayloadDecoder } from '../../src/replay/decode';
import { startEngine, type RunningEngine } from '../../src/continue/engine';
import { followScenarioBothWays } from '../support/predicted-fidelity';
import { startServer } from '../../src/server/environment';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';
import { expectSameEvents } from '../support/fidelity';
import { recordTimedOrder } from '../support/timed-order';
import { processOptions } from '../../src/qualify';

const FIXTURE = 'test/fixtures/timeouts';
/** ship (0-based): the continuation then schedules track, whose options the workflow gives in full (see the report on server-filled timeouts). */
const SHIP = 2;
const SPEC = {
  workflowType: 'timedOrder',
  undo: { reserve: 'release', charge: 'refund', ship: 'unship' },
  noUndo: [],
  finally: ['notifyFailure'],
  order: 'reverse-sequential' as const,
  undoFailedStep: false,
  close: 'failed' as const,
  file: 'timedOrder.saga.json',
};

describe('retried-then-ok fidelity: a rewrite of the happy history equals a step the dev server retried once for real (record --fail-activity-once)', function () {
  this.timeout(240_000);
  let env: TestWorkflowEnvironment;
  let scratch: string;
  let session: RunningEngine;
  let happy: LoadedHistory;
  let real: LoadedHistory;
  let observed: Observation;

  const record = (name: string, extra: Partial<RecordOptions>) =>
    recordTimedOrder(env, scratch, 'retried', name, extra);

  before(async () => {
    installQuietRuntime();
    scratch = mkdtempSync(join(tmpdir(), 'retried-fidelity-'));
    env = await startServer('dev');
    happy = await record('happy', {});
    real = await record('ship-once', { failActivitiesOnce: ['ship'] });
    session = await startEngine(await bundleWithObserver({ workflowsPath: `${FIXTURE}/workflows.ts` }), {
      ...processOptions(),
      cachedRuns: 16,
    });
    const step = activitySteps(happy.events)[SHIP];
    const scenario = await followScenarioBothWays({ history: happy, step, fault: retriedThenOk }, session, {
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

  it('the real history: ship started as attempt 2 with the first attempt’s retryable failure, then completed; the workflow completed', () => {
    const step = activitySteps(real.events)[SHIP];
    const started = real.events[step.startedEventId! - 1].activityTaskStartedEventAttributes!;
    expect([step.activityType, step.closeEventType, started.attempt]).to.deep.equal([
      'ship',
      'ActivityTaskCompleted',
      2,
    ]);
    expect(started.lastFailure?.applicationFailureInfo?.type).to.equal('InjectedRetryableFailure');
    expect(real.events.at(-1)?.eventType).to.equal(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  });

  it('rewritten events = the real history’s events up to the live workflow task after the retried step', () => {
    const rewritten = retriedThenOk.inject(activitySteps(happy.events)[SHIP], happy);
    expect(rewritten.slice(-2).map((e) => e.eventType)).to.deep.equal([
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
  });

  it('the path the tool followed to the close = the real history, event by event (set-aside fields apart)', () => {
    expect(observed.error, observed.error?.message).to.equal(undefined);
    expectSameEvents(observed.path!, real.events);
  });

  it('the same-path law holds for it, and the rollback laws are not judged', () => {
    const steps = activitySteps(happy.events);
    expect(judgeByLaws(SPEC, steps, steps[SHIP], observed, { recorded: happy.events })).to.deep.equal([]);
  });

  it('the same-path law catches a path that changed (the step’s outcome treated as a failure)', () => {
    const steps = activitySteps(happy.events);
    const path = observed.path!.map((event) => ({ ...event }));
    const track = path.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'track');
    path[track] = {
      ...path[track],
      activityTaskScheduledEventAttributes: {
        ...path[track].activityTaskScheduledEventAttributes,
        activityType: { name: 'unship' },
      },
    };
    const findings = judgeByLaws(SPEC, steps, steps[SHIP], { ...observed, path }, { recorded: happy.events }) ?? [];
    expect(findings.map((f) => f.law)).to.deep.equal(['nothing changes when nothing failed']);
    expect(findings[0].message).to.match(
      /: the workflow issued unship\(\{"orderId":"o-1"\}\); the recorded track\(\{"orderId":"o-1"\}\) never came$/,
    );
    expect(
      judgeByLaws(
        SPEC,
        steps,
        steps[SHIP],
        { ...observed, path: path.slice(0, track) },
        { recorded: happy.events },
      )?.[0].message,
    ).to.match(/the recorded track\(.*never came/);
  });

  it('not-applicable where the recorded step did not complete, or allows one attempt', () => {
    expect(
      retriedThenOk.notApplicable({ ...activitySteps(happy.events)[1], closeEventType: 'ActivityTaskFailed' }, happy),
    ).to.match(/^the recorded step did not complete/);
    expect(
      retriedThenOk.notApplicable({ ...activitySteps(happy.events)[1], retryPolicy: { maximumAttempts: 1 } }, happy),
    ).to.equal('its retry policy allows one attempt: a failed attempt ends the step');
  });
});
