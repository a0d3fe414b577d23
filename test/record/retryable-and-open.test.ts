/**
 * `record --fail-activity-retryable` (the server exhausts the retry policy) and
 * `--keep-open-history` (a workflow that never closes is written as it stands), run as a user
 * would, each on its own dev server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { INJECTED_RETRYABLE_FAILURE } from '../../src/record/record';
import { ORDER, UNPOLLED_TASK_QUEUE } from '../fixtures/truthful/types';
import { closeEvent, faultEvent, loadHistoryFile, rollback } from '../support/live-history';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/truthful');

function record(
  variant: string,
  out: string,
  extra: string[],
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin/fault-replay.js'),
      'record',
      '--workflows',
      join(FIXTURE, 'variants', `${variant}.ts`),
      '--activities',
      join(FIXTURE, 'activities.ts'),
      '--workflow-type',
      'placeOrder',
      '--args',
      JSON.stringify([ORDER]),
      '--out',
      out,
      ...extra,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  if (run.error) throw run.error;
  return run;
}

describe('record: retryable failures and open histories (dev server)', function () {
  this.timeout(90_000);
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'truthful-record-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('--fail-activity-retryable ship: attempt = maximumAttempts, MAXIMUM_ATTEMPTS_REACHED, a retryable InjectedRetryableFailure', () => {
    const out = join(scratch, 'retryable.json');
    const run = record('correct', out, ['--fail-activity-retryable', 'ship']);
    expect(run.status, run.stderr).to.equal(0);
    const events = loadHistoryFile(out);
    const fault = faultEvent(events);
    const scheduled = events.find((e) => e.id === Number(fault.attributes.scheduledEventId))!;
    const started = events.find((e) => e.id === Number(fault.attributes.startedEventId))!;
    expect(scheduled.attributes.activityType.name).to.equal('ship');
    expect(started.attributes.attempt).to.equal(scheduled.attributes.retryPolicy.maximumAttempts).and.to.equal(3);
    expect(fault.attributes.retryState).to.equal('RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED');
    expect(fault.attributes.failure.applicationFailureInfo).to.deep.equal({ type: INJECTED_RETRYABLE_FAILURE });
    expect(fault.attributes.failure.message).to.equal('injected retryable failure in ship');
  });

  it('--fail-activity-retryable names an activity the module lacks: one clear line, exit 2', () => {
    const run = record('correct', join(scratch, 'none.json'), ['--fail-activity-retryable', 'teleport']);
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.equal(
      'fault-replay: --fail-activity-retryable teleport: the activities module has no such activity',
    );
  });

  it('--keep-open-history: a workflow that never closes is written open, and the run says so', () => {
    const out = join(scratch, 'open.json');
    const run = record('undo-other-queue', out, [
      '--fail-activity',
      'ship',
      '--keep-open-history',
      '--timeout',
      '3000',
    ]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/still open \(workflow \S+ did not close within 3000 ms\)/);
    const events = loadHistoryFile(out);
    expect(closeEvent(events)).to.equal(undefined);
    expect(rollback(events).map((u) => [u.activity, u.taskQueue, u.started])).to.deep.equal([
      ['refund', UNPOLLED_TASK_QUEUE, false],
    ]);
  });
});
