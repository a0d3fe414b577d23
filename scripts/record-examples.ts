/**
 * Records the committed corpora on a real local Temporal server with the reference sagas and a real
 * PostgreSQL: per saga, one happy run and one real failure per step.
 *   histories/tenant-provisioning/  provisionTenant (undo registered after each step, undos in reverse)
 *   histories/order-fulfilment/     fulfilOrder (undo registered before each step, undos in parallel)
 * Run: npm run record:examples [-- tenant-provisioning | order-fulfilment]
 *   (then `npm run check -- --update` and review the golden diff)
 */
import { join } from 'node:path';
import { recordHistory } from '../src/record/record';
import { installQuietRuntime } from '../src/util/quiet';
import { PROVISIONING_STEPS } from '../examples/tenant-provisioning/types';
import { FULFILMENT_STEPS } from '../examples/order-fulfilment/types';
import { runScript } from './run-script';

/**
 * Every run provisions the same tenant, so a real failure history and the happy history rewritten
 * with a fault at the same step carry the same payloads (the fidelity test compares them). The
 * activities are idempotent, so running them again for the same tenant is safe.
 */
export const TENANT = { tenantId: 'acme', ownerUserId: 'user-ada', plan: 'team' };

/** Every run fulfils the same order, for the same reason; its rows live in schema order_fulfilment. */
export const ORDER = { orderId: 'ord-1001', sku: 'sku-kettle', quantity: 2, amountCents: 5998 };

interface ExampleSaga {
  name: string;
  workflowType: string;
  args: unknown[];
  steps: readonly string[];
  workflowId: (run: string) => string;
}

export const EXAMPLE_SAGAS: ExampleSaga[] = [
  {
    name: 'tenant-provisioning',
    workflowType: 'provisionTenant',
    args: [TENANT],
    steps: PROVISIONING_STEPS,
    workflowId: (run) => `provision-${TENANT.tenantId}-${run}`,
  },
  {
    name: 'order-fulfilment',
    workflowType: 'fulfilOrder',
    args: [ORDER],
    steps: FULFILMENT_STEPS,
    workflowId: (run) => `fulfil-${ORDER.orderId}-${run}`,
  },
];

async function recordOne(saga: ExampleSaga, run: string, failActivities: string[]): Promise<void> {
  const example = join('examples', saga.name);
  const result = await recordHistory({
    workflowsPath: join(example, 'workflows.ts'),
    activitiesPath: join(example, 'activities.ts'),
    workflowType: saga.workflowType,
    args: saga.args,
    failActivities,
    out: join('histories', saga.name, `${run}.json`),
    server: 'dev',
    timeoutMs: 60_000,
    workflowId: saga.workflowId(run),
  });
  console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
}

async function main(): Promise<void> {
  installQuietRuntime();
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !EXAMPLE_SAGAS.some((saga) => saga.name === name));
  if (unknown.length > 0)
    throw new Error(
      `no example saga named ${unknown.join(', ')} (known: ${EXAMPLE_SAGAS.map((s) => s.name).join(', ')})`,
    );
  for (const saga of EXAMPLE_SAGAS.filter((s) => only.length === 0 || only.includes(s.name))) {
    await recordOne(saga, 'happy', []);
    for (const step of saga.steps) await recordOne(saga, `real-failure-${step}`, [step]);
  }
}

if (require.main === module) runScript('record:examples', main);
