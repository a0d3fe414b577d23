import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { activityFailed, INJECTED_FAILURE_TYPE, injectedFailureMessage } from '../../src/faults/activity-failed';
import { prefixThroughStep } from '../../src/faults/fault';
import { FAULT_REPLAY_IDENTITY, HistoryBuilder } from '../../src/history/builder';
import { EventType, HistoryEvent, idOf, long } from '../../src/history/events';
import { loadHistoryFile } from '../../src/load/load';
import { LoadedHistory } from '../../src/model/history';
import { validateEvents } from '../../src/load/validate';
import { activitySteps, stepLabel } from '../../src/steps/steps';
import { CORPUS_RELATIVE, corpusFiles } from '../support/corpus';

const CORPUS = CORPUS_RELATIVE;
const FILES = corpusFiles();
const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;

/** Event time in nanoseconds as a bigint (seconds * 1e9 overflows a double's integers). */
function nanosOf(event: HistoryEvent): bigint {
  const time = event.eventTime;
  if (!time) throw new Error(`event ${idOf(event.eventId)} has no eventTime`);
  return BigInt(idOf(time.seconds as Long)) * 1_000_000_000n + BigInt(time.nanos ?? 0);
}

/** ActivityTaskScheduled ids per file, read from the raw JSON, to check the corpus is walked fully. */
function rawScheduledIds(file: string): number[] {
  const json = JSON.parse(readFileSync(`${CORPUS}/${file}`, 'utf8')) as {
    events: Array<{ eventId: string; eventType: string }>;
  };
  return json.events.filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED').map((e) => Number(e.eventId));
}

function typeName(event: HistoryEvent | undefined): string {
  return event?.eventType == null ? 'none' : EventType[event.eventType];
}

describe('activity-failed injection over the whole corpus', () => {
  for (const file of FILES) {
    describe(file, () => {
      // Two loads: one is given to inject, the other stays as the reference the output is compared with.
      const history: LoadedHistory = loadHistoryFile(`${CORPUS}/${file}`);
      const reference: LoadedHistory = loadHistoryFile(`${CORPUS}/${file}`);
      const steps = activitySteps(history.events);

      it('has one step per ActivityTaskScheduled in the file', () => {
        expect(steps.map((s) => s.scheduledEventId)).to.deep.equal(rawScheduledIds(file));
        expect(steps.length).to.be.greaterThan(0);
      });

      it('every step: the rewrite passes validateEvents, keeps the recorded prefix, and ends with the fault then a live workflow task (scheduled, started, not completed)', () => {
        for (const step of steps) {
          const label = `${file} ${stepLabel(step)}`;
          const events = activityFailed.inject(step, history);

          expect(() => validateEvents(label, events), label).to.not.throw();
          expect(
            events.map((e) => idOf(e.eventId)),
            label,
          ).to.deep.equal(events.map((_, i) => i + 1));

          // the recorded events before the cut are unchanged: the scheduled event and its task's other commands
          const prefix = prefixThroughStep(step, reference.events);
          expect(prefix.length, label).to.be.at.least(step.scheduledEventId);
          expect(events.slice(0, prefix.length), label).to.deep.equal(reference.events.slice(0, prefix.length));
          expect(typeName(events[step.scheduledEventId - 1]), label).to.equal('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');

          // what follows: started, failed, then the workflow task that answers it, left open for the replayer to run live
          expect(events.slice(prefix.length).map(typeName), label).to.deep.equal([
            'EVENT_TYPE_ACTIVITY_TASK_STARTED',
            'EVENT_TYPE_ACTIVITY_TASK_FAILED',
            'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
            'EVENT_TYPE_WORKFLOW_TASK_STARTED',
          ]);
          expect(typeName(events[events.length - 1]), label).to.equal('EVENT_TYPE_WORKFLOW_TASK_STARTED');
          expect(idOf(events[events.length - 1].workflowTaskStartedEventAttributes!.scheduledEventId), label).to.equal(
            events.length - 1,
          );

          // times never go backwards
          for (let i = 1; i < events.length; i++) {
            expect(
              nanosOf(events[i]) >= nanosOf(events[i - 1]),
              `${label}: event ${i + 1} is earlier than event ${i}`,
            ).to.equal(true);
          }

          // the failure links to the step and to the started event just before it
          const failedIndex = events.findIndex(
            (e) =>
              e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED &&
              idOf(e.activityTaskFailedEventAttributes?.scheduledEventId) === step.scheduledEventId &&
              idOf(e.eventId) > prefix.length,
          );
          expect(failedIndex, label).to.equal(prefix.length + 1);
          const failed = events[failedIndex].activityTaskFailedEventAttributes!;
          const startedBefore = events[failedIndex - 1];
          expect(typeName(startedBefore), label).to.equal('EVENT_TYPE_ACTIVITY_TASK_STARTED');
          expect(idOf(startedBefore.activityTaskStartedEventAttributes!.scheduledEventId), label).to.equal(
            step.scheduledEventId,
          );
          expect(idOf(failed.startedEventId), label).to.equal(idOf(startedBefore.eventId));
          expect(idOf(failed.scheduledEventId), label).to.equal(step.scheduledEventId);
          expect(failed.retryState, label).to.equal(temporal.api.enums.v1.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
          expect(failed.failure?.applicationFailureInfo?.type, label).to.equal('InjectedFailure');
          expect(failed.failure?.applicationFailureInfo?.nonRetryable, label).to.equal(true);
          expect(failed.failure?.message, label).to.equal(`injected failure in ${step.activityType}`);
        }
      });

      it('inject leaves the loaded history as it was', () => {
        for (const step of steps) activityFailed.inject(step, history);
        expect(history.events).to.deep.equal(reference.events);
      });

      it('the kept prefix is the recorded events themselves (same objects)', () => {
        for (const step of steps) {
          const events = activityFailed.inject(step, history);
          for (let i = 0; i < step.scheduledEventId; i++)
            expect(events[i], `${stepLabel(step)} event ${i + 1}`).to.equal(history.events[i]);
        }
      });
    });
  }

  it('the constants the fault writes are the ones the recorder throws', () => {
    expect(INJECTED_FAILURE_TYPE).to.equal('InjectedFailure');
    expect(injectedFailureMessage('createTenantSchema')).to.equal('injected failure in createTenantSchema');
  });
});

describe('prefixThroughStep', () => {
  const happy = loadHistoryFile(`${CORPUS}/happy.json`);
  const steps = activitySteps(happy.events);

  it("on a one-command-per-task history, ends at the step's ActivityTaskScheduled", () => {
    // happy.json: the activities are scheduled at 5, 11, 17, 23, 29, 35 (one per workflow task)
    expect(steps.map((s) => prefixThroughStep(s, happy.events).length)).to.deep.equal([5, 11, 17, 23, 29, 35]);
  });

  it('keeps the other commands of the same workflow task', () => {
    // a copy of happy.json cut after event 17 with a timer written by the same task (WorkflowTaskCompleted 16)
    const events = happy.events.slice(0, 17);
    const builder = new HistoryBuilder(events);
    builder.timerStarted('cooldown', { seconds: long(5) });
    builder.activityStarted(17);
    const step = activitySteps(builder.events)[2];
    expect(step.activityType).to.equal('applyTenantMigrations');
    expect(prefixThroughStep(step, builder.events).map((e) => idOf(e.eventId))).to.deep.equal(
      Array.from({ length: 18 }, (_, i) => i + 1),
    );
  });
});

describe('HistoryBuilder', () => {
  const happy = loadHistoryFile(`${CORPUS}/happy.json`);
  /** happy.json through applyTenantMigrations' ActivityTaskScheduled (event 17; its task completed at 16). */
  const prefix = (): HistoryEvent[] => happy.events.slice(0, 17);

  function lastRecordedWorkflowTaskStarted(events: HistoryEvent[]) {
    const found = [...events].reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    if (!found) throw new Error('no WorkflowTaskStarted');
    return found;
  }

  it('appends activity, timer and workflow task events that pass validateEvents', () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    const started = builder.activityStarted(17);
    const completed = builder.activityCompleted(17, started, undefined);
    const task = builder.workflowTask();
    const timer = builder.timerStarted('backoff', { seconds: long(1) });
    builder.timerFired('backoff', timer);
    const task2 = builder.workflowTask();
    const scheduled = builder.activityScheduled({
      activityId: '99',
      activityType: { name: 'dropTenantSchema' },
      taskQueue: { name: 'q' },
      startToCloseTimeout: { seconds: long(30) },
    });
    const started2 = builder.activityStarted(scheduled);
    builder.activityCompleted(scheduled, started2, []);
    builder.workflowTask();

    expect([started, completed, task, timer, task2, scheduled]).to.deep.equal([18, 19, 22, 23, 27, 28]);
    expect(builder.events).to.have.length(33);
    expect(builder.lastId).to.equal(33);
    expect(() => validateEvents('built', builder.events)).to.not.throw();
    expect(builder.events.map((e) => idOf(e.eventId))).to.deep.equal(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(builder.events.slice(17).map((e) => EventType[e.eventType!])).to.deep.equal([
      'EVENT_TYPE_ACTIVITY_TASK_STARTED',
      'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_TIMER_STARTED',
      'EVENT_TYPE_TIMER_FIRED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      'EVENT_TYPE_ACTIVITY_TASK_STARTED',
      'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
    ]);
    for (let i = 17; i < builder.events.length; i++) {
      expect(
        nanosOf(builder.events[i]) > nanosOf(builder.events[i - 1]),
        `event ${i + 1} is not later than event ${i}`,
      ).to.equal(true);
    }
  });

  it('a scheduled activity or timer names the last WorkflowTaskCompleted as the task that wrote it', () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    expect(builder.lastWorkflowTaskCompletedId).to.equal(16);
    const timer = builder.timerStarted('t', { seconds: long(1) });
    expect(idOf(builder.events[timer - 1].timerStartedEventAttributes!.workflowTaskCompletedEventId)).to.equal(16);
    builder.timerFired('t', timer);
    const completed = builder.workflowTask();
    expect(completed).to.equal(22);
    expect(typeName(builder.events[21])).to.equal('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    const scheduled = builder.activityScheduled({
      activityId: 'x',
      activityType: { name: 'deleteTenantRecord' },
      workflowTaskCompletedEventId: long(3),
    });
    expect(
      idOf(builder.events[scheduled - 1].activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId),
    ).to.equal(22);
    expect(builder.events[scheduled - 1].activityTaskScheduledEventAttributes!.activityType!.name).to.equal(
      'deleteTenantRecord',
    );
  });

  it('the appended WorkflowTaskCompleted links to its scheduled and started events', () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    builder.activityCompleted(17, builder.activityStarted(17), undefined);
    const completedId = builder.workflowTask();
    const completed = builder.events[completedId - 1].workflowTaskCompletedEventAttributes!;
    expect(idOf(completed.scheduledEventId)).to.equal(completedId - 2);
    expect(idOf(completed.startedEventId)).to.equal(completedId - 1);
    expect(idOf(builder.events[completedId - 2].workflowTaskStartedEventAttributes!.scheduledEventId)).to.equal(
      completedId - 2,
    );
    expect(completed.identity).to.equal(FAULT_REPLAY_IDENTITY);
  });

  it('historySizeBytes of the appended WorkflowTaskStarted is greater than the recorded one before it', () => {
    for (const cut of [5, 17, 35]) {
      const events = happy.events.slice(0, cut);
      const recorded = idOf(
        lastRecordedWorkflowTaskStarted(events).workflowTaskStartedEventAttributes!.historySizeBytes,
      );
      expect(recorded, `cut ${cut}`).to.be.greaterThan(0);
      const builder = new HistoryBuilder(events, happy.events);
      builder.activityCompleted(cut, builder.activityStarted(cut), undefined);
      builder.workflowTask();
      const appended = idOf(
        lastRecordedWorkflowTaskStarted(builder.events).workflowTaskStartedEventAttributes!.historySizeBytes,
      );
      expect(appended, `cut ${cut}`).to.be.greaterThan(recorded);
    }
  });

  it('historySizeBytes grows with each workflow task appended', () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    builder.workflowTask();
    const first = idOf(
      lastRecordedWorkflowTaskStarted(builder.events).workflowTaskStartedEventAttributes!.historySizeBytes,
    );
    builder.workflowTask();
    const second = idOf(
      lastRecordedWorkflowTaskStarted(builder.events).workflowTaskStartedEventAttributes!.historySizeBytes,
    );
    expect(second).to.be.greaterThan(first);
  });

  it('the appended WorkflowTaskScheduled uses the recorded sticky task queue', () => {
    const recordedSticky = happy.events.find((e) => e.workflowTaskScheduledEventAttributes?.taskQueue?.kind === STICKY);
    expect(recordedSticky, 'happy.json has a sticky workflow task').to.not.equal(undefined);
    const stickyQueue = recordedSticky!.workflowTaskScheduledEventAttributes!.taskQueue!;
    expect(stickyQueue.name).to.match(/@/); // a worker's sticky queue: pid@host-uuid
    // cut at 5: the prefix holds only the first, normal-queue workflow task; the sticky one comes from the recorded rest
    for (const cut of [5, 17]) {
      const builder = new HistoryBuilder(happy.events.slice(0, cut), happy.events);
      const completed = builder.workflowTask();
      const scheduled = builder.events[completed - 3].workflowTaskScheduledEventAttributes!;
      expect(scheduled.taskQueue?.kind, `cut ${cut}`).to.equal(STICKY);
      expect(scheduled.taskQueue?.name, `cut ${cut}`).to.equal(stickyQueue.name);
      expect(scheduled.taskQueue?.normalName, `cut ${cut}`).to.equal(stickyQueue.normalName);
    }
  });

  it('inject on happy.json writes the sticky queue in its workflow task', () => {
    const step = activitySteps(happy.events)[0];
    const events = activityFailed.inject(step, happy);
    const scheduled = events[events.length - 2].workflowTaskScheduledEventAttributes!;
    expect(scheduled.taskQueue?.kind).to.equal(STICKY);
  });

  it("timerFired fires when the timer's duration has passed since it started (a 90 s timer: 90 s later)", () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    const timer = builder.timerStarted('backoff', { seconds: long(90) });
    const fired = builder.timerFired('backoff', timer);
    const elapsed = nanosOf(builder.events[fired - 1]) - nanosOf(builder.events[timer - 1]);
    // Within a microsecond: times pass through float milliseconds, which lose the recorded nanoseconds' last digits.
    expect(elapsed >= 90_000_000_000n - 1_000n && elapsed < 90_001_000_000n, `${elapsed} ns`).to.equal(true);
    expect(idOf(builder.events[fired - 1].timerFiredEventAttributes!.startedEventId)).to.equal(timer);
  });

  it('startWorkflowTask leaves the task open (scheduled, started); completeWorkflowTask closes it with the given SDK metadata', () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    builder.activityCompleted(17, builder.activityStarted(17), undefined);
    const started = builder.startWorkflowTask();
    expect(typeName(builder.events.at(-1))).to.equal('EVENT_TYPE_WORKFLOW_TASK_STARTED');
    expect(builder.lastId).to.equal(started);
    const completed = builder.completeWorkflowTask({ coreUsedFlags: [1, 3] });
    const attributes = builder.events[completed - 1].workflowTaskCompletedEventAttributes!;
    expect(idOf(attributes.startedEventId)).to.equal(started);
    expect(idOf(attributes.scheduledEventId)).to.equal(started - 1);
    expect(attributes.sdkMetadata).to.deep.equal({ coreUsedFlags: [1, 3] });
    expect(() => validateEvents('built', builder.events)).to.not.throw();
  });

  it('completeWorkflowTask with no open workflow task throws, naming the event', () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    expect(() => builder.completeWorkflowTask()).to.throw(/event 17 is not a WorkflowTaskStarted/);
  });

  it("activityStarted carries the attempt and the previous attempt's failure; timerCanceled links to its timer and task", () => {
    const builder = new HistoryBuilder(prefix(), happy.events);
    const lastFailure = { message: 'try again', applicationFailureInfo: { type: 'Flaky' } };
    const started = builder.activityStarted(17, 3, lastFailure);
    const attributes = builder.events[started - 1].activityTaskStartedEventAttributes!;
    expect(attributes.attempt).to.equal(3);
    expect(attributes.lastFailure).to.deep.equal(lastFailure);
    const timer = builder.timerStarted('t', { seconds: long(5) });
    const canceled = builder.timerCanceled('t', timer);
    const cancel = builder.events[canceled - 1].timerCanceledEventAttributes!;
    expect([idOf(cancel.startedEventId), idOf(cancel.workflowTaskCompletedEventId), cancel.timerId]).to.deep.equal([
      timer,
      16,
      't',
    ]);
  });

  it('appending does not change the prefix array it was given', () => {
    const events = prefix();
    const builder = new HistoryBuilder(events, happy.events);
    builder.workflowTask();
    expect(events).to.have.length(17);
    expect(builder.events).to.have.length(20);
  });

  it('times move forward by one millisecond an event, carrying into the seconds', () => {
    const start: HistoryEvent = { ...happy.events[0], eventTime: { seconds: long(100), nanos: 999_500_000 } };
    const builder = new HistoryBuilder([start]);
    builder.workflowTask();
    expect(builder.events.slice(1).map((e) => [idOf(e.eventTime!.seconds as Long), e.eventTime!.nanos])).to.deep.equal([
      [101, 500_000],
      [101, 1_500_000],
      [101, 2_500_000],
    ]);
  });
});
