import { Pool, PoolClient, PoolConfig } from 'pg';

/** The cluster scripts/postgres.sh starts (same port variable, same default). */
export const DEFAULT_DATABASE_URL = `postgres://postgres@127.0.0.1:${process.env.FAULT_REPLAY_PG_PORT || '54329'}/fault_replay`;

const BASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS public.tenants (
  tenant_id text PRIMARY KEY,
  owner_user_id text,
  plan text,
  status text,
  failure_reason text,
  created_at timestamptz DEFAULT now()
);
CREATE TABLE IF NOT EXISTS public.memberships (
  tenant_id text,
  user_id text,
  role text,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE TABLE IF NOT EXISTS public.tenant_settings (
  tenant_id text,
  key text,
  value text,
  PRIMARY KEY (tenant_id, key)
);
CREATE TABLE IF NOT EXISTS public.outbox (
  id bigserial PRIMARY KEY,
  tenant_id text,
  kind text,
  payload jsonb,
  status text DEFAULT 'pending',
  UNIQUE (tenant_id, kind)
);
CREATE TABLE IF NOT EXISTS public.activity_log (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  activity text NOT NULL,
  attempt int,
  at timestamptz DEFAULT now()
);
`;

let pool: Pool | undefined;
let baseSchema: Promise<void> | undefined;

/** DATABASE_URL, else the PG* variables when PGHOST is set, else the cluster of scripts/postgres.sh. */
export function poolConfig(env: NodeJS.ProcessEnv = process.env): PoolConfig {
  const common: PoolConfig = { connectionTimeoutMillis: 5000 };
  if (env.DATABASE_URL) return { ...common, connectionString: env.DATABASE_URL };
  if (env.PGHOST) return common;
  return { ...common, connectionString: DEFAULT_DATABASE_URL };
}

export function describeTarget(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return 'DATABASE_URL';
  if (env.PGHOST) return `PGHOST=${env.PGHOST}`;
  return DEFAULT_DATABASE_URL;
}

export function getPool(): Pool {
  if (!pool) {
    pool = new Pool(poolConfig());
    pool.on('error', (err) => console.error('pg pool: idle client error:', err.message));
  }
  return pool;
}

export async function closePool(): Promise<void> {
  const current = pool;
  pool = undefined;
  baseSchema = undefined;
  await current?.end();
}

/** Runs fn in a transaction holding a transaction-scoped advisory lock on key. */
export async function withAdvisoryLock<T>(key: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Memoized per process; the advisory lock serializes processes (concurrent CREATE TABLE IF NOT EXISTS can race). */
export function ensureBaseSchema(): Promise<void> {
  baseSchema ??= withAdvisoryLock('fault_replay:base_schema', async (client) => {
    await client.query(BASE_SCHEMA);
  }).catch((err: unknown) => {
    baseSchema = undefined;
    throw err;
  });
  return baseSchema;
}

export function tenantSchemaName(tenantId: string): string {
  return `tenant_${tenantId.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}
