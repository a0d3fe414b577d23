import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  defineSignal,
  executeChild,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from './activities';
import type { TripInput } from './types';

const act = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  // Cancelled during a step, the workflow waits to learn whether the step completed (it does not
  // heartbeat, so it runs on), and undoes it if it did (fault-replay's saga laws found a hotel and a
  // charge left behind under the default TRY_CANCEL).
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 3, nonRetryableErrorTypes: ['InjectedFailure'] },
});

const local = proxyLocalActivities<typeof activities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '100 milliseconds', maximumAttempts: 2 },
});

/** The traveller calls the trip off: the saga undoes what it booked. */
export const abortSignal = defineSignal<[string]>('abort');

/** How long the traveller may still call the trip off once hotel and flight are held. */
export const ABORT_WINDOW = '2 seconds';

type Compensation = () => Promise<unknown>;

/**
 * The second reference saga: a quote (local activity), a hotel (activity), a flight (child
 * workflow, undone by another child workflow), an abort window (timer, `abort` signal), then the
 * payment. On any failure, or an abort, the undos run in reverse order (each one, even after
 * one fails) and the workflow fails with the original error.
 */
export async function bookTrip(input: TripInput): Promise<{ tripId: string; seat: string; charge: string }> {
  let aborted: string | undefined;
  setHandler(abortSignal, (reason) => {
    aborted = reason;
  });
  const compensations: Compensation[] = [];
  const childId = (name: string) => `${workflowInfo().workflowId}-${name}`;
  try {
    const quote = await local.quoteTrip(input);
    await act.reserveHotel(input);
    compensations.push(() => act.cancelHotel(input));

    const seat = await executeChild(bookFlight, { args: [input], workflowId: childId('flight'), workflowExecutionTimeout: '30 seconds' });
    compensations.push(() => executeChild(cancelFlight, { args: [input], workflowId: childId('cancel-flight') }));

    if (await condition(() => aborted !== undefined, ABORT_WINDOW)) {
      throw ApplicationFailure.nonRetryable(`trip ${input.tripId} aborted: ${aborted}`, 'TripAborted');
    }
    const charge = await act.chargeCard({ ...input, amountCents: quote.totalCents });
    compensations.push(() => act.refundCard({ ...input, amountCents: quote.totalCents }));
    // Cancelled while the card was charged: the charge completed, and the trip is still undone.
    if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('trip cancelled');
    return { tripId: input.tripId, seat, charge };
  } catch (err) {
    // Cancelled before the rollback began, it closes canceled, even when the step in flight failed meanwhile;
    // a cancel that lands during the rollback of a failure leaves the failure the cause.
    const cancelled = CancellationScope.current().consideredCancelled;
    await CancellationScope.nonCancellable(() => compensate(compensations));
    if (cancelled && !(err instanceof CancelledFailure)) throw new CancelledFailure('trip cancelled', [], err as Error);
    throw err;
  }
}

/** Every undo in reverse order; one that fails does not stop the others (the original error is what the workflow fails with). */
export async function compensate(compensations: Compensation[]): Promise<void> {
  for (const undo of [...compensations].reverse()) {
    try {
      await undo();
    } catch {
      // the undo's failure is in the history; the next undo still runs
    }
  }
}

/** The flight booking, run as a child workflow. */
export async function bookFlight(input: TripInput): Promise<string> {
  return await act.reserveSeat(input);
}

/** The flight's undo, run as a child workflow. */
export async function cancelFlight(input: TripInput): Promise<void> {
  await act.releaseSeat(input);
}
// touch
