import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';
import type { OrderInput } from './types';

const act = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 3, nonRetryableErrorTypes: ['InjectedFailure'] },
});

type Compensation = () => Promise<unknown>;

/**
 * The second reference saga shape: each step registers its undo *before* it runs, so a step that
 * fails (it may have half-happened: a charge whose reply was lost) is undone too; on a failure all
 * undos run at once (Promise.all, not cancellable; an undo that fails does not stop the others),
 * then the order is marked failed and the workflow fails with the original error.
 */
export async function fulfilOrder(order: OrderInput): Promise<{ orderId: string; shipment: string }> {
  const { orderId } = order;
  const compensations: Compensation[] = [];
  try {
    compensations.push(() => act.releaseStock({ orderId }));
    await act.reserveStock(order);

    compensations.push(() => act.refundPayment({ orderId }));
    await act.chargePayment(order);

    compensations.push(() => act.cancelShipment({ orderId }));
    const { shipment } = await act.createShipment(order);

    return { orderId, shipment };
  } catch (err) {
    await CancellationScope.nonCancellable(() => compensate(orderId, compensations, err));
    throw err;
  }
}

async function compensate(orderId: string, compensations: Compensation[], err: unknown): Promise<void> {
  const undoFailures: string[] = [];
  await Promise.all(compensations.map((undo) => undo().catch((undoErr: unknown) => undoFailures.push(`undo failed: ${errorMessage(undoErr)}`))));
  await act.markOrderFailed({ orderId, reason: [errorMessage(err), ...undoFailures].join('; ') });
}

function errorMessage(err: unknown): string {
  const cause = (err as { cause?: { message?: string } }).cause;
  return cause?.message ?? (err as Error).message ?? String(err);
}
