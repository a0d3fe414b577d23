import { ActivityCancellationType, CancellationScope, CancelledFailure, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';
import type { TenantInput } from './types';

const act = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  // A step the workflow is cancelled during runs on (it does not heartbeat): the workflow waits to
  // learn whether it completed, so a completed step's undo is registered before the rollback (fault-replay's
  // saga laws found the step left done and never undone under the default TRY_CANCEL).
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
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
 * workflow fails with the original error. Cancelled, it waits for the step in flight, undoes what
 * completed, and closes canceled.
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

    // Cancelled while the last step ran: it completed, and the provisioning is still undone.
    if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('provisioning cancelled');
    return { tenantId, schema };
  } catch (err) {
    // Cancelled before the rollback began, it closes canceled, even when the step in flight failed meanwhile;
    // a cancel that lands during the rollback of a failure leaves the failure the cause.
    const cancelled = CancellationScope.current().consideredCancelled;
    await CancellationScope.nonCancellable(() => compensate(tenantId, compensations, err));
    if (cancelled && !(err instanceof CancelledFailure)) throw new CancelledFailure('provisioning cancelled', [], err as Error);
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
