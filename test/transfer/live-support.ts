/** Reading the transfer saga's live histories (test/fixtures/transfer, recorded by `npm run record:transfer`). */
import { resolve } from 'node:path';
import { expect } from 'chai';
import { closeEvent, LiveEvent, loadLive, scheduledActivities } from '../support/live-history';
import { childWorkflows, localActivityMarkers, stepsAfter } from '../support/live-steps';

const HISTORIES = resolve(__dirname, '../fixtures/transfer/histories');
const CHILD_HISTORIES = resolve(__dirname, '../fixtures/transfer/child-histories');

export const live = (name: string): LiveEvent[] => loadLive(name, HISTORIES);
/** A child's own history, captured after its parent's close: `<recording>.<child type>`. */
export const liveChild = (name: string): LiveEvent[] => loadLive(name, CHILD_HISTORIES);

/** The undos of the correct saga after a failure at settle, in the order it runs them. */
export const ALL_UNDOS = ['reverseLedger', 'releaseCredit', 'releaseDebit', 'unlockFxQuote'];

export function firstOf(events: LiveEvent[], type: string): LiveEvent {
  const event = events.find((e) => e.type === type);
  if (!event) throw new Error(`the history has no ${type}`);
  return event;
}

export function closeFailure(events: LiveEvent[]): Record<string, any> {
  const close = closeEvent(events);
  expect(close?.type, 'close event').to.equal('WORKFLOW_EXECUTION_FAILED');
  return close!.attributes.failure;
}

/** The state the rollback's status check (the first getTransferState after `afterId`) saw. */
export function statusSeenAfter(events: LiveEvent[], afterId: number): string {
  const check = scheduledActivities(events).find((a) => a.activity === 'getTransferState' && a.scheduledId > afterId);
  expect(check?.completed, 'the status check completed').to.equal(true);
  return (check!.result[0] as { state: string }).state;
}

/** The local activity marker of `activity` recorded after `afterId`. */
export function markerAfter(events: LiveEvent[], activity: string, afterId: number) {
  const marker = localActivityMarkers(events).find((m) => m.activity === activity && m.markerId > afterId);
  expect(marker, `${activity} marker`).to.not.equal(undefined);
  return marker!;
}

/**
 * After `afterId`: each activity and child in a workflow task of its own (a local activity runs
 * inside the task that then schedules the next step), and each one completed.
 */
export function expectSerialAndDone(events: LiveEvent[], afterId: number): void {
  const steps = stepsAfter(events, afterId).filter((step) => step.kind !== 'local activity');
  expect(new Set(steps.map((step) => step.task)).size, 'one workflow task per activity or child').to.equal(
    steps.length,
  );
  const activities = scheduledActivities(events).filter((a) => a.scheduledId > afterId);
  expect(
    activities.filter((a) => !a.completed).map((a) => a.activity),
    'activities not completed',
  ).to.deep.equal([]);
  const children = childWorkflows(events).filter((c) => c.initiatedId > afterId);
  expect(
    children.map((c) => c.closedBy?.type),
    'children closed',
  ).to.deep.equal(children.map(() => 'CHILD_WORKFLOW_EXECUTION_COMPLETED'));
  const markers = localActivityMarkers(events).filter((m) => m.markerId > afterId);
  expect(
    markers.filter((m) => m.failure).map((m) => m.activity),
    'local activities failed',
  ).to.deep.equal([]);
}
