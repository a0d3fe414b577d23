/**
 * Records the committed corpus histories/tenant-provisioning/ on a real local Temporal server with
 * the reference saga and a real PostgreSQL: one happy run and one real failure per step.
 * Run: npm run record:examples   (then `npm run check -- --update` and review the golden diff)
 */
import { join } from 'node:path';
import { recordHistory } from '../src/record/record';
import { installQuietRuntime } from '../src/util/quiet';
import { PROVISIONING_STEPS } from '../examples/tenant-provisioning/types';

const EXAMPLE = 'examples/tenant-provisioning';
const OUT_DIR = 'histories/tenant-provisioning';

/**
 * Every run provisions the same tenant, so a real failure history and the happy history rewritten
 * with a fault at the same step carry the same payloads (the fidelity test compares them). The
 * activities are idempotent, so running them again for the same tenant is safe.
 */
export const TENANT = { tenantId: 'acme', ownerUserId: 'user-ada', plan: 'team' };

async function recordOne(name: string, failActivities: string[]): Promise<void> {
  const result = await recordHistory({
    workflowsPath: join(EXAMPLE, 'workflows.ts'),
    activitiesPath: join(EXAMPLE, 'activities.ts'),
    workflowType: 'provisionTenant',
    args: [TENANT],
    failActivities,
    out: join(OUT_DIR, `${name}.json`),
    server: 'dev',
    timeoutMs: 60_000,
    workflowId: `provision-${TENANT.tenantId}-${name}`,
  });
  console.log(`${result.out}: ${result.events} events, ${result.closeEventType}`);
}

async function main(): Promise<void> {
  installQuietRuntime();
  await recordOne('happy', []);
  for (const step of PROVISIONING_STEPS) {
    await recordOne(`real-failure-${step}`, [step]);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`record:examples: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
