import { escapeIdentifier } from 'pg';
import { getPool, withAdvisoryLock } from '../tenant-provisioning/db';

/** Its own schema, so it never touches the tenant saga's tables (the database is shared with parallel test runs). */
export const SCHEMA = escapeIdentifier('order_fulfilment');

const TABLES = `
CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
CREATE TABLE IF NOT EXISTS ${SCHEMA}.orders (order_id text PRIMARY KEY, status text NOT NULL, failure_reason text);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.stock_reservations (order_id text PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.payments (order_id text PRIMARY KEY, amount_cents int NOT NULL, status text NOT NULL);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.shipments (order_id text PRIMARY KEY, status text NOT NULL);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.activity_log (id bigserial PRIMARY KEY, order_id text NOT NULL, activity text NOT NULL, attempt int);
`;

let tables: Promise<void> | undefined;

/** Memoized per process; the advisory lock serializes processes (concurrent CREATE ... IF NOT EXISTS can race). */
export function ensureTables(): Promise<void> {
  tables ??= withAdvisoryLock('fault_replay:order_fulfilment', async (client) => {
    await client.query(TABLES);
  }).catch((err: unknown) => {
    tables = undefined;
    throw err;
  });
  return tables;
}

export { getPool };
