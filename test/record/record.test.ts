import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { bundleWorkflowCode, DefaultLogger, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { closePool, ensureBaseSchema, getPool, tenantSchemaName } from '../../examples/tenant-provisioning/db';
import { installQuietRuntime } from '../../src/util/quiet';
import type { JsonHistory } from '../support/history-json';
import { deleteTenantData } from '../support/tenant-db';
import { PROVISIONING_STEPS } from '../../examples/tenant-provisioning/types';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/fault-replay.js');
const EXAMPLE = join(ROOT, 'examples/tenant-provisioning');
const WORKFLOWS = join(EXAMPLE, 'workflows.ts');
const ACTIVITIES = join(EXAMPLE, 'activities.ts');

const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const HAPPY_TENANT = `rec-happy-${runId}`;
const FAIL_TENANT = `rec-fail-${runId}`;
const REDACT_TENANT = `rec-redact-${runId}`;
const OWNER = 'user-ada';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real executable, as a user would. */
function cli(args: string[], timeoutMs = 25_000): CliRun {
  const run = spawnSync(process.execPath, [BIN, 'record', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.error) throw run.error;
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

function describeRun(run: CliRun): string {
  return `exit ${run.status} (signal ${run.signal})\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

function tenantArgs(tenantId: string): string {
  return JSON.stringify([{ tenantId, ownerUserId: OWNER, plan: 'team' }]);
}

function provisionArgs(tenantId: string, out: string, extra: string[] = []): string[] {
  return [
    '--workflows',
    WORKFLOWS,
    '--activities',
    ACTIVITIES,
    '--workflow-type',
    'provisionTenant',
    '--args',
    tenantArgs(tenantId),
    '--out',
    out,
    ...extra,
  ];
}

function readHistory(path: string): JsonHistory {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonHistory;
}

/** Every payload (`{ metadata, data }`) anywhere under the events, decoded to text. */
function decodedPayloads(history: JsonHistory): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const candidate = value as JsonPayload;
    if (typeof candidate.data === 'string' && candidate.metadata && typeof candidate.metadata === 'object') {
      found.push(Buffer.from(candidate.data, 'base64').toString('utf8'));
    }
    Object.values(value).forEach(walk);
  };
  walk(history.events);
  return found;
}

/** Asserts the run could not happen: exit 2 and exactly one `fault-replay:` line on stderr. */
function expectLoudFailure(run: CliRun): string {
  expect(run.signal, describeRun(run)).to.equal(null);
  expect(run.status, describeRun(run)).to.equal(2);
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, describeRun(run)).to.have.length(1);
  expect(lines[0]).to.match(/^fault-replay: \S/);
  return lines[0];
}

async function query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await getPool().query(sql, params)).rows as T[];
}

async function activityLog(tenantId: string): Promise<Array<{ activity: string; attempt: number }>> {
  return query('SELECT activity, attempt FROM activity_log WHERE tenant_id = $1 ORDER BY id', [tenantId]);
}

async function schemaExists(tenantId: string): Promise<boolean> {
  const rows = await query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
    tenantSchemaName(tenantId),
  ]);
  return rows.length === 1;
}

describe('fault-replay record (real dev server from .tools, real PostgreSQL)', function () {
  this.timeout(30_000);

  let scratch: string;
  let workflowBundle: WorkflowBundleWithSourceMap;

  async function replay(history: JsonHistory, workflowId: string): Promise<void> {
    await Worker.runReplayHistory({ workflowBundle, replayName: 'record-test' }, history, workflowId);
  }

  before(async () => {
    installQuietRuntime();
    await ensureBaseSchema();
    // Inside the repo so the bundler resolves @temporalio/workflow from /work/main/node_modules.
    scratch = join(ROOT, '.scratch', `test-tmp-record-${runId}`);
    mkdirSync(scratch, { recursive: true });
    workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger: new DefaultLogger('ERROR') });
  });

  after(async () => {
    try {
      for (const tenantId of [HAPPY_TENANT, FAIL_TENANT, REDACT_TENANT]) await deleteTenantData(tenantId);
    } finally {
      await closePool();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('records a fresh happy history that replays and carries the server-assigned fields', async () => {
    const out = join(scratch, 'happy.json');
    const run = cli(provisionArgs(HAPPY_TENANT, out));
    expect(run.status, describeRun(run)).to.equal(0);
    expect(run.stderr.trim(), 'stderr').to.equal('');

    const history = readHistory(out);
    const { events } = history;
    expect(run.stdout).to.include(
      `recorded ${out}: ${events.length} events, closed with EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED`,
    );
    expect(events[events.length - 1].eventType).to.equal('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    events.forEach((event, index) => {
      expect(event.eventId, `event #${index + 1} eventId`).to.equal(String(index + 1));
      expect(event.taskId, `event #${index + 1} taskId`).to.match(/^[1-9][0-9]*$/);
      expect(Date.parse(event.eventTime ?? ''), `event #${index + 1} eventTime`).to.be.within(
        Date.now() - 10 * 60_000,
        Date.now() + 60_000,
      );
    });
    const started = events[0].workflowExecutionStartedEventAttributes;
    expect(started?.identity, 'identity').to.be.a('string').that.is.not.empty;
    expect(started?.originalExecutionRunId, 'originalExecutionRunId').to.match(/^[0-9a-f-]{36}$/);
    expect(started?.workflowId).to.match(/^record-provisionTenant-\d+$/);
    // Positive control for the redaction test: without --redact the tenant is in the payloads.
    expect(decodedPayloads(history).some((text) => text.includes(HAPPY_TENANT))).to.equal(true);

    await replay(history, started!.workflowId!);

    expect((await activityLog(HAPPY_TENANT)).map((r) => r.activity)).to.deep.equal(PROVISIONING_STEPS);
    expect(await schemaExists(HAPPY_TENANT), 'tenant schema after success').to.equal(true);
  });

  it('records a real failure (--fail-activity createOwnerMembership): PostgreSQL is compensated and the history fails with InjectedFailure', async () => {
    const out = join(scratch, 'fail-membership.json');
    const run = cli(provisionArgs(FAIL_TENANT, out, ['--fail-activity', 'createOwnerMembership']));
    expect(run.status, describeRun(run)).to.equal(0);
    expect(run.stdout).to.include('closed with EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');

    expect(await schemaExists(FAIL_TENANT), `schema ${tenantSchemaName(FAIL_TENANT)} left behind`).to.equal(false);
    expect(await query('SELECT 1 FROM memberships WHERE tenant_id = $1', [FAIL_TENANT])).to.deep.equal([]);
    expect(await query('SELECT status FROM tenants WHERE tenant_id = $1', [FAIL_TENANT])).to.deep.equal([
      { status: 'failed' },
    ]);
    // The injected failure replaces createOwnerMembership (record.ts withInjectedFailures), so it never logs.
    expect(await activityLog(FAIL_TENANT)).to.deep.equal(
      [
        'createTenantRecord',
        'createTenantSchema',
        'applyTenantMigrations',
        'revertTenantMigrations',
        'dropTenantSchema',
        'deleteTenantRecord',
        'markTenantFailed',
      ].map((activity) => ({ activity, attempt: 1 })),
    );

    const history = readHistory(out);
    const last = history.events[history.events.length - 1];
    expect(last.eventType).to.equal('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
    const failure = last.workflowExecutionFailedEventAttributes?.failure;
    expect(failure?.activityFailureInfo?.activityType?.name).to.equal('createOwnerMembership');
    expect(failure?.cause?.applicationFailureInfo).to.deep.include({ type: 'InjectedFailure', nonRetryable: true });
    expect(failure?.cause?.message).to.equal('injected failure in createOwnerMembership');

    await replay(history, history.events[0].workflowExecutionStartedEventAttributes!.workflowId!);
  });

  describe('fails loudly (exit 2, one line on stderr, no history written)', () => {
    let trivialActivities: string;

    before(() => {
      trivialActivities = join(scratch, 'trivial-activities.ts');
      writeFileSync(trivialActivities, 'export async function noop(): Promise<string> {\n  return "ok";\n}\n');
    });

    for (const [option, value] of [
      ['--timeout', 'abc'],
      ['--activity-worker-delay', '-5'],
    ]) {
      it(`${option} ${value}: a usage error before anything runs`, () => {
        const out = join(scratch, 'bad-number.json');
        const run = cli([
          '--workflows',
          WORKFLOWS,
          '--activities',
          ACTIVITIES,
          '--workflow-type',
          'provisionTenant',
          '--out',
          out,
          option,
          value,
        ]);
        expect(run.status, describeRun(run)).to.equal(2);
        expect(run.stderr.trim()).to.equal(
          `error: option '${option} <ms>' argument '${value}' is invalid. a positive whole number`,
        );
        expect(existsSync(out), 'history written').to.equal(false);
      });
    }

    it('a workflow type the workflows module does not export', () => {
      const type = `noSuchWorkflow_${randomBytes(3).toString('hex')}`;
      const out = join(scratch, 'unknown-type.json');
      const run = cli(['--workflows', WORKFLOWS, '--activities', ACTIVITIES, '--workflow-type', type, '--out', out]);
      const line = expectLoudFailure(run);
      expect(line).to.include(`'${type}'`);
      expect(line).to.include('workflow task failed');
      expect(existsSync(out), 'history written').to.equal(false);
    });

    it('an activities module that throws when imported', () => {
      const activities = join(scratch, 'throwing-activities.ts');
      writeFileSync(activities, "export async function a(): Promise<void> {}\nthrow new Error('boom at import');\n");
      const out = join(scratch, 'throwing-activities.json');
      const run = cli([
        '--workflows',
        WORKFLOWS,
        '--activities',
        activities,
        '--workflow-type',
        'provisionTenant',
        '--out',
        out,
      ]);
      const line = expectLoudFailure(run);
      expect(line).to.equal(`fault-replay: activities module ${activities} does not load: boom at import`);
      expect(existsSync(out), 'history written').to.equal(false);
    });

    it('an activities module path that does not exist', () => {
      const activities = join(scratch, 'no-such-activities.ts');
      const out = join(scratch, 'missing-activities.json');
      const run = cli([
        '--workflows',
        WORKFLOWS,
        '--activities',
        activities,
        '--workflow-type',
        'provisionTenant',
        '--out',
        out,
      ]);
      const line = expectLoudFailure(run);
      expect(line).to.equal(`fault-replay: activities module ${activities}: no such file`);
      expect(existsSync(out), 'history written').to.equal(false);
    });

    it('a workflows module that does not bundle (imports a missing module)', () => {
      const workflows = join(scratch, 'unbundlable-workflows.ts');
      writeFileSync(
        workflows,
        "import { missing } from 'fault-replay-no-such-module';\nexport async function wf(): Promise<unknown> {\n  return missing;\n}\n",
      );
      const out = join(scratch, 'unbundlable.json');
      const run = cli([
        '--workflows',
        workflows,
        '--activities',
        trivialActivities,
        '--workflow-type',
        'wf',
        '--out',
        out,
      ]);
      const line = expectLoudFailure(run);
      expect(line).to.include(`workflows module ${workflows} does not bundle: `);
      expect(existsSync(out), 'history written').to.equal(false);
    });

    it('a workflows module that does not bundle: the line names the missing import', () => {
      const workflows = join(scratch, 'unbundlable-workflows-2.ts');
      writeFileSync(
        workflows,
        "import { missing } from 'fault-replay-no-such-module';\nexport const wf = async () => missing;\n",
      );
      const run = cli([
        '--workflows',
        workflows,
        '--activities',
        trivialActivities,
        '--workflow-type',
        'wf',
        '--out',
        join(scratch, 'x.json'),
      ]);
      const line = expectLoudFailure(run);
      expect(line).to.include("Can't resolve 'fault-replay-no-such-module'");
      expect(line).not.to.match(/\basset\b|\[emitted\]/);
    });

    it('a workflow that never closes, with --timeout 1500', () => {
      const workflows = join(scratch, 'never-workflows.ts');
      writeFileSync(
        workflows,
        "import { condition } from '@temporalio/workflow';\nexport async function never(): Promise<void> {\n  await condition(() => false);\n}\n",
      );
      const out = join(scratch, 'never.json');
      const started = Date.now();
      const run = cli([
        '--workflows',
        workflows,
        '--activities',
        trivialActivities,
        '--workflow-type',
        'never',
        '--timeout',
        '1500',
        '--out',
        out,
      ]);
      const line = expectLoudFailure(run);
      expect(line).to.match(/^fault-replay: workflow record-never-\d+ did not close within 1500 ms$/);
      expect(Date.now() - started, 'gave up soon after the timeout').to.be.below(15_000);
      expect(existsSync(out), 'history written').to.equal(false);
    });
  });

  it('--redact: no payload carries the tenant id or the owner, and the history still replays', async () => {
    const out = join(scratch, 'happy-redacted.json');
    const run = cli(provisionArgs(REDACT_TENANT, out, ['--redact']));
    expect(run.status, describeRun(run)).to.equal(0);

    const text = readFileSync(out, 'utf8');
    const history = JSON.parse(text) as JsonHistory;
    expect(history.events[history.events.length - 1].eventType).to.equal('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    const payloads = decodedPayloads(history);
    expect(payloads.length, 'payloads found').to.be.greaterThan(5);
    for (const payload of payloads) {
      expect(payload).not.to.include(REDACT_TENANT);
      expect(payload).not.to.include(OWNER);
    }
    expect(
      payloads.some((payload) => payload.includes('"redacted:')),
      'redacted markers',
    ).to.equal(true);
    expect(text, 'raw file').not.to.include(REDACT_TENANT);

    // The recording really ran against PostgreSQL with the real values.
    expect((await activityLog(REDACT_TENANT)).map((r) => r.activity)).to.deep.equal(PROVISIONING_STEPS);

    await replay(history, history.events[0].workflowExecutionStartedEventAttributes!.workflowId!);
  });
});
