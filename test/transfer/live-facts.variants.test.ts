/**
 * What the real dev server showed for each transfer-saga variant (issue 28; histories recorded by
 * `npm run record:transfer`). Each fact is checked on the variant's history and, where it
 * discriminates, its opposite on the correct saga's history of the same fault: these are the live
 * counterparts the tool's verdicts must agree with.
 */
import { expect } from 'chai';
import { TRANSFER_TASK_QUEUE, UNPOLLED_TASK_QUEUE } from '../fixtures/transfer/types';
import { closeEvent, eventsOfType, LiveEvent, scheduledActivities } from '../support/live-history';
import { ChildWorkflow, childWorkflows, stepNamesAfter, timers } from '../support/live-steps';
import { ALL_UNDOS, closeFailure, firstOf, live, liveChild, markerAfter, statusSeenAfter } from './live-support';

const correctSettle = live('live-correct-settle');
const reverseLedger = (events: LiveEvent[]): ChildWorkflow =>
  childWorkflows(events).find((c) => c.workflowType === 'reverseLedger')!;

describe('transfer variants: what the live server showed', () => {
  it('child-undo-unpolled-queue: reverseLedger starts on a queue nobody polls, never runs, the parent never closes', () => {
    const events = live('live-child-undo-unpolled-queue-settle-open');
    const child = reverseLedger(events);
    expect([child.taskQueue, child.started, child.closedBy]).to.deep.equal([UNPOLLED_TASK_QUEUE, true, undefined]);
    expect(stepNamesAfter(events, child.initiatedId)).to.deep.equal([]);
    expect(closeEvent(events)).to.equal(undefined);
    const own = liveChild('live-child-undo-unpolled-queue-settle-open.reverseLedger');
    expect(eventsOfType(own, 'WORKFLOW_TASK_STARTED')).to.deep.equal([]);
    expect(reverseLedger(correctSettle).taskQueue).to.equal(TRANSFER_TASK_QUEUE);
  });

  it('child-undo-not-awaited: reverseLedger never completes before the parent closes; the parent close policy terminates it, eraseLedger never completes', () => {
    const events = live('live-child-undo-not-awaited-settle');
    const child = reverseLedger(events);
    expect([child.started, child.closedBy, child.parentClosePolicy]).to.deep.equal([
      true,
      undefined,
      'PARENT_CLOSE_POLICY_TERMINATE',
    ]);
    expect(stepNamesAfter(events, child.initiatedId)).to.deep.equal(ALL_UNDOS.slice(1).concat('notifyFailure'));
    const parentClose = closeEvent(events)!;
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    const own = liveChild('live-child-undo-not-awaited-settle.reverseLedger');
    expect(scheduledActivities(own).map((a) => [a.activity, a.completed])).to.deep.equal([['eraseLedger', false]]);
    const terminated = closeEvent(own)!;
    expect([terminated.type, terminated.attributes.reason]).to.deep.equal([
      'WORKFLOW_EXECUTION_TERMINATED',
      'by parent close policy',
    ]);
    expect(terminated.time).to.be.at.least(parentClose.time);
    const awaited = reverseLedger(correctSettle);
    expect(awaited.closedBy?.type).to.equal('CHILD_WORKFLOW_EXECUTION_COMPLETED');
    expect(awaited.closedBy!.id).to.be.lessThan(
      scheduledActivities(correctSettle).find((a) => a.activity === 'releaseCredit')!.scheduledId,
    );
  });

  it('child-undo-crashes: reverseLedger starts on the parent’s queue, its first workflow task fails with a TypeError, it never closes on its own; nothing after it is scheduled, the parent never closes', () => {
    const events = live('live-child-undo-crashes-settle-open');
    const child = reverseLedger(events);
    expect([child.taskQueue, child.started, child.closedBy]).to.deep.equal([TRANSFER_TASK_QUEUE, true, undefined]);
    expect(stepNamesAfter(events, child.initiatedId)).to.deep.equal([]);
    expect(closeEvent(events)).to.equal(undefined);
    const own = liveChild('live-child-undo-crashes-settle-open.reverseLedger');
    const failed = firstOf(own, 'WORKFLOW_TASK_FAILED');
    expect(failed.attributes.failure.message).to.equal("Cannot read properties of undefined (reading 'id')");
    expect(scheduledActivities(own)).to.deep.equal([]);
    expect([closeEvent(own)!.type, closeEvent(own)!.attributes.reason]).to.deep.equal([
      'WORKFLOW_EXECUTION_TERMINATED',
      'by parent close policy',
    ]);
    expect(reverseLedger(correctSettle).closedBy?.type, 'the correct child undo completes').to.equal(
      'CHILD_WORKFLOW_EXECUTION_COMPLETED',
    );
  });

  it('child-undo-crashes-timeout: the crashing reverseLedger, started with a 3 s execution timeout, times out; the parent goes on with the other undos and fails as the correct saga does', () => {
    const events = live('live-child-undo-crashes-timeout-settle');
    const child = reverseLedger(events);
    expect(child.closedBy?.type).to.equal('CHILD_WORKFLOW_EXECUTION_TIMED_OUT');
    expect(child.closedBy!.attributes.retryState).to.equal('RETRY_STATE_TIMEOUT');
    expect(stepNamesAfter(events, child.initiatedId)).to.deep.equal(
      stepNamesAfter(correctSettle, reverseLedger(correctSettle).initiatedId),
    );
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    const own = liveChild('live-child-undo-crashes-timeout-settle.reverseLedger');
    expect(firstOf(own, 'WORKFLOW_TASK_FAILED').attributes.failure.message).to.equal(
      "Cannot read properties of undefined (reading 'id')",
    );
  });

  it('child-undo-forgets-await: reverseLedger completes at once with eraseLedger scheduled and never started; the parent goes on and fails as the correct saga does', () => {
    const events = live('live-child-undo-forgets-await-settle');
    expect(reverseLedger(events).closedBy?.type).to.equal('CHILD_WORKFLOW_EXECUTION_COMPLETED');
    expect(stepNamesAfter(events, reverseLedger(events).initiatedId)).to.deep.equal(
      stepNamesAfter(correctSettle, reverseLedger(correctSettle).initiatedId),
    );
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    const own = liveChild('live-child-undo-forgets-await-settle.reverseLedger');
    expect(scheduledActivities(own).map((a) => [a.activity, a.completed])).to.deep.equal([['eraseLedger', false]]);
    expect(eventsOfType(own, 'ACTIVITY_TASK_STARTED')).to.deep.equal([]);
    expect(closeEvent(own)!.type).to.equal('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('child-undo-rejects: reverseLedger fails (LedgerLocked) without erasing; the parent catches it, runs the other undos and fails as the correct saga does', () => {
    const events = live('live-child-undo-rejects-settle');
    const child = reverseLedger(events);
    expect(child.closedBy?.type).to.equal('CHILD_WORKFLOW_EXECUTION_FAILED');
    expect(child.closedBy!.attributes.failure.message).to.equal('ledger entry le-t-1 is locked');
    expect(stepNamesAfter(events, child.initiatedId)).to.deep.equal(
      stepNamesAfter(correctSettle, reverseLedger(correctSettle).initiatedId),
    );
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    expect(scheduledActivities(liveChild('live-child-undo-rejects-settle.reverseLedger'))).to.deep.equal([]);
  });

  it('local-undo-wrong-arg: the unlockFxQuote marker carries a failure (unknown quote t-1: the transfer id); the rollback goes on', () => {
    const events = live('live-local-undo-wrong-arg-reserveDebit');
    const fault = firstOf(events, 'ACTIVITY_TASK_FAILED');
    const marker = markerAfter(events, 'unlockFxQuote', fault.id);
    expect(marker.failure?.message).to.equal('unknown FX quote t-1');
    expect(marker.failure?.applicationFailureInfo).to.deep.equal({ type: 'UnknownQuote', nonRetryable: true });
    expect(stepNamesAfter(events, fault.id)).to.deep.equal([
      'getTransferState',
      'releaseCredit',
      'unlockFxQuote',
      'notifyFailure',
    ]);
    const correct = live('live-correct-reserveDebit');
    expect(markerAfter(correct, 'unlockFxQuote', firstOf(correct, 'ACTIVITY_TASK_FAILED').id).failure).to.equal(
      undefined,
    );
  });

  it('local-undo-no-retry: unlockFxQuote fails once and is not retried (attempt 1, the retryable failure); the correct saga retries and unlocks', () => {
    const events = live('live-local-undo-no-retry-reserveDebit-once-unlockFxQuote');
    const marker = markerAfter(events, 'unlockFxQuote', firstOf(events, 'ACTIVITY_TASK_FAILED').id);
    expect([marker.attempt, marker.failure?.applicationFailureInfo]).to.deep.equal([
      1,
      { type: 'InjectedRetryableFailure' },
    ]);
    const correct = live('live-correct-reserveDebit-once-unlockFxQuote');
    const retried = markerAfter(correct, 'unlockFxQuote', firstOf(correct, 'ACTIVITY_TASK_FAILED').id);
    expect([retried.attempt, retried.failure]).to.deep.equal([2, undefined]);
  });

  it('failing-child-undo-stops: reverseLedger fails, nothing after it is scheduled, the workflow fails with the child failure', () => {
    const events = live('live-failing-child-undo-stops-settle-also-reverseLedger');
    const failed = reverseLedger(events).closedBy!;
    expect(failed.type).to.equal('CHILD_WORKFLOW_EXECUTION_FAILED');
    expect(stepNamesAfter(events, failed.id)).to.deep.equal([]);
    expect(closeFailure(events)).to.have.property('childWorkflowExecutionFailureInfo');
    const correct = live('live-correct-settle-also-reverseLedger');
    expect(stepNamesAfter(correct, reverseLedger(correct).closedBy!.id)).to.deep.equal([
      'releaseCredit',
      'releaseDebit',
      'unlockFxQuote',
      'notifyFailure',
    ]);
  });

  it('status-check-wrong-state: after the settle timeout the state is RESERVED and no undo runs (no releaseDebit/releaseCredit)', () => {
    const events = live('live-status-check-wrong-state-settle-timeout');
    const fault = firstOf(events, 'ACTIVITY_TASK_TIMED_OUT');
    expect(statusSeenAfter(events, fault.id)).to.equal('RESERVED');
    expect(stepNamesAfter(events, fault.id)).to.deep.equal(['getTransferState']);
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    const correct = live('live-correct-settle-timeout');
    const correctFault = firstOf(correct, 'ACTIVITY_TASK_TIMED_OUT');
    expect(statusSeenAfter(correct, correctFault.id)).to.equal('RESERVED');
    expect(stepNamesAfter(correct, correctFault.id)).to.include.members(['releaseDebit', 'releaseCredit']);
  });

  it('skip-on-exhausted: settle attempt 1 of 1, RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED, no status check and no undo', () => {
    const events = live('live-skip-on-exhausted-settle-retryable');
    const fault = firstOf(events, 'ACTIVITY_TASK_FAILED');
    expect(events.find((e) => e.id === Number(fault.attributes.startedEventId))!.attributes.attempt).to.equal(1);
    expect(fault.attributes.retryState).to.equal('RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED');
    expect(stepNamesAfter(events, fault.id)).to.deep.equal([]);
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    const correct = live('live-correct-settle-retryable');
    expect(stepNamesAfter(correct, firstOf(correct, 'ACTIVITY_TASK_FAILED').id)).to.deep.equal([
      'getTransferState',
      ...ALL_UNDOS,
      'notifyFailure',
    ]);
  });

  it('undo-timer-race (correct): compensates and fails with TransferFailed; a 1 minute timer per undo is still pending at the close', () => {
    const events = live('live-undo-timer-race-settle');
    const fault = firstOf(events, 'ACTIVITY_TASK_FAILED');
    expect(stepNamesAfter(events, fault.id)).to.deep.equal(['getTransferState', ...ALL_UNDOS, 'notifyFailure']);
    const raced = timers(events).filter((t) => t.startedId > fault.id);
    expect(raced.map((t) => [t.startToFireTimeout, t.fired, t.canceled])).to.deep.equal(
      ALL_UNDOS.map(() => ['60s', false, false]),
    );
    expect(closeFailure(events).applicationFailureInfo.type).to.equal('TransferFailed');
    expect(
      timers(correctSettle).filter((t) => t.startedId > firstOf(correctSettle, 'ACTIVITY_TASK_FAILED').id),
    ).to.deep.equal([]);
  });

  it('runid-idempotency (correct): each undo input carries an idempotency key made from the run id', () => {
    const events = live('live-runid-idempotency-settle');
    const runId = firstOf(events, 'WORKFLOW_EXECUTION_STARTED').attributes.originalExecutionRunId;
    expect(runId).to.be.a('string').and.not.equal('');
    expect(undoKeys(events)).to.deep.equal({
      reverseLedger: `${runId}-reverseLedger`,
      releaseCredit: `${runId}-releaseCredit`,
      releaseDebit: `${runId}-releaseDebit`,
    });
    expect(undoKeys(correctSettle)).to.deep.equal({
      reverseLedger: undefined,
      releaseCredit: undefined,
      releaseDebit: undefined,
    });
  });
});

/** The idempotency key in the input of each activity or child undo (a local activity's input is not in its marker). */
function undoKeys(events: LiveEvent[]): Record<string, string | undefined> {
  const key = (input: unknown[]) => (input[0] as { idempotencyKey?: string }).idempotencyKey;
  const activities = scheduledActivities(events).filter((a) => a.activity.startsWith('release'));
  return {
    reverseLedger: key(reverseLedger(events).input),
    ...Object.fromEntries(activities.map((a) => [a.activity, key(a.input)])),
  };
}
