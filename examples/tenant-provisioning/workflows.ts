import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';
import type { TenantInput } from './types';

const act = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['InjectedFailure', 'ValidationError'],
  },
});

type Compensation = () => Promise<unknown>;

/**
 * The reference saga: six provisioning steps; each completed step registers its undo, and on any
 * failure the undos run in reverse order (not cancellable), the tenant is marked failed, and the
 * workflow fails with the original error.
 */
export async function provisionTenant(input: TenantInput): Promise<{ tenantId: string; schema: string }> {
  const { tenantId, ownerUserId, plan } = input;
  const compensations: Compensation[] = [];
  try {
    await act.createTenantRecord(input);
    compensations.push(() => act.deleteTenantRecord({ tenantId }));

    const { schema } = await act.createTenantSchema({ tenantId });
    compensations.push(() => act.dropTenantSchema({ tenantId }));

    await act.applyTenantMigrations({ tenantId });
    compensations.push(() => act.revertTenantMigrations({ tenantId }));

    await act.createOwnerMembership({ tenantId, ownerUserId });
    compensations.push(() => act.removeOwnerMembership({ tenantId, ownerUserId }));

    await act.seedDefaultSettings({ tenantId, plan });
    compensations.push(() => act.deleteDefaultSettings({ tenantId }));

    await act.sendWelcomeEmail({ tenantId, ownerUserId });
    compensations.push(() => act.cancelWelcomeEmail({ tenantId }));

    return { tenantId, schema };
  } catch (err) {
    await CancellationScope.nonCancellable(() => compensate(tenantId, compensations, err));
    throw err;
  }
}

/**
 * Runs every undo in reverse order. An undo that fails does not stop the others (fault-replay's
 * nested faults found that it did): its failure is kept in the reason the tenant is marked with.
 */
async function compensate(tenantId: string, compensations: Compensation[], err: unknown): Promise<void> {
  const undoFailures: string[] = [];
  for (const undo of [...compensations].reverse()) {
    try {
      await undo();
    } catch (undoErr) {
      undoFailures.push(`undo failed: ${errorMessage(undoErr)}`);
    }
  }
  await act.markTenantFailed({ tenantId, reason: [errorMessage(err), ...undoFailures].join('; ') });
}

function errorMessage(err: unknown): string {
  const cause = (err as { cause?: { message?: string } }).cause;
  return cause?.message ?? (err as Error).message ?? String(err);
}
