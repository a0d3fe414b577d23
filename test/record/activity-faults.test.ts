import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { withActivityFaults } from '../../src/record/activity-faults';

const real = { ship: async (order: unknown) => ({ shipped: order }), pay: async () => 'paid' };

describe('record: the activity faults that make a fault kind happen for real', () => {
  it('--fail-activity-once: a retryable InjectedRetryableFailure on the first call, then the real activity', async () => {
    const faulty = withActivityFaults(real, { failActivitiesOnce: ['ship'] }, new AbortController().signal);
    const first = await faulty.ship('o-1').catch((err: unknown) => err);
    expect(first).to.be.instanceOf(ApplicationFailure);
    expect(first).to.deep.include({
      type: 'InjectedRetryableFailure',
      nonRetryable: false,
      message: 'injected retryable failure in ship',
    });
    expect(await faulty.ship('o-1')).to.deep.equal({ shipped: 'o-1' });
    expect(await faulty.pay()).to.equal('paid');
  });

  it('--hang-activity: never answers until the recording ends, then fails (the server has timed it out by then)', async () => {
    const released = new AbortController();
    const faulty = withActivityFaults(real, { hangActivities: ['ship'] }, released.signal);
    let settled = false;
    const hung = faulty.ship('o-1').catch((err: Error) => {
      settled = true;
      return err;
    });
    await new Promise((done) => setTimeout(done, 50));
    expect(settled, 'still hanging').to.equal(false);
    released.abort();
    expect(((await hung) as Error).message).to.equal(
      'ship was left hanging by --hang-activity until the recording ended',
    );
  });

  it('an activity the module lacks: one line naming the flag and the activity', () => {
    expect(() => withActivityFaults(real, { hangActivities: ['teleport'] }, new AbortController().signal)).to.throw(
      '--hang-activity teleport: the activities module has no such activity',
    );
    const run = spawnSync(
      process.execPath,
      [
        'bin/fault-replay.js',
        'record',
        '--workflows',
        'test/fixtures/timeouts/workflows.ts',
        '--activities',
        'test/fixtures/timeouts/activities.ts',
        '--workflow-type',
        'timedOrder',
        '--out',
        '/dev/null',
        '--fail-activity-once',
        'teleport',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal(
      'fault-replay: --fail-activity-once teleport: the activities module has no such activity',
    );
  });
});
