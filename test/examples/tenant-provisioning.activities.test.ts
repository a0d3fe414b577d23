import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import * as activities from '../../examples/tenant-provisioning/activities';
import { closePool, describeTarget, ensureBaseSchema, getPool, tenantSchemaName } from '../../examples/tenant-provisioning/db';
import type { TenantInput } from '../../examples/tenant-provisioning/types';
import { deleteTenantData } from '../support/tenant-db';

const runId = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
const tenant: TenantInput = { tenantId: `it_${runId}`, ownerUserId: `user_${runId}`, plan: 'team' };
const { tenantId, ownerUserId } = tenant;
const otherTenants = [`bad_plan_${runId}`, '', `Acme-Corp.EU_${runId}`];

type Activity<A, R> = (arg: A) => Promise<R>;

const quietLogger = new DefaultLogger('ERROR');

async function runActivity<A, R>(fn: Activity<A, R>, arg: A, attempt = 1): Promise<R> {
  return (await new MockActivityEnvironment({ attempt }, { logger: quietLogger }).run(fn, arg)) as R;
}

/** Runs an activity twice (attempts 1 and 2), as a retry after a lost result would. */
async function twice<A, R>(fn: Activity<A, R>, arg: A): Promise<[R, R]> {
  return [await runActivity(fn, arg, 1), await runActivity(fn, arg, 2)];
}

async function query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await getPool().query(sql, params)).rows as T[];
}

async function logOf(id: string): Promise<Array<{ activity: string; attempt: number }>> {
  return query('SELECT activity, attempt FROM activity_log WHERE tenant_id = $1 ORDER BY id', [id]);
}

async function schemaExists(schema: string): Promise<boolean> {
  return (await query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).length === 1;
}

async function tablesOf(schema: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((r) => r.table_name);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}


describe('tenant-provisioning activities (real Postgres)', function () {
  this.timeout(30_000);

  let connected = false;

  before(async () => {
    try {
      await ensureBaseSchema();
      connected = true;
    } catch (err) {
      throw new Error(
        `Postgres not reachable at ${describeTarget()} (start it with scripts/postgres.sh start): ${(err as Error).message}`,
      );
    }
  });

  after(async () => {
    try {
      if (connected) for (const id of [tenantId, ...otherTenants]) await deleteTenantData(id);
    } finally {
      await closePool();
    }
  });

  it('createTenantRecord inserts a provisioning tenant, idempotently', async () => {
    const results = await twice(activities.createTenantRecord, tenant);
    expect(results).to.deep.equal([{ tenantId }, { tenantId }]);
    const rows = await query('SELECT owner_user_id, plan, status FROM tenants WHERE tenant_id = $1', [tenantId]);
    expect(rows).to.deep.equal([{ owner_user_id: ownerUserId, plan: 'team', status: 'provisioning' }]);
  });

  it('createTenantSchema creates a real schema, idempotently', async () => {
    const [first, second] = await twice(activities.createTenantSchema, { tenantId });
    expect(first.schema).to.equal(tenantSchemaName(tenantId)).and.match(/^tenant_[a-z0-9_]+$/);
    expect(second).to.deep.equal(first);
    expect(await schemaExists(first.schema)).to.equal(true);
  });

  it('applyTenantMigrations creates the tables inside the tenant schema, idempotently', async () => {
    const [first, second] = await twice(activities.applyTenantMigrations, { tenantId });
    expect(first.tables).to.have.members(['projects', 'audit_events']);
    expect(second).to.deep.equal(first);
    expect(await tablesOf(tenantSchemaName(tenantId))).to.deep.equal(['audit_events', 'projects']);
  });

  it('createOwnerMembership adds one owner row, idempotently', async () => {
    const results = await twice(activities.createOwnerMembership, { tenantId, ownerUserId });
    expect(results).to.deep.equal([{ role: 'owner' }, { role: 'owner' }]);
    const rows = await query('SELECT user_id, role FROM memberships WHERE tenant_id = $1', [tenantId]);
    expect(rows).to.deep.equal([{ user_id: ownerUserId, role: 'owner' }]);
  });

  it('seedDefaultSettings writes the plan defaults once, idempotently', async () => {
    const [first, second] = await twice(activities.seedDefaultSettings, { tenantId, plan: 'team' });
    expect(first.settings).to.be.greaterThan(0);
    expect(second).to.deep.equal(first);
    const rows = await query<{ key: string; value: string }>(
      'SELECT key, value FROM tenant_settings WHERE tenant_id = $1',
      [tenantId],
    );
    expect(rows).to.have.length(first.settings);
    expect(rows).to.deep.include({ key: 'max_projects', value: '50' });
  });

  it('sendWelcomeEmail enqueues one outbox message, idempotently', async () => {
    const [first, second] = await twice(activities.sendWelcomeEmail, { tenantId, ownerUserId });
    expect(first.outboxId).to.be.a('number');
    expect(second.outboxId).to.equal(first.outboxId);
    const rows = await query('SELECT id::int AS id, kind, status, payload FROM outbox WHERE tenant_id = $1', [tenantId]);
    expect(rows).to.deep.equal([
      { id: first.outboxId, kind: 'welcome_email', status: 'pending', payload: { to: ownerUserId, template: 'welcome' } },
    ]);
  });

  it('the undos, in reverse order and each run twice, remove what was created', async () => {
    const schema = tenantSchemaName(tenantId);

    await twice(activities.cancelWelcomeEmail, { tenantId });
    expect(await query('SELECT status FROM outbox WHERE tenant_id = $1', [tenantId])).to.deep.equal([
      { status: 'cancelled' },
    ]);

    await twice(activities.deleteDefaultSettings, { tenantId });
    expect(await query('SELECT 1 FROM tenant_settings WHERE tenant_id = $1', [tenantId])).to.be.empty;

    await twice(activities.removeOwnerMembership, { tenantId, ownerUserId });
    expect(await query('SELECT 1 FROM memberships WHERE tenant_id = $1', [tenantId])).to.be.empty;

    await twice(activities.revertTenantMigrations, { tenantId });
    expect(await tablesOf(schema)).to.be.empty;
    expect(await schemaExists(schema)).to.equal(true);

    await twice(activities.dropTenantSchema, { tenantId });
    expect(await schemaExists(schema)).to.equal(false);

    await twice(activities.deleteTenantRecord, { tenantId });
    expect(await query('SELECT 1 FROM tenants WHERE tenant_id = $1', [tenantId])).to.be.empty;
  });

  it('undos of steps that never ran are harmless', async () => {
    await twice(activities.revertTenantMigrations, { tenantId });
    await twice(activities.dropTenantSchema, { tenantId });
    await twice(activities.cancelWelcomeEmail, { tenantId });
  });

  it('markTenantFailed records the failure even after the tenant row was deleted', async () => {
    await twice(activities.markTenantFailed, { tenantId, reason: 'boom' });
    const rows = await query('SELECT status, failure_reason FROM tenants WHERE tenant_id = $1', [tenantId]);
    expect(rows).to.deep.equal([{ status: 'failed', failure_reason: 'boom' }]);
  });

  it('activity_log holds every run in order with its attempt number', async () => {
    const names = [
      'createTenantRecord',
      'createTenantSchema',
      'applyTenantMigrations',
      'createOwnerMembership',
      'seedDefaultSettings',
      'sendWelcomeEmail',
      'cancelWelcomeEmail',
      'deleteDefaultSettings',
      'removeOwnerMembership',
      'revertTenantMigrations',
      'dropTenantSchema',
      'deleteTenantRecord',
      'revertTenantMigrations',
      'dropTenantSchema',
      'cancelWelcomeEmail',
      'markTenantFailed',
    ];
    const expected = names.flatMap((activity) => [1, 2].map((attempt) => ({ activity, attempt })));
    expect(await logOf(tenantId)).to.deep.equal(expected);
  });

  it('createTenantRecord rejects an unknown plan as a non-retryable ValidationError', async () => {
    const id = otherTenants[0];
    const err = await rejection(
      runActivity(activities.createTenantRecord, { tenantId: id, ownerUserId, plan: 'gold' }),
    );
    expect(err).to.be.instanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).to.equal('ValidationError');
    expect((err as ApplicationFailure).nonRetryable).to.equal(true);
    expect(await query('SELECT 1 FROM tenants WHERE tenant_id = $1', [id])).to.be.empty;
    expect(await logOf(id)).to.deep.equal([{ activity: 'createTenantRecord', attempt: 1 }]);
  });

  it('createTenantRecord rejects an empty tenantId as a non-retryable ValidationError', async () => {
    const err = await rejection(
      runActivity(activities.createTenantRecord, { tenantId: '', ownerUserId, plan: 'free' }),
    );
    expect(err).to.be.instanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).to.equal('ValidationError');
    expect((err as ApplicationFailure).nonRetryable).to.equal(true);
    expect(await query(`SELECT 1 FROM tenants WHERE tenant_id = ''`)).to.be.empty;
  });

  it('tenant ids are sanitized into a safe schema name', async () => {
    const id = otherTenants[2];
    expect(tenantSchemaName('Acme-Corp.EU"; DROP TABLE tenants; --')).to.equal('tenant_acme_corp_eu___drop_table_tenants____');
    const { schema } = await runActivity(activities.createTenantSchema, { tenantId: id });
    expect(schema).to.equal(`tenant_acme_corp_eu_${runId}`);
    expect(await schemaExists(schema)).to.equal(true);
  });

  it('activities.ts exports only the 13 activity functions', () => {
    const exported = Object.entries(activities).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(exported).to.have.members([
      'createTenantRecord',
      'deleteTenantRecord',
      'createTenantSchema',
      'dropTenantSchema',
      'applyTenantMigrations',
      'revertTenantMigrations',
      'createOwnerMembership',
      'removeOwnerMembership',
      'seedDefaultSettings',
      'deleteDefaultSettings',
      'sendWelcomeEmail',
      'cancelWelcomeEmail',
      'markTenantFailed',
    ]);
  });
});
