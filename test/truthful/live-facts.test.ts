/**
 * What the real dev server showed for each planted-bug variant (histories recorded by
 * `npm run record:truthful`). Each fact is checked on the variant's history and, where it
 * discriminates, its opposite on the correct saga's history of the same fault: these are the live
 * counterparts the tool's verdicts must agree with (issue 6).
 */
import { expect } from 'chai';
import { LONG_ROLLBACK_ITEMS, UNPOLLED_TASK_QUEUE } from '../fixtures/truthful/types';
import {
  closeEvent,
  decodePayloads,
  eventsOfType,
  faultEvent,
  LiveEvent,
  loadLive,
  rollback,
  rollbackNames,
  scheduledActivities,
} from '../support/live-history';

const correctShip = loadLive('live-correct-ship');

function closeFailure(events: LiveEvent[]): Record<string, any> {
  const close = closeEvent(events);
  expect(close?.type, 'close event').to.equal('WORKFLOW_EXECUTION_FAILED');
  return close!.attributes.failure;
}

/** Each rollback activity in a workflow task of its own, each completed. */
function expectSerialAndDone(events: LiveEvent[]): void {
  const undos = rollback(events);
  expect(new Set(undos.map((undo) => undo.task)).size, 'one workflow task per undo').to.equal(undos.length);
  expect(
    undos.every((undo) => undo.completed),
    'every undo completed',
  ).to.equal(true);
}

describe('truthful variants: what the live server showed', () => {
  describe('correct saga', () => {
    const expected: Record<string, string[]> = {
      reserve: ['notifyFailure'],
      charge: ['release', 'notifyFailure'],
      ship: ['refund', 'release', 'notifyFailure'],
    };
    for (const [step, undos] of Object.entries(expected)) {
      it(`fails at ${step}: undoes in reverse, one task each, then fails with OrderFailed`, () => {
        const events = loadLive(`live-correct-${step}`);
        expect(rollbackNames(events)).to.deep.equal(undos);
        expectSerialAndDone(events);
        expect(closeFailure(events).applicationFailureInfo).to.deep.equal({ type: 'OrderFailed' });
      });
    }

    it('retries exhausted at ship: attempt 3 of 3, MAXIMUM_ATTEMPTS_REACHED, a retryable failure; still compensates', () => {
      const events = loadLive('live-correct-ship-retryable');
      const fault = faultEvent(events);
      const started = events.find((e) => e.id === Number(fault.attributes.startedEventId))!;
      expect(started.attributes.attempt).to.equal(3);
      expect(fault.attributes.retryState).to.equal('RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED');
      expect(fault.attributes.failure.applicationFailureInfo).to.deep.equal({ type: 'InjectedRetryableFailure' });
      expect(rollbackNames(events)).to.deep.equal(['refund', 'release', 'notifyFailure']);
      expectSerialAndDone(events);
    });
  });

  it('not-awaited: the undos are scheduled in the task that fails the workflow and never start', () => {
    const events = loadLive('live-not-awaited-ship');
    const closeTask = Number(closeEvent(events)!.attributes.workflowTaskCompletedEventId);
    const undos = rollback(events);
    expect(undos.map((undo) => undo.activity)).to.deep.equal(['refund', 'release', 'notifyFailure']);
    expect(undos.map((undo) => undo.task)).to.deep.equal([closeTask, closeTask, closeTask]);
    expect(undos.some((undo) => undo.started)).to.equal(false);
    expect(
      rollback(correctShip).some(
        (undo) => undo.task === Number(closeEvent(correctShip)!.attributes.workflowTaskCompletedEventId),
      ),
    ).to.equal(false);
  });

  it('parallel-undos: refund and release are scheduled in one workflow task', () => {
    const tasks = (events: LiveEvent[]) =>
      rollback(events)
        .filter((u) => u.activity !== 'notifyFailure')
        .map((u) => u.task);
    const parallel = tasks(loadLive('live-parallel-undos-ship'));
    expect(parallel).to.have.length(2);
    expect(parallel[0]).to.equal(parallel[1]);
    expect(tasks(correctShip)[0]).to.not.equal(tasks(correctShip)[1]);
  });

  it('undo-other-queue: refund is scheduled on a queue nobody polls, never starts, the workflow never closes', () => {
    const events = loadLive('live-undo-other-queue-ship-open');
    expect(closeEvent(events)).to.equal(undefined);
    const undos = rollback(events);
    expect(undos.map((u) => [u.activity, u.taskQueue, u.started])).to.deep.equal([
      ['refund', UNPOLLED_TASK_QUEUE, false],
    ]);
    expect(rollback(correctShip)[0].taskQueue).to.not.equal(UNPOLLED_TASK_QUEUE);
  });

  it('undo-other-timeouts: refund runs with a 300 s start-to-close timeout and 10 attempts (release: 10 s, 3)', () => {
    const byName = (events: LiveEvent[]) =>
      Object.fromEntries(rollback(events).map((u) => [u.activity, [u.startToCloseTimeout, u.maximumAttempts]]));
    expect(byName(loadLive('live-undo-other-timeouts-ship'))).to.deep.include({
      refund: ['300s', 10],
      release: ['10s', 3],
    });
    expect(byName(correctShip)).to.deep.include({ refund: ['10s', 3] });
  });

  it('patched-regression: the live rollback records the v2 patch marker and drops release', () => {
    const events = loadLive('live-patched-regression-ship');
    const markers = eventsOfType(events, 'MARKER_RECORDED');
    expect(markers.map((m) => m.attributes.markerName)).to.deep.equal(['core_patch']);
    expect(decodePayloads(markers[0].attributes.details['patch-data'])).to.deep.equal([
      { id: 'v2', deprecated: false },
    ]);
    expect(markers[0].id).to.be.greaterThan(faultEvent(events).id);
    expect(rollbackNames(events)).to.deep.equal(['refund', 'notifyFailure']);
    expect(eventsOfType(correctShip, 'MARKER_RECORDED')).to.deep.equal([]);
  });

  it('replaying-branch: the live (not replaying) rollback drops release', () => {
    const events = loadLive('live-replaying-branch-ship');
    expect(rollbackNames(events)).to.deep.equal(['refund', 'notifyFailure']);
    expect(eventsOfType(events, 'MARKER_RECORDED')).to.deep.equal([]);
    expect(rollbackNames(correctShip)).to.include('release');
  });

  describe('only-non-retryable', () => {
    it('a non-retryable cause is compensated', () => {
      const events = loadLive('live-only-non-retryable-ship');
      expect(faultEvent(events).attributes.retryState).to.equal('RETRY_STATE_NON_RETRYABLE_FAILURE');
      expect(rollbackNames(events)).to.deep.equal(['refund', 'release', 'notifyFailure']);
    });

    it('retries exhausted (retryable cause): the workflow fails with no undo scheduled', () => {
      const events = loadLive('live-only-non-retryable-ship-retryable');
      const fault = faultEvent(events);
      expect(fault.attributes.retryState).to.equal('RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED');
      expect(rollbackNames(events)).to.deep.equal([]);
      expect(closeFailure(events).message).to.equal('order o-1 failed: injected retryable failure in ship');
      expect(rollbackNames(loadLive('live-correct-ship-retryable'))).to.have.length(3);
    });
  });

  it('busy-loop: refund completes, the next workflow task never completes (it times out), no close', () => {
    const events = loadLive('live-busy-loop-ship-open');
    expect(rollback(events).map((u) => [u.activity, u.completed])).to.deep.equal([['refund', true]]);
    const refundDone = events.find(
      (e) =>
        e.type === 'ACTIVITY_TASK_COMPLETED' &&
        Number(e.attributes.scheduledEventId) === rollback(events)[0].scheduledId,
    )!;
    const after = events.filter((e) => e.id > refundDone.id).map((e) => e.type);
    expect(after.slice(0, 3)).to.deep.equal([
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_TIMED_OUT',
    ]);
    expect(after).to.not.include('WORKFLOW_TASK_COMPLETED');
    expect(closeEvent(events)).to.equal(undefined);
  });

  it('deadline-sleep (correct): 1 s timers fire until 10 s have passed, then the undos run and it fails', () => {
    const events = loadLive('live-deadline-sleep-ship');
    const fault = faultEvent(events);
    const started = eventsOfType(events, 'TIMER_STARTED');
    expect(started.length).to.be.within(9, 11);
    expect(started.every((t) => t.attributes.startToFireTimeout === '1s')).to.equal(true);
    expect(eventsOfType(events, 'TIMER_FIRED')).to.have.length(started.length);
    const undos = rollback(events);
    expect(undos.map((u) => u.activity)).to.deep.equal(['refund', 'release', 'notifyFailure']);
    const firstUndo = events.find((e) => e.id === undos[0].scheduledId)!;
    expect(firstUndo.time - fault.time).to.be.at.least(10_000);
    expect(closeEvent(events)?.type).to.equal('WORKFLOW_EXECUTION_FAILED');
  });

  it(`long-rollback (correct): ${LONG_ROLLBACK_ITEMS} items picked, then undone one activity and one task at a time in reverse`, () => {
    const happy = scheduledActivities(loadLive('happy-long-rollback'));
    const picked = happy.find((a) => a.activity === 'pickItems')!.result[0] as { itemIds: string[] };
    expect(picked.itemIds).to.have.length(LONG_ROLLBACK_ITEMS);
    const events = loadLive('live-long-rollback-ship');
    const undos = rollback(events);
    const unpicked = undos
      .filter((u) => u.activity === 'unpickItem')
      .map((u) => (u.input[0] as { itemId: string }).itemId);
    expect(unpicked).to.deep.equal([...picked.itemIds].reverse());
    expect(undos.map((u) => u.activity).filter((a) => a !== 'unpickItem')).to.deep.equal([
      'refund',
      'release',
      'notifyFailure',
    ]);
    expectSerialAndDone(events);
  });

  it('needs-result (correct): the rollback calls lookupRefundAccount, which the happy path never runs, and refunds to its account', () => {
    expect(scheduledActivities(loadLive('happy')).map((a) => a.activity)).to.not.include('lookupRefundAccount');
    const undos = rollback(loadLive('live-needs-result-ship'));
    expect(undos.map((u) => u.activity)).to.deep.equal(['lookupRefundAccount', 'refund', 'release', 'notifyFailure']);
    const { accountId } = undos[0].result[0] as { accountId: string };
    expect(accountId).to.be.a('string');
    expect(undos[1].input).to.deep.equal([{ chargeId: 'ch-o-1-42', accountId }]);
  });

  it('failure-details: the close has the same type and message but details and non-retryable', () => {
    const variant = closeFailure(loadLive('live-failure-details-ship'));
    const correct = closeFailure(correctShip);
    expect(variant.message).to.equal(correct.message);
    expect(variant.applicationFailureInfo.type).to.equal(correct.applicationFailureInfo.type);
    expect(variant.applicationFailureInfo.nonRetryable).to.equal(true);
    expect(decodePayloads(variant.applicationFailureInfo.details)).to.deep.equal([
      { orderId: 'o-1', compensated: true },
    ]);
    expect(correct.applicationFailureInfo.nonRetryable).to.equal(undefined);
    expect(correct.applicationFailureInfo.details).to.equal(undefined);
  });

  it('timer-cancel (correct): the reminder started before the steps is cancelled in the first rollback task', () => {
    const happy = loadLive('happy-timer-cancel');
    expect(eventsOfType(happy, 'TIMER_STARTED').map((t) => t.attributes.startToFireTimeout)).to.deep.equal(['86400s']);
    expect(eventsOfType(happy, 'TIMER_CANCELED')).to.deep.equal([]);
    const events = loadLive('live-timer-cancel-ship');
    const [canceled] = eventsOfType(events, 'TIMER_CANCELED');
    expect(canceled, 'TimerCanceled').to.not.equal(undefined);
    expect(canceled.id).to.be.greaterThan(faultEvent(events).id);
    expect(Number(canceled.attributes.workflowTaskCompletedEventId)).to.equal(rollback(events)[0].task);
    expect(rollbackNames(events)).to.deep.equal(['refund', 'release', 'notifyFailure']);
  });

  describe('retry-as-new (correct) and retry-as-new-counter-reset (bug)', () => {
    const continued = (name: string) => {
      const close = closeEvent(loadLive(name))!;
      expect(close.type).to.equal('WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
      return { workflowType: close.attributes.workflowType.name, input: decodePayloads(close.attributes.input) };
    };

    it('correct: compensates, then continues as new with the retry counter raised', () => {
      expect(rollbackNames(loadLive('live-retry-as-new-ship'))).to.deep.equal(['refund', 'release', 'notifyFailure']);
      expect(continued('live-retry-as-new-ship')).to.deep.equal({
        workflowType: 'placeOrder',
        input: [{ orderId: 'o-1', amount: 42, retry: 1 }],
      });
    });

    it('bug: the same workflow type, but the new run starts with the counter reset to 0', () => {
      expect(continued('live-retry-as-new-counter-reset-ship')).to.deep.equal({
        workflowType: 'placeOrder',
        input: [{ orderId: 'o-1', amount: 42, retry: 0 }],
      });
    });
  });
});
