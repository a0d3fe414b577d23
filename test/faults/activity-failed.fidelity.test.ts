import { expect } from 'chai';
import { activityFailed } from '../../src/faults/activity-failed';
import { durationText } from '../../src/history/durations';
import { EventType, Failure, HistoryEvent, idOf } from '../../src/history/events';
import { loadHistoryFile, LoadedHistory } from '../../src/load/load';
import { activitySteps } from '../../src/steps/steps';
import { PayloadDecoder } from '../../src/replay/decode';
import type { RunningEngine } from '../../src/continue/engine';
import { followScenario } from '../../src/run';
import type { ActivityOptions, FailureLevel, Observation, ObservedCommand } from '../../src/judge/observation';
import { installQuietRuntime } from '../../src/util/quiet';
import { exampleEngine } from '../support/session';
import { expectSameEvents, realResultsOfUnrecorded } from '../support/fidelity';
import { PROVISIONING_STEPS } from '../../examples/tenant-provisioning/types';

const CORPUS = 'histories/tenant-provisioning';

function durations(pairs: Array<[keyof ActivityOptions, Parameters<typeof durationText>[0]]>): Partial<ActivityOptions> {
  return Object.fromEntries(pairs.map(([name, value]) => [name, durationText(value)]).filter(([, text]) => text));
}

/** The options the real ActivityTaskScheduled shows, less what the server filled in (see withoutServerDefaults). */
function realOptions(event: HistoryEvent, workflowTaskQueue: string): ActivityOptions {
  const s = event.activityTaskScheduledEventAttributes!;
  const queue = s.taskQueue?.name ?? '';
  const options: ActivityOptions = {
    taskQueue: queue === workflowTaskQueue ? "(workflow's)" : queue,
    ...durations([['startToClose', s.startToCloseTimeout], ['scheduleToClose', s.scheduleToCloseTimeout], ['scheduleToStart', s.scheduleToStartTimeout], ['heartbeat', s.heartbeatTimeout]]),
  };
  const policy = s.retryPolicy;
  if (policy) {
    const initial = durationText(policy.initialInterval);
    const maximum = durationText(policy.maximumInterval);
    const retry: Record<string, unknown> = {};
    if (initial) retry.initialInterval = initial;
    if (policy.backoffCoefficient && policy.backoffCoefficient !== 2) retry.backoffCoefficient = policy.backoffCoefficient;
    if (maximum && parseFloat(maximum) !== 100 * parseFloat(initial || '1')) retry.maximumInterval = maximum;
    if (policy.maximumAttempts) retry.maximumAttempts = policy.maximumAttempts;
    if (policy.nonRetryableErrorTypes?.length) retry.nonRetryableErrorTypes = [...policy.nonRetryableErrorTypes];
    if (Object.keys(retry).length) options.retry = retry;
  }
  return options;
}

function realFailureLevels(failure: Failure | null | undefined, decoder: PayloadDecoder): FailureLevel[] {
  const levels: FailureLevel[] = [];
  for (let current = failure; current; current = current.cause) {
    const info = current.applicationFailureInfo;
    const level: FailureLevel = { type: info ? info.type || 'ApplicationFailure' : current.activityFailureInfo ? 'ActivityFailure' : 'Failure', message: current.message ?? '' };
    if (info?.nonRetryable) level.nonRetryable = true;
    if (info?.details?.payloads?.length) level.details = decoder.values(info.details.payloads);
    levels.push(level);
  }
  return levels;
}

/** What the real failure history shows the workflow doing after the failure, grouped per workflow task as the engine observes it. */
function realTasksAndClose(real: LoadedHistory, failedAt: number, decoder: PayloadDecoder): Pick<Observation, 'tasks' | 'close'> {
  const workflowTaskQueue = real.events[0].workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '';
  const byTask = new Map<number, ObservedCommand[]>();
  for (const event of real.events.slice(failedAt)) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) continue;
    const task = idOf(scheduled.workflowTaskCompletedEventId);
    byTask.set(task, [
      ...(byTask.get(task) ?? []),
      { activity: scheduled.activityType!.name!, args: decoder.values(scheduled.input?.payloads), options: realOptions(event, workflowTaskQueue) },
    ]);
  }
  const failed = real.events.find((e) => e.workflowExecutionFailedEventAttributes)!;
  return { tasks: [...byTask.values()], close: { status: 'failed', failure: realFailureLevels(failed.workflowExecutionFailedEventAttributes!.failure, decoder) } };
}

describe('activity-failed fidelity: a rewrite of the happy history equals the real failure the server recorded', function () {
  this.timeout(120_000);
  const happy = loadHistoryFile(`${CORPUS}/happy.json`);
  const steps = activitySteps(happy.events);
  let session: RunningEngine;

  before(async () => {
    installQuietRuntime();
    session = await exampleEngine();
  });
  after(() => session?.close());

  it('the happy history has the six forward steps', () => {
    expect(steps.map((s) => s.activityType)).to.deep.equal(PROVISIONING_STEPS);
  });

  PROVISIONING_STEPS.forEach((activityType, index) => {
    describe(`step ${index + 1} ${activityType}`, () => {
      const real = loadHistoryFile(`${CORPUS}/real-failure-${activityType}.json`);
      const rewritten = activityFailed.inject(steps[index], happy);
      const failedAt = real.events.findIndex((e) => e.activityTaskFailedEventAttributes) + 1;
      const decoder = new PayloadDecoder();
      let observed: Observation;

      before(async () => {
        const givenResults = realResultsOfUnrecorded(real, happy);
        const scenario = await followScenario({ history: happy, step: steps[index], fault: activityFailed }, session, { decoder, maxRounds: 50, givenResults });
        expect(scenario).to.not.have.property('notApplicable');
        observed = scenario as Observation;
      });

      it('rewritten events = the real history’s events up to the live workflow task after the failure (scheduled and started, not completed)', () => {
        const failure = rewritten.findIndex((e) => e.activityTaskFailedEventAttributes);
        expect(failure + 1, 'the fault is where the real failure is').to.equal(failedAt);
        expect(rewritten.slice(failure + 1).map((e) => e.eventType)).to.deep.equal([
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        ]);
        expectSameEvents(rewritten, real.events.slice(0, rewritten.length));
      });

      it('the path the tool followed to the close = the real history, event by event (set-aside fields apart)', () => {
        expect(observed.error, observed.error?.message).to.equal(undefined);
        expect(observed.invented, 'every result known').to.equal(undefined);
        expect(observed.path, 'the path').to.be.an('array');
        expectSameEvents(observed.path!, real.events);
      });

      it('both lead to the same rollback commands per workflow task and the same close, with nothing left open', () => {
        expect(observed.error, observed.error?.message).to.equal(undefined);
        const { tasks, close } = observed;
        expect({ tasks, close }).to.deep.equal(realTasksAndClose(real, failedAt, decoder));
        expect(observed.openAtClose).to.equal(undefined);
        expect(tasks.at(-1)?.at(-1)).to.deep.include({ activity: 'markTenantFailed' });
      });
    });
  });
});
