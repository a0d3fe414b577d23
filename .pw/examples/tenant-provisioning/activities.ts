import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { escapeIdentifier } from 'pg';
import { ensureBaseSchema, getPool, tenantSchemaName, withAdvisoryLock } from './db';
import {
  FailureInput,
  MembershipResult,
  MigrationsResult,
  OutboxResult,
  OwnerRef,
  Plan,
  PLANS,
  PlanRef,
  SchemaResult,
  SettingsResult,
  TenantInput,
  TenantRecordResult,
  TenantRef,
} from './types';

const OWNER_ROLE = 'owner';
const WELCOME_EMAIL = 'welcome_email';

const DEFAULT_SETTINGS: Record<Plan, Record<string, string>> = {
  free: { max_projects: '3', max_members: '5', audit_retention_days: '7', sso: 'off' },
  team: { max_projects: '50', max_members: '100', audit_retention_days: '90', sso: 'off' },
  enterprise: { max_projects: 'unlimited', max_members: 'unlimited', audit_retention_days: '365', sso: 'on' },
};
const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS.free);

async function logActivity(activity: string, tenantId: string): Promise<void> {
  await ensureBaseSchema();
  await getPool().query('INSERT INTO activity_log (tenant_id, activity, attempt) VALUES ($1, $2, $3)', [
    tenantId ?? '',
    activity,
    Context.current().info.attempt,
  ]);
}

function validationError(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'ValidationError');
}

function validPlan(plan: string): Plan {
  if (!(PLANS as readonly string[]).includes(plan)) {
    throw validationError(`unknown plan '${plan}', expected one of ${PLANS.join(', ')}`);
  }
  return plan as Plan;
}

function quotedSchema(tenantId: string): string {
  return escapeIdentifier(tenantSchemaName(tenantId));
}

export async function createTenantRecord(input: TenantInput): Promise<TenantRecordResult> {
  await logActivity('createTenantRecord', input.tenantId);
  if (!input.tenantId?.trim()) throw validationError('tenantId must not be empty');
  validPlan(input.plan);
  await getPool().query(
    `INSERT INTO tenants (tenant_id, owner_user_id, plan, status) VALUES ($1, $2, $3, 'provisioning')
     ON CONFLICT (tenant_id) DO UPDATE
       SET owner_user_id = excluded.owner_user_id, plan = excluded.plan, status = 'provisioning', failure_reason = NULL`,
    [input.tenantId, input.ownerUserId, input.plan],
  );
  return { tenantId: input.tenantId };
}

export async function deleteTenantRecord({ tenantId }: TenantRef): Promise<void> {
  await logActivity('deleteTenantRecord', tenantId);
  await getPool().query('DELETE FROM tenants WHERE tenant_id = $1', [tenantId]);
}

export async function createTenantSchema({ tenantId }: TenantRef): Promise<SchemaResult> {
  await logActivity('createTenantSchema', tenantId);
  const schema = tenantSchemaName(tenantId);
  await withAdvisoryLock(schema, (client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema(tenantId)}`));
  return { schema };
}

export async function dropTenantSchema({ tenantId }: TenantRef): Promise<void> {
  await logActivity('dropTenantSchema', tenantId);
  await withAdvisoryLock(tenantSchemaName(tenantId), (client) =>
    client.query(`DROP SCHEMA IF EXISTS ${quotedSchema(tenantId)} CASCADE`),
  );
}

export async function applyTenantMigrations({ tenantId }: TenantRef): Promise<MigrationsResult> {
  await logActivity('applyTenantMigrations', tenantId);
  const s = quotedSchema(tenantId);
  await withAdvisoryLock(tenantSchemaName(tenantId), (client) =>
    client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.projects (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${s}.audit_events (
        id bigserial PRIMARY KEY,
        project_id bigint REFERENCES ${s}.projects (id) ON DELETE CASCADE,
        kind text NOT NULL,
        at timestamptz DEFAULT now()
      );`),
  );
  return { tables: ['projects', 'audit_events'] };
}

export async function revertTenantMigrations({ tenantId }: TenantRef): Promise<void> {
  await logActivity('revertTenantMigrations', tenantId);
  const s = quotedSchema(tenantId);
  await withAdvisoryLock(tenantSchemaName(tenantId), (client) =>
    client.query(`DROP TABLE IF EXISTS ${s}.audit_events, ${s}.projects`),
  );
}

export async function createOwnerMembership({ tenantId, ownerUserId }: OwnerRef): Promise<MembershipResult> {
  await logActivity('createOwnerMembership', tenantId);
  const { rows } = await getPool().query<{ role: string }>(
    `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = excluded.role
     RETURNING role`,
    [tenantId, ownerUserId, OWNER_ROLE],
  );
  return { role: rows[0].role };
}

export async function removeOwnerMembership({ tenantId, ownerUserId }: OwnerRef): Promise<void> {
  await logActivity('removeOwnerMembership', tenantId);
  await getPool().query('DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2', [tenantId, ownerUserId]);
}

export async function seedDefaultSettings({ tenantId, plan }: PlanRef): Promise<SettingsResult> {
  await logActivity('seedDefaultSettings', tenantId);
  const settings = DEFAULT_SETTINGS[validPlan(plan)];
  const { rowCount } = await getPool().query(
    `INSERT INTO tenant_settings (tenant_id, key, value)
     SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v)
     ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value`,
    [tenantId, Object.keys(settings), Object.values(settings)],
  );
  return { settings: rowCount ?? 0 };
}

export async function deleteDefaultSettings({ tenantId }: TenantRef): Promise<void> {
  await logActivity('deleteDefaultSettings', tenantId);
  await getPool().query('DELETE FROM tenant_settings WHERE tenant_id = $1 AND key = ANY($2::text[])', [
    tenantId,
    SETTING_KEYS,
  ]);
}

export async function sendWelcomeEmail({ tenantId, ownerUserId }: OwnerRef): Promise<OutboxResult> {
  await logActivity('sendWelcomeEmail', tenantId);
  const { rows } = await getPool().query<{ id: string }>(
    `INSERT INTO outbox (tenant_id, kind, payload) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, kind) DO UPDATE
       SET status = CASE WHEN outbox.status = 'cancelled' THEN 'pending' ELSE outbox.status END
     RETURNING id`,
    [tenantId, WELCOME_EMAIL, { to: ownerUserId, template: 'welcome' }],
  );
  return { outboxId: Number(rows[0].id) };
}

export async function cancelWelcomeEmail({ tenantId }: TenantRef): Promise<void> {
  await logActivity('cancelWelcomeEmail', tenantId);
  await getPool().query(
    `UPDATE outbox SET status = 'cancelled' WHERE tenant_id = $1 AND kind = $2 AND status = 'pending'`,
    [tenantId, WELCOME_EMAIL],
  );
}

export async function markTenantFailed({ tenantId, reason }: FailureInput): Promise<void> {
  await logActivity('markTenantFailed', tenantId);
  await getPool().query(
    `INSERT INTO tenants (tenant_id, status, failure_reason) VALUES ($1, 'failed', $2)
     ON CONFLICT (tenant_id) DO UPDATE SET status = 'failed', failure_reason = excluded.failure_reason`,
    [tenantId, reason],
  );
}
