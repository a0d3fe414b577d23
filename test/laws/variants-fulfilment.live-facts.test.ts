/**
 * What the real dev server (and PostgreSQL) showed for the second saga shape's variants, recorded
 * by `npm run record:fulfilment-variants`: the live counterparts of the verdicts in
 * variants-fulfilment.test.ts. Each fact is checked on the variant and its opposite on the reference.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import {
  closeEvent,
  eventsOfType,
  LiveEvent,
  loadHistoryFile,
  rollback,
  ScheduledActivity,
} from '../support/live-history';

const live = (name: string): LiveEvent[] =>
  loadHistoryFile(join(__dirname, '../fixtures/fulfilment-variants/histories', `${name}.json`));
const undos = (events: LiveEvent[]): ScheduledActivity[] =>
  rollback(events).filter((u) => u.activity !== 'markOrderFailed');
const names = (activities: ScheduledActivity[]): string[] => activities.map((a) => a.activity);

describe('second saga shape: what the live server showed', () => {
  const reference = live('live-reference-createShipment');

  it('reference, createShipment fails: all three undos (the failed step’s cancelShipment too) in one workflow task, all completed, then markOrderFailed', () => {
    const all = undos(reference);
    expect(names(all)).to.deep.equal(['releaseStock', 'refundPayment', 'cancelShipment']);
    expect(new Set(all.map((u) => u.task)).size).to.equal(1);
    expect(all.every((u) => u.completed)).to.equal(true);
    const marked = rollback(reference).find((u) => u.activity === 'markOrderFailed')!;
    expect(marked.task).to.be.greaterThan(all[0].task);
    expect(closeEvent(reference)!.type).to.equal('WORKFLOW_EXECUTION_FAILED');
  });

  it('registered-after: the failed step is never undone (no cancelShipment)', () => {
    expect(names(undos(live('live-registered-after-createShipment')))).to.deep.equal(['releaseStock', 'refundPayment']);
  });

  it('serial-undos: one undo per workflow task, in reverse', () => {
    const serial = undos(live('live-serial-undos-createShipment'));
    expect(names(serial)).to.deep.equal(['cancelShipment', 'refundPayment', 'releaseStock']);
    expect(new Set(serial.map((u) => u.task)).size).to.equal(3);
  });

  it('reference, releaseStock fails too: the other undos still complete, markOrderFailed runs', () => {
    const events = live('live-reference-createShipment-releaseStock');
    expect(undos(events).map((u) => [u.activity, u.completed])).to.deep.equal([
      ['releaseStock', false],
      ['refundPayment', true],
      ['cancelShipment', true],
    ]);
    expect(rollback(events).find((u) => u.activity === 'markOrderFailed')?.completed).to.equal(true);
  });

  it('bare-all, releaseStock fails too: markOrderFailed never scheduled; the workflow tries to close while an undo is still running (the server rejects it: UnhandledCommand)', () => {
    const events = live('live-bare-all-createShipment-releaseStock');
    expect(names(rollback(events))).to.deep.equal(['releaseStock', 'refundPayment', 'cancelShipment']);
    const releaseFailed = eventsOfType(events, 'ACTIVITY_TASK_FAILED')[1];
    const taskFailed = eventsOfType(events, 'WORKFLOW_TASK_FAILED')[0];
    expect(taskFailed.attributes.cause).to.equal('WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND');
    expect(taskFailed.id).to.be.greaterThan(releaseFailed.id);
    const cancelDone = eventsOfType(events, 'ACTIVITY_TASK_COMPLETED').find(
      (e) =>
        events.find((s) => s.id === Number(e.attributes.scheduledEventId))?.attributes.activityType.name ===
        'cancelShipment',
    )!;
    expect(cancelDone.id, 'an undo finished after the close was tried').to.be.greaterThan(taskFailed.id);
    expect(eventsOfType(live('live-reference-createShipment-releaseStock'), 'WORKFLOW_TASK_FAILED')).to.deep.equal([]);
  });
});
