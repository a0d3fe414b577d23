/**
 * What the real dev server showed for the transfer saga (issue 28; histories recorded by
 * `npm run record:transfer`): the correct saga's failure at every kind of step, and the faults
 * inside its compensation. The bug and correct variants: live-facts.variants.test.ts.
 */
import { expect } from 'chai';
import { TRANSFER_TASK_QUEUE } from '../fixtures/transfer/types';
import { closeEvent, LiveEvent, scheduledActivities } from '../support/live-history';
import { childWorkflows, localActivityMarkers, stepNamesAfter, timers } from '../support/live-steps';
import {
  ALL_UNDOS,
  closeFailure,
  expectSerialAndDone,
  firstOf,
  live,
  liveChild,
  markerAfter,
  statusSeenAfter,
} from './live-support';

const FORWARD = ['getTransferState', 'lockFxQuote', 'reserveDebit', 'reserveCredit', 'postLedger', 'settle'];

describe('transfer saga: what the live server showed for the correct saga', () => {
  it('happy: every step once, reserveDebit and reserveCredit in one task, the window timer fires, completes', () => {
    const events = live('happy');
    expect(stepNamesAfter(events)).to.deep.equal(FORWARD);
    const [debit, credit] = scheduledActivities(events).filter((a) => a.activity.startsWith('reserve'));
    expect(debit.task).to.equal(credit.task);
    expect(timers(events).map((t) => [t.startToFireTimeout, t.fired])).to.deep.equal([['1s', true]]);
    expect(childWorkflows(events).map((c) => [c.workflowType, c.taskQueue, c.parentClosePolicy])).to.deep.equal([
      ['postLedger', TRANSFER_TASK_QUEUE, 'PARENT_CLOSE_POLICY_TERMINATE'],
    ]);
    expect(closeEvent(events)?.type).to.equal('WORKFLOW_EXECUTION_COMPLETED');
  });

  const failures: Array<{
    name: string;
    fault: (events: LiveEvent[]) => LiveEvent;
    state: string;
    undos: string[];
    cause: string;
  }> = [
    { name: 'lockFxQuote', fault: (e) => failedMarker(e), state: 'NEW', undos: [], cause: 'InjectedFailure' },
    {
      name: 'lockFxQuote-retryable',
      fault: (e) => failedMarker(e),
      state: 'NEW',
      undos: [],
      cause: 'InjectedRetryableFailure',
    },
    {
      name: 'reserveDebit',
      fault: (e) => firstOf(e, 'ACTIVITY_TASK_FAILED'),
      state: 'RESERVED',
      undos: ['releaseCredit', 'unlockFxQuote'],
      cause: 'InjectedFailure',
    },
    {
      name: 'reserveCredit',
      fault: (e) => firstOf(e, 'ACTIVITY_TASK_FAILED'),
      state: 'RESERVED',
      undos: ['releaseDebit', 'unlockFxQuote'],
      cause: 'InjectedFailure',
    },
    {
      name: 'postLedger',
      fault: (e) => firstOf(e, 'CHILD_WORKFLOW_EXECUTION_FAILED'),
      state: 'RESERVED',
      undos: ALL_UNDOS.slice(1),
      cause: 'InjectedFailure',
    },
    {
      name: 'cancel-signal',
      fault: (e) => firstOf(e, 'WORKFLOW_EXECUTION_SIGNALED'),
      state: 'RESERVED',
      undos: ALL_UNDOS,
      cause: 'TransferCancelled',
    },
    {
      name: 'settle',
      fault: (e) => firstOf(e, 'ACTIVITY_TASK_FAILED'),
      state: 'RESERVED',
      undos: ALL_UNDOS,
      cause: 'InjectedFailure',
    },
    {
      name: 'settle-timeout',
      fault: (e) => firstOf(e, 'ACTIVITY_TASK_TIMED_OUT'),
      state: 'RESERVED',
      undos: ALL_UNDOS,
      cause: 'TimeoutFailure',
    },
    {
      name: 'settle-retryable',
      fault: (e) => firstOf(e, 'ACTIVITY_TASK_FAILED'),
      state: 'RESERVED',
      undos: ALL_UNDOS,
      cause: 'InjectedRetryableFailure',
    },
  ];
  for (const { name, fault, state, undos, cause } of failures) {
    it(`fails at ${name}: the status check says ${state}, undoes ${undos.join(', ') || 'nothing'} in reverse, one task each, then notifyFailure, fails with TransferFailed`, () => {
      const events = live(`live-correct-${name}`);
      const at = fault(events).id;
      expect(stepNamesAfter(events, at)).to.deep.equal(['getTransferState', ...undos, 'notifyFailure']);
      expect(statusSeenAfter(events, at)).to.equal(state);
      expectSerialAndDone(events, at);
      const failure = closeFailure(events);
      expect(failure.applicationFailureInfo).to.deep.equal({ type: 'TransferFailed', nonRetryable: true });
      expect(causeType(failure.cause)).to.equal(cause);
    });
  }

  it('a failing local activity reaches the workflow as its own ApplicationFailure, an activity failure wrapped in an ActivityFailure', () => {
    expect(closeFailure(live('live-correct-lockFxQuote')).cause).to.not.have.property('activityFailureInfo');
    expect(closeFailure(live('live-correct-reserveDebit')).cause).to.have.property('activityFailureInfo');
  });

  it('local retries exhausted at lockFxQuote: the marker says attempt 3 with the retryable failure', () => {
    const marker = localActivityMarkers(live('live-correct-lockFxQuote-retryable'))[0];
    expect([marker.activity, marker.attempt, marker.failure?.applicationFailureInfo]).to.deep.equal([
      'lockFxQuote',
      3,
      { type: 'InjectedRetryableFailure' },
    ]);
    expect(localActivityMarkers(live('live-correct-lockFxQuote'))[0].attempt).to.equal(1);
  });

  it('cancel-signal: the signal arrives while the 1 s window timer runs; the timer is cancelled in the first rollback task', () => {
    const events = live('live-correct-cancel-signal');
    const [window] = timers(events);
    const signal = firstOf(events, 'WORKFLOW_EXECUTION_SIGNALED');
    expect(signal.attributes.signalName).to.equal('cancelTransfer');
    expect(signal.id).to.be.greaterThan(window.startedId);
    expect([window.fired, window.canceled]).to.deep.equal([false, true]);
    const canceled = firstOf(events, 'TIMER_CANCELED');
    const check = scheduledActivities(events).find(
      (a) => a.activity === 'getTransferState' && a.scheduledId > signal.id,
    )!;
    expect(Number(canceled.attributes.workflowTaskCompletedEventId)).to.equal(check.task);
    expect(scheduledActivities(events).map((a) => a.activity)).to.not.include('settle');
  });

  it('settle times out (start-to-close 2 s, one attempt): TimedOut with MAXIMUM_ATTEMPTS_REACHED', () => {
    const timedOut = firstOf(live('live-correct-settle-timeout'), 'ACTIVITY_TASK_TIMED_OUT');
    expect(timedOut.attributes.retryState).to.equal('RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED');
    expect(timedOut.attributes.failure.timeoutFailureInfo.timeoutType).to.equal('TIMEOUT_TYPE_START_TO_CLOSE');
  });

  it('settle retries exhausted at maximumAttempts 1: attempt 1 of 1, MAXIMUM_ATTEMPTS_REACHED, a retryable failure; still compensates', () => {
    const events = live('live-correct-settle-retryable');
    const fault = firstOf(events, 'ACTIVITY_TASK_FAILED');
    expect(events.find((e) => e.id === Number(fault.attributes.startedEventId))!.attributes.attempt).to.equal(1);
    expect(fault.attributes.retryState).to.equal('RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED');
    expect(fault.attributes.failure.applicationFailureInfo).to.deep.equal({ type: 'InjectedRetryableFailure' });
  });

  it('settle: the reverseLedger child completes (its eraseLedger too) before releaseCredit is scheduled', () => {
    const events = live('live-correct-settle');
    const reverse = childWorkflows(events).find((c) => c.workflowType === 'reverseLedger')!;
    const releaseCredit = scheduledActivities(events).find((a) => a.activity === 'releaseCredit')!;
    expect(reverse.closedBy?.type).to.equal('CHILD_WORKFLOW_EXECUTION_COMPLETED');
    expect(reverse.closedBy!.id).to.be.lessThan(releaseCredit.scheduledId);
    const child = liveChild('live-correct-settle.reverseLedger');
    expect(scheduledActivities(child).map((a) => [a.activity, a.completed])).to.deep.equal([['eraseLedger', true]]);
    expect(closeEvent(child)?.type).to.equal('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('workflow cancelled while settle runs: settle still completes, the status check says SETTLED, no undo and no notifyFailure', () => {
    const events = live('live-correct-settle-workflow-cancel');
    const requested = firstOf(events, 'WORKFLOW_EXECUTION_CANCEL_REQUESTED');
    const settle = scheduledActivities(events).find((a) => a.activity === 'settle')!;
    expect(settle.scheduledId).to.be.lessThan(requested.id);
    expect(settle.completed).to.equal(true);
    expect(firstOf(events, 'ACTIVITY_TASK_CANCEL_REQUESTED').attributes.scheduledEventId).to.equal(
      String(settle.scheduledId),
    );
    expect(statusSeenAfter(events, requested.id)).to.equal('SETTLED');
    expect(stepNamesAfter(events, requested.id)).to.deep.equal(['getTransferState']);
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
  });

  describe('faults inside the compensation', () => {
    it('reserveCredit fails and releaseDebit fails too: unlockFxQuote and notifyFailure still run', () => {
      const events = live('live-correct-reserveCredit-also-releaseDebit');
      const fault = firstOf(events, 'ACTIVITY_TASK_FAILED');
      expect(stepNamesAfter(events, fault.id)).to.deep.equal([
        'getTransferState',
        'releaseDebit',
        'unlockFxQuote',
        'notifyFailure',
      ]);
      const undos = scheduledActivities(events).filter((a) => a.scheduledId > fault.id);
      expect(undos.map((a) => [a.activity, a.completed])).to.deep.equal([
        ['getTransferState', true],
        ['releaseDebit', false],
        ['notifyFailure', true],
      ]);
      expect(markerAfter(events, 'unlockFxQuote', fault.id).failure).to.equal(undefined);
      expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    });

    it('unlockFxQuote fails once: the local retry unlocks it (attempt 2, no failure)', () => {
      const events = live('live-correct-reserveDebit-once-unlockFxQuote');
      const marker = markerAfter(events, 'unlockFxQuote', firstOf(events, 'ACTIVITY_TASK_FAILED').id);
      expect([marker.attempt, marker.failure]).to.deep.equal([2, undefined]);
    });

    it('the reverseLedger child fails: releaseCredit, releaseDebit, unlockFxQuote and notifyFailure still run', () => {
      const events = live('live-correct-settle-also-reverseLedger');
      const fault = firstOf(events, 'ACTIVITY_TASK_FAILED');
      expect(stepNamesAfter(events, fault.id)).to.deep.equal(['getTransferState', ...ALL_UNDOS, 'notifyFailure']);
      expect(childWorkflows(events).find((c) => c.workflowType === 'reverseLedger')!.closedBy?.type).to.equal(
        'CHILD_WORKFLOW_EXECUTION_FAILED',
      );
      expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    });
  });
});

function failedMarker(events: LiveEvent[]): LiveEvent {
  const marker = localActivityMarkers(events).find((m) => m.failure);
  if (!marker) throw new Error('no local activity marker carries a failure');
  return events.find((e) => e.id === marker.markerId)!;
}

/** The type of a failure as the workflow saw it: an application failure's type, through an ActivityFailure or a child failure. */
function causeType(failure: Record<string, any>): string {
  if (failure.applicationFailureInfo) return failure.applicationFailureInfo.type;
  if (failure.timeoutFailureInfo) return 'TimeoutFailure';
  return causeType(failure.cause);
}
