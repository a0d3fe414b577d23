import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps, stepLabel, ActivityStep } from '../../src/steps/steps';

const CORPUS = 'histories/tenant-provisioning';

interface RawEvent {
  eventId: string;
  eventType: string;
  [key: string]: unknown;
}

interface RawLinks {
  scheduledEventId?: string;
  activityId?: string;
  activityType?: { name: string };
}

/** The file as JSON, untouched by the loader: expectations come from here, not from the code under test. */
function rawEvents(file: string): RawEvent[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { events: RawEvent[] }).events;
}

function attrs(event: RawEvent, key: string): RawLinks {
  return event[key] as RawLinks;
}

/** For each ActivityTaskScheduled in the raw file: its id and the ids of the started/close events linked to it. */
function rawActivityIds(file: string) {
  const events = rawEvents(file);
  return events
    .filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')
    .map((scheduled) => {
      const id = scheduled.eventId;
      const a = attrs(scheduled, 'activityTaskScheduledEventAttributes');
      const started = events.find(
        (e) =>
          e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_STARTED' &&
          attrs(e, 'activityTaskStartedEventAttributes').scheduledEventId === id,
      );
      const closed = events.find(
        (e) =>
          ['EVENT_TYPE_ACTIVITY_TASK_COMPLETED', 'EVENT_TYPE_ACTIVITY_TASK_FAILED'].includes(e.eventType) &&
          (attrs(e, 'activityTaskCompletedEventAttributes') ?? attrs(e, 'activityTaskFailedEventAttributes'))
            .scheduledEventId === id,
      );
      return {
        activityType: a.activityType!.name,
        activityId: a.activityId!,
        scheduledEventId: Number(id),
        startedEventId: started && Number(started.eventId),
        closeEventId: closed && Number(closed.eventId),
        closeRawType: closed?.eventType,
      };
    });
}

describe('activitySteps', () => {
  describe('on happy.json', () => {
    const file = `${CORPUS}/happy.json`;
    const steps = activitySteps(loadHistoryFile(file).events);
    const raw = rawActivityIds(file);

    it('finds the six forward steps, in order, indexed from 1', () => {
      expect(steps.map((s) => [s.index, s.activityType])).to.deep.equal([
        [1, 'createTenantRecord'],
        [2, 'createTenantSchema'],
        [3, 'applyTenantMigrations'],
        [4, 'createOwnerMembership'],
        [5, 'seedDefaultSettings'],
        [6, 'sendWelcomeEmail'],
      ]);
    });

    it('gives activity ids "1".."6"', () => {
      expect(steps.map((s) => s.activityId)).to.deep.equal(['1', '2', '3', '4', '5', '6']);
    });

    it('the raw file agrees on the six scheduled activities (sanity check of the expectations)', () => {
      expect(raw).to.have.length(6);
      expect(raw.map((r) => r.activityType)).to.deep.equal(steps.map((s) => s.activityType));
      expect(raw.every((r) => r.startedEventId !== undefined && r.closeEventId !== undefined)).to.equal(true);
    });

    it('links each step to the scheduled, started and close event ids of the file', () => {
      expect(
        steps.map((s) => ({
          activityId: s.activityId,
          scheduled: s.scheduledEventId,
          started: s.startedEventId,
          close: s.closeEventId,
        })),
      ).to.deep.equal(
        raw.map((r) => ({
          activityId: r.activityId,
          scheduled: r.scheduledEventId,
          started: r.startedEventId,
          close: r.closeEventId,
        })),
      );
    });

    it('has the well-known event ids of a one-activity-per-task history (5/6/7, then every 6 events)', () => {
      expect(steps.map((s) => [s.scheduledEventId, s.startedEventId, s.closeEventId])).to.deep.equal([
        [5, 6, 7],
        [11, 12, 13],
        [17, 18, 19],
        [23, 24, 25],
        [29, 30, 31],
        [35, 36, 37],
      ]);
    });

    it('every step closed with ActivityTaskCompleted', () => {
      expect(raw.map((r) => r.closeRawType)).to.deep.equal(Array(6).fill('EVENT_TYPE_ACTIVITY_TASK_COMPLETED'));
      expect(steps.map((s) => s.closeEventType)).to.deep.equal(Array(6).fill('ActivityTaskCompleted'));
    });

    it('carries the retry policy: maximumAttempts 3 and the non-retryable error types', () => {
      for (const step of steps) {
        expect(step.retryPolicy, stepLabel(step)).to.not.equal(undefined);
        expect(step.retryPolicy!.maximumAttempts, stepLabel(step)).to.equal(3);
        expect(step.retryPolicy!.nonRetryableErrorTypes, stepLabel(step)).to.deep.equal([
          'InjectedFailure',
          'ValidationError',
        ]);
      }
    });

    it('reads the timeouts in seconds: startToClose 30, the unset ones 0', () => {
      for (const step of steps) {
        expect(step.timeouts, stepLabel(step)).to.deep.equal({
          scheduleToClose: 0,
          scheduleToStart: 0,
          startToClose: 30,
          heartbeat: 0,
        });
      }
    });
  });

  describe('on real-failure-createOwnerMembership.json', () => {
    const file = `${CORPUS}/real-failure-createOwnerMembership.json`;
    const steps = activitySteps(loadHistoryFile(file).events);
    const raw = rawActivityIds(file);

    it('the failed step closes with ActivityTaskFailed', () => {
      const failed = steps.find((s) => s.activityType === 'createOwnerMembership')!;
      expect(failed.index).to.equal(4);
      expect(failed.closeEventType).to.equal('ActivityTaskFailed');
      const rawFailed = raw.find((r) => r.activityType === 'createOwnerMembership')!;
      expect(rawFailed.closeRawType).to.equal('EVENT_TYPE_ACTIVITY_TASK_FAILED');
      expect(failed.closeEventId).to.equal(rawFailed.closeEventId);
      expect(failed.startedEventId).to.equal(rawFailed.startedEventId);
    });

    it('the forward steps before it completed; the compensations follow in reverse order and completed', () => {
      expect(steps.map((s) => [s.index, s.activityType, s.closeEventType])).to.deep.equal([
        [1, 'createTenantRecord', 'ActivityTaskCompleted'],
        [2, 'createTenantSchema', 'ActivityTaskCompleted'],
        [3, 'applyTenantMigrations', 'ActivityTaskCompleted'],
        [4, 'createOwnerMembership', 'ActivityTaskFailed'],
        [5, 'revertTenantMigrations', 'ActivityTaskCompleted'],
        [6, 'dropTenantSchema', 'ActivityTaskCompleted'],
        [7, 'deleteTenantRecord', 'ActivityTaskCompleted'],
        [8, 'markTenantFailed', 'ActivityTaskCompleted'],
      ]);
    });

    it('links every step to the event ids of the file', () => {
      expect(steps.map((s) => [s.activityId, s.scheduledEventId, s.startedEventId, s.closeEventId])).to.deep.equal(
        raw.map((r) => [r.activityId, r.scheduledEventId, r.startedEventId, r.closeEventId]),
      );
    });
  });

  describe('on a history cut short', () => {
    const events = loadHistoryFile(`${CORPUS}/happy.json`).events;

    it('a history ending just after a scheduled event gives an open step with no started or close event', () => {
      // event 17 is applyTenantMigrations' ActivityTaskScheduled in happy.json
      const rawIds = rawEvents(`${CORPUS}/happy.json`);
      expect(rawIds[16].eventType).to.equal('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
      const steps = activitySteps(events.slice(0, 17));
      expect(steps).to.have.length(3);
      const open = steps[2];
      expect(open.activityType).to.equal('applyTenantMigrations');
      expect(open.scheduledEventId).to.equal(17);
      expect(open.startedEventId).to.equal(undefined);
      expect(open.closeEventId).to.equal(undefined);
      expect(open.closeEventType).to.equal(undefined);
      expect(steps[1].closeEventId).to.equal(13);
    });

    it('a history ending after the started event gives a started step with no close', () => {
      const steps = activitySteps(events.slice(0, 18));
      const open = steps[2];
      expect(open.startedEventId).to.equal(18);
      expect(open.closeEventId).to.equal(undefined);
      expect(open.closeEventType).to.equal(undefined);
    });

    it('no events, no steps', () => {
      expect(activitySteps([])).to.deep.equal([]);
    });
  });
});

describe('activitySteps: the workflow task that scheduled each step', () => {
  it('parallel undos share their task (order-fulfilment, createShipment failed); serial steps do not', () => {
    const file = 'histories/order-fulfilment/real-failure-createShipment.json';
    const raw = rawEvents(file).filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    const expected = raw.map((e) =>
      Number(
        (e.activityTaskScheduledEventAttributes as { workflowTaskCompletedEventId: string })
          .workflowTaskCompletedEventId,
      ),
    );
    const steps = activitySteps(loadHistoryFile(file).events);
    expect(steps.map((s) => s.scheduledByTaskEventId)).to.deep.equal(expected);
    const undoTasks = steps
      .filter((s) => ['releaseStock', 'refundPayment', 'cancelShipment'].includes(s.activityType))
      .map((s) => s.scheduledByTaskEventId);
    expect(new Set(undoTasks).size).to.equal(1);
    expect(new Set(steps.slice(0, 3).map((s) => s.scheduledByTaskEventId)).size).to.equal(3);
  });
});

describe('stepLabel', () => {
  it('is index:activityType', () => {
    const step: ActivityStep = {
      index: 3,
      activityType: 'applyTenantMigrations',
      activityId: '3',
      scheduledEventId: 17,
      timeouts: { scheduleToClose: 0, scheduleToStart: 0, startToClose: 30, heartbeat: 0 },
    };
    expect(stepLabel(step)).to.equal('3:applyTenantMigrations');
  });

  it('labels the happy history steps', () => {
    const steps = activitySteps(loadHistoryFile(`${CORPUS}/happy.json`).events);
    expect(steps.map(stepLabel)).to.deep.equal([
      '1:createTenantRecord',
      '2:createTenantSchema',
      '3:applyTenantMigrations',
      '4:createOwnerMembership',
      '5:seedDefaultSettings',
      '6:sendWelcomeEmail',
    ]);
  });
});
