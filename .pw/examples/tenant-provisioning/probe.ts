/**
 * The chaos probe of the reference saga: what provisioning one tenant leaves in PostgreSQL.
 * It looks only at the tenant of the workflow's arguments, so runs for other tenants (parallel
 * tests on the same database) do not disturb it. No sequence ids, no timestamps: equal worlds
 * give equal snapshots.
 */
import { escapeIdentifier } from 'pg';
import { closePool, ensureBaseSchema, getPool, tenantSchemaName } from './db';
import type { TenantInput } from './types';

interface ProbeContext {
  args: unknown[];
}

const TENANT_TABLES = ['tenants', 'memberships', 'tenant_settings', 'outbox', 'activity_log'];

function tenantOf({ args }: ProbeContext): string {
  const tenantId = (args[0] as Partial<TenantInput> | undefined)?.tenantId;
  if (!tenantId) throw new Error('probe: the workflow arguments name no tenantId');
  return tenantId;
}

async function rows<T extends object>(sql: string, params: unknown[]): Promise<T[]> {
  return (await getPool().query(sql, params)).rows as T[];
}

/** Removes everything any run may have left for the tenant. */
export async function reset(context: ProbeContext): Promise<void> {
  const tenantId = tenantOf(context);
  await ensureBaseSchema();
  await getPool().query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(tenantSchemaName(tenantId))} CASCADE`);
  for (const table of TENANT_TABLES) await getPool().query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
}

/**
 * The tenant's schemas with their tables and rows (named columns, not ids), its rows in the
 * shared tables, and which activities logged a call for it (the set of names: how often each
 * ran is the retries' business, not the world's).
 */
export async function snapshot(context: ProbeContext): Promise<unknown> {
  const tenantId = tenantOf(context);
  const schema = tenantSchemaName(tenantId);
  return {
    schemas: await schemas(schema),
    tenants: await rows('SELECT owner_user_id, plan, status, failure_reason FROM tenants WHERE tenant_id = $1', [tenantId]),
    memberships: await rows('SELECT user_id, role FROM memberships WHERE tenant_id = $1 ORDER BY user_id', [tenantId]),
    tenant_settings: await rows('SELECT key, value FROM tenant_settings WHERE tenant_id = $1 ORDER BY key', [tenantId]),
    outbox: await rows('SELECT kind, status, payload FROM outbox WHERE tenant_id = $1 ORDER BY kind', [tenantId]),
    activity_log: (await rows<{ activity: string }>('SELECT DISTINCT activity FROM activity_log WHERE tenant_id = $1 ORDER BY activity', [tenantId])).map((r) => r.activity),
  };
}

/** `{ tenant_x: { projects: [names…], audit_events: [kinds…] } }`, or `{}` when the schema is gone. */
async function schemas(schema: string): Promise<Record<string, Record<string, unknown[]>>> {
  const present = await rows('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
  if (present.length === 0) return {};
  const tables = await rows<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  const contents: Record<string, unknown[]> = {};
  for (const { table_name } of tables) contents[table_name] = await tableRows(schema, table_name);
  return { [schema]: contents };
}

/** A table's rows without generated columns (ids, timestamps) or references to ids, sorted. */
async function tableRows(schema: string, table: string): Promise<unknown[]> {
  const columns = await rows<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 AND column_default IS NULL
       AND column_name <> 'id' AND column_name NOT LIKE '%\\_id' ORDER BY column_name`,
    [schema, table],
  );
  if (columns.length === 0) return (await rows(`SELECT 1 FROM ${escapeIdentifier(schema)}.${escapeIdentifier(table)}`, [])).map(() => ({}));
  const list = columns.map((c) => escapeIdentifier(c.column_name)).join(', ');
  return rows(`SELECT ${list} FROM ${escapeIdentifier(schema)}.${escapeIdentifier(table)} ORDER BY ${list}`, []);
}

export async function close(): Promise<void> {
  await closePool();
}
