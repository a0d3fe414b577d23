import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { closePool } from '../../examples/tenant-provisioning/db';
import { TENANT } from '../../scripts/record-examples';
import { TRIP } from '../../scripts/record-travel-booking';
import type { JsonHistory } from '../support/history-json';
import { deleteTenantData } from '../support/tenant-db';

const ROOT = resolve(__dirname, '../..');
const EXAMPLE = 'examples/tenant-provisioning';

function faultReplay(args: string[]) {
  const run = spawnSync(process.execPath, ['bin/fault-replay.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error) throw run.error;
  return run;
}

/**
 * The Java time-skipping test server writes histories a little differently from the dev server (no
 * task ids; commands linked to their task's WorkflowTaskStarted). `record --server time-skipping`
 * offers it, so `check` must take what it writes.
 */
describe('a history recorded on the time-skipping test server', function () {
  this.timeout(200_000);
  const dir = join(ROOT, '.scratch', `test-time-skipping-${process.pid}`);
  const out = join(dir, 'happy.json');

  before(() => {
    mkdirSync(dir, { recursive: true });
    const run = faultReplay([
      'record',
      '--workflows',
      `${EXAMPLE}/workflows.ts`,
      '--activities',
      `${EXAMPLE}/activities.ts`,
      '--workflow-type',
      'provisionTenant',
      '--args',
      JSON.stringify([TENANT]),
      '--out',
      out,
      '--server',
      'time-skipping',
      '--workflow-id',
      'provision-acme-happy', // the dev corpus's happy run: its golden file names that workflow
    ]);
    expect(run.status, run.stderr).to.equal(0);
    copyFileSync('histories/tenant-provisioning/happy.faults.json', join(dir, 'happy.faults.json'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteTenantData(TENANT.tenantId);
    await closePool();
  });

  it('was written by the test server, not the dev server: its events carry no task ids', () => {
    const history = JSON.parse(readFileSync(out, 'utf8')) as JsonHistory;
    expect(history.events.length).to.be.greaterThan(30);
    expect(history.events.filter((event) => event.taskId !== undefined)).to.deep.equal([]);
  });

  it('names the workflow id it was started under (the test server leaves it out; the dev server writes it)', () => {
    const history = JSON.parse(readFileSync(out, 'utf8')) as {
      events: Array<{ workflowExecutionStartedEventAttributes?: { workflowId?: string } }>;
    };
    expect(history.events[0].workflowExecutionStartedEventAttributes?.workflowId).to.equal('provision-acme-happy');
  });

  it('a saga with a local activity that reads its workflow id (travel-booking): checked against the dev-server golden, every fault, exit 0', () => {
    const travel = join(dir, 'travel');
    mkdirSync(travel, { recursive: true });
    const recorded = faultReplay([
      'record',
      '--workflows',
      'examples/travel-booking/workflows.ts',
      '--activities',
      'examples/travel-booking/activities.ts',
      '--workflow-type',
      'bookTrip',
      '--args',
      JSON.stringify([TRIP]),
      '--out',
      join(travel, 'happy.json'),
      '--server',
      'time-skipping',
      '--workflow-id',
      'book-trip-42-happy',
      '--task-queue',
      'travel-booking', // as the dev corpus's happy run (its golden names them)
    ]);
    expect(recorded.status, recorded.stderr).to.equal(0);
    copyFileSync('histories/travel-booking/happy.faults.json', join(travel, 'happy.faults.json'));
    const run = faultReplay([
      'check',
      '--workflows',
      'examples/travel-booking/workflows.ts',
      '--histories',
      join(travel, 'happy.json'),
    ]);
    expect(run.stderr).to.equal(''); // was: could-not-run after the quoteTrip marker, and nondeterministic ids without the workflow id
    expect(run.stdout).to.include('75 scenarios in 1 history: 25 compensated, 50 not-applicable');
    expect(run.status).to.equal(0);
  });

  it('checks against the goldens of the dev-server corpus: the same rollback at every step, exit 0', () => {
    const run = faultReplay(['check', '--workflows', `${EXAMPLE}/workflows.ts`, '--histories', out]);
    expect(run.stderr).to.equal('');
    expect(run.stdout, run.stdout).to.include('60 scenarios in 1 history: 42 compensated, 18 not-applicable');
    expect(run.status).to.equal(0);
  });

  it('skips time: a workflow that sleeps an hour is recorded within a 20 s timeout, timer and all', () => {
    const timerOut = join(dir, 'trial.json');
    const fixture = 'test/fixtures/long-timer';
    const run = faultReplay([
      'record',
      '--workflows',
      `${fixture}/workflows.ts`,
      '--activities',
      `${fixture}/activities.ts`,
      '--workflow-type',
      'hourLongTrial',
      '--out',
      timerOut,
      '--server',
      'time-skipping',
      '--timeout',
      '20000',
    ]);
    expect(run.status, run.stderr).to.equal(0);
    const types = (JSON.parse(readFileSync(timerOut, 'utf8')) as JsonHistory).events.map((event) => event.eventType);
    expect(types).to.include.members([
      'EVENT_TYPE_TIMER_STARTED',
      'EVENT_TYPE_TIMER_FIRED',
      'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
    ]);
    expect(types.at(-1)).to.equal('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  });
});
