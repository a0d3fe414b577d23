import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { activitySteps, historySteps } from '../../src/steps/steps';
import { notApplicableAt } from '../../src/faults/fault';
import { faultKind } from '../../src/faults/registry';
import { planFaultReplay } from '../../src/run';

const HAPPY = 'histories/travel-booking/happy.json';

/** The raw file, untouched by the loader: the expectations come from here. */
function rawEvents(file: string): Array<Record<string, any>> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { events: Array<Record<string, any>> }).events;
}

describe('steps of four kinds: activities, child workflows, local activities, timers', () => {
  const history = loadHistoryFile(HAPPY);
  const raw = rawEvents(HAPPY);

  it('every ActivityTaskScheduled, StartChildWorkflowExecutionInitiated, core_local_activity marker and TimerStarted is a step, in event order', () => {
    const expected = raw.flatMap((event) => {
      if (event.activityTaskScheduledEventAttributes)
        return [[Number(event.eventId), 'activity', event.activityTaskScheduledEventAttributes.activityType.name]];
      if (event.startChildWorkflowExecutionInitiatedEventAttributes)
        return [
          [
            Number(event.eventId),
            'child-workflow',
            event.startChildWorkflowExecutionInitiatedEventAttributes.workflowType.name,
          ],
        ];
      if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
        const data = JSON.parse(
          Buffer.from(event.markerRecordedEventAttributes.details.data.payloads[0].data, 'base64').toString('utf8'),
        );
        return [[Number(event.eventId), 'local-activity', data.activity_type]];
      }
      if (event.timerStartedEventAttributes)
        return [
          [
            Number(event.eventId),
            'timer',
            `timer(${parseFloat(event.timerStartedEventAttributes.startToFireTimeout)}s)`,
          ],
        ];
      return [];
    });
    expect(expected.map((e) => e[1])).to.deep.equal([
      'local-activity',
      'activity',
      'child-workflow',
      'timer',
      'activity',
    ]);
    const steps = historySteps(history.events);
    expect(steps.map((s) => [s.scheduledEventId, s.kind ?? 'activity', s.activityType])).to.deep.equal(expected);
    expect(steps.map((s) => s.index)).to.deep.equal([1, 2, 3, 4, 5]);
    const fired = raw.find((e) => e.timerFiredEventAttributes)!;
    expect(steps[3]).to.deep.include({
      activityId: '1',
      closeEventId: Number(fired.eventId),
      closeEventType: 'TimerFired',
    });
  });

  it('a child step links its started and close events and carries its timeouts; a local activity step its marker', () => {
    const [local, , child] = historySteps(history.events);
    const initiated = raw.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)!;
    const started = raw.find((e) => e.childWorkflowExecutionStartedEventAttributes)!;
    const closed = raw.find((e) => e.childWorkflowExecutionCompletedEventAttributes)!;
    expect(child).to.deep.include({
      activityId: initiated.startChildWorkflowExecutionInitiatedEventAttributes.workflowId,
      startedEventId: Number(started.eventId),
      closeEventId: Number(closed.eventId),
      closeEventType: 'ChildWorkflowExecutionCompleted',
      childTimeouts: { execution: 30, run: 30 },
    });
    expect(local).to.deep.include({
      kind: 'local-activity',
      activityId: '1',
      closeEventType: 'LocalActivityCompleted',
      scheduledByTaskEventId: 4,
    });
  });

  it('activity steps read as they always did (no kind field): activitySteps is unchanged for activity-only histories', () => {
    const provisioning = loadHistoryFile('histories/tenant-provisioning/happy.json');
    expect(historySteps(provisioning.events)).to.deep.equal(activitySteps(provisioning.events));
    expect(activitySteps(provisioning.events).every((s) => !('kind' in s))).to.equal(true);
  });
});

describe('a fault kind at a step of a kind it does not hit is not applicable, with the reason', () => {
  const history = loadHistoryFile(HAPPY);
  const [local, activity, child] = historySteps(history.events);

  it('names the step kind and the kinds the fault hits', () => {
    expect(notApplicableAt(faultKind('activity-failed'), child, history)).to.equal(
      'the step is a child workflow: activity-failed hits activities only',
    );
    expect(notApplicableAt(faultKind('child-failed'), activity, history)).to.equal(
      'the step is an activity: child-failed hits child workflows only',
    );
    expect(notApplicableAt(faultKind('child-timeout'), local, history)).to.equal(
      'the step is a local activity: child-timeout hits child workflows only',
    );
    expect(notApplicableAt(faultKind('local-activity-failed'), local, history)).to.equal(undefined);
    expect(notApplicableAt(faultKind('child-timeout'), child, history)).to.equal(undefined);
  });

  it('the plan leaves out a kind that hits no step of a history (an activity-only history keeps its columns)', () => {
    const plan = planFaultReplay({ histories: ['histories/tenant-provisioning/happy.json', HAPPY] });
    const kindsOf = (file: string) => [
      ...new Set(plan.scenarios.filter((s) => s.history.file === file).map((s) => s.fault.name)),
    ];
    expect(kindsOf('histories/tenant-provisioning/happy.json')).to.not.include.members(['child-failed']);
    expect(kindsOf('histories/tenant-provisioning/happy.json')).to.not.include('local-activity-failed');
    expect(kindsOf(HAPPY)).to.include.members([
      'activity-failed',
      'child-failed',
      'child-timeout',
      'child-terminated',
      'child-canceled',
      'local-activity-failed',
    ]);
  });
});
