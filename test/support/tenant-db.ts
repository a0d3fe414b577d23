import { escapeIdentifier } from 'pg';
import { getPool, tenantSchemaName } from '../../examples/tenant-provisioning/db';

/** Removes everything the saga may have left for a tenant, so tests leave the database as they found it. */
export async function deleteTenantData(tenantId: string): Promise<void> {
  await getPool().query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(tenantSchemaName(tenantId))} CASCADE`);
  for (const table of ['tenants', 'memberships', 'tenant_settings', 'outbox', 'activity_log']) {
    await getPool().query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
  }
}
