/**
 * What the real dev server showed for the variants that break a saga law the goldens are not
 * needed for (histories recorded by `npm run record:truthful`): the live counterparts of the
 * `law-broken` verdicts in verdicts.laws.test.ts. Each fact is checked on the variant's history and
 * its opposite on the correct saga's history of the same fault.
 */
import { expect } from 'chai';
import { closeEvent, eventsOfType, LiveEvent, loadLive, rollback, rollbackNames } from '../support/live-history';

const correctShip = loadLive('live-correct-ship');

const failedActivities = (events: LiveEvent[]) =>
  eventsOfType(events, 'ACTIVITY_TASK_FAILED').map(
    (failed) => events.find((e) => e.id === Number(failed.attributes.scheduledEventId))!.attributes.activityType.name,
  );

describe('truthful variants that break a saga law: what the live server showed', () => {
  it('refund-twice: refund is scheduled and completes twice for one charge', () => {
    const events = loadLive('live-refund-twice-ship');
    expect(rollbackNames(events)).to.deep.equal(['refund', 'refund', 'release', 'notifyFailure']);
    expect(
      rollback(events)
        .filter((u) => u.activity === 'refund')
        .every((u) => u.completed),
    ).to.equal(true);
    expect(
      eventsOfType(events, 'ACTIVITY_TASK_SCHEDULED').filter((e) => e.attributes.activityType.name === 'charge'),
    ).to.have.length(1);
    expect(rollbackNames(correctShip).filter((name) => name === 'refund')).to.have.length(1);
  });

  it('retry-failed-step: after ship failed, the workflow scheduled ship again (a forward step) before undoing', () => {
    const events = loadLive('live-retry-failed-step-ship');
    expect(rollbackNames(events)).to.deep.equal(['ship', 'refund', 'release', 'notifyFailure']);
    expect(failedActivities(events)).to.deep.equal(['ship', 'ship']);
    expect(rollbackNames(correctShip)).to.not.include('ship');
  });

  it('failing-undo-stops: refund fails, and release and notifyFailure are never scheduled; the workflow fails with refund’s error', () => {
    const events = loadLive('live-failing-undo-stops-ship-also-refund');
    expect(failedActivities(events)).to.deep.equal(['ship', 'refund']);
    expect(rollbackNames(events)).to.deep.equal(['refund']);
    const close = closeEvent(events)!;
    expect(close.type).to.equal('WORKFLOW_EXECUTION_FAILED');
    expect(close.attributes.failure.activityFailureInfo.activityType.name).to.equal('refund');
  });

  it('the correct saga with the same two failures: refund fails, release and notifyFailure still run and complete', () => {
    const events = loadLive('live-correct-ship-also-refund');
    expect(failedActivities(events)).to.deep.equal(['ship', 'refund']);
    expect(rollback(events).map((u) => [u.activity, u.completed])).to.deep.equal([
      ['refund', false],
      ['release', true],
      ['notifyFailure', true],
    ]);
    expect(closeEvent(events)!.attributes.failure.applicationFailureInfo).to.deep.equal({ type: 'OrderFailed' });
  });
});
