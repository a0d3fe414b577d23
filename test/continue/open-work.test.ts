import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadHistoryFile } from '../../src/load/load';
import { recordHistory } from '../../src/record/record';
import { runFaultReplay } from '../../src/run';
import { activitySteps } from '../../src/steps/steps';
import { installQuietRuntime } from '../../src/util/quiet';

const FIXTURE = 'test/fixtures/parallel-saga';

describe('open work is answered while the workflow waits (parallel steps)', function () {
  this.timeout(60_000);
  let dir: string;
  let history: string;

  before(async () => {
    installQuietRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-replay-parallel-'));
    history = join(dir, 'trip.json');
    await recordHistory({
      workflowsPath: `${FIXTURE}/workflows.ts`,
      activitiesPath: `${FIXTURE}/activities.ts`,
      workflowType: 'bookTrip',
      args: [],
      failActivities: [],
      out: history,
      server: 'dev',
      timeoutMs: 30_000,
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the recorded history really has chargeCard and bookHotel scheduled by one workflow task', () => {
    const loaded = loadHistoryFile(history);
    const [card, hotel] = activitySteps(loaded.events).filter(
      (s) => s.activityType === 'chargeCard' || s.activityType === 'bookHotel',
    );
    const task = (id: number) =>
      String(loaded.events[id - 1].activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId);
    expect(task(card.scheduledEventId)).to.equal(task(hotel.scheduledEventId));
  });

  it('a fault in chargeCard: bookHotel still completes with its recorded result, then its undo and the seat’s run, one task each', async () => {
    const result = await runFaultReplay({
      workflowsPath: `${FIXTURE}/workflows.ts`,
      histories: [history],
      goldenDir: dir,
      faults: ['activity-failed'],
    });
    // the fixture sets maximumAttempts; the SDK fills in the 1 s initial interval
    const options = {
      taskQueue: "(workflow's)",
      startToClose: '10s',
      retry: { initialInterval: '1s', maximumAttempts: 1 },
    };
    const card = result.histories[0].scenarios.find(
      (s) => s.activityType === 'chargeCard' && s.fault === 'activity-failed',
    )!;
    expect(card.observed!.error, card.detail).to.equal(undefined);
    expect(card.observed!.tasks).to.deep.equal([
      [{ activity: 'cancelHotel', args: ['hotel-7'], options }],
      [{ activity: 'releaseSeat', args: [], options }],
    ]);
    expect(card.observed!.close).to.deep.equal({
      status: 'failed',
      failure: [
        { type: 'ActivityFailure', message: 'Activity task failed' },
        { type: 'InjectedFailure', message: 'injected failure in chargeCard', nonRetryable: true },
      ],
    });
    expect(card.observed!.openAtClose, 'bookHotel was answered before the close').to.equal(undefined);
    const hotel = result.histories[0].scenarios.find(
      (s) => s.activityType === 'bookHotel' && s.fault === 'activity-failed',
    )!;
    expect(hotel.observed!.tasks).to.deep.equal([
      [{ activity: 'refundCard', args: ['charge-1'], options }],
      [{ activity: 'releaseSeat', args: [], options }],
    ]);
  });
});
