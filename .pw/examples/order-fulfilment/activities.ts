/**
 * The order-fulfilment activities on PostgreSQL. Every undo is idempotent and safe to run for a
 * step that never ran or failed half-way (it deletes or marks what may be there), which is what
 * lets the workflow register each undo before its step.
 */
import { Context } from '@temporalio/activity';
import { ensureTables, getPool, SCHEMA } from './db';
import type { FailureInput, OrderInput, OrderRef } from './types';

async function logActivity(activity: string, orderId: string): Promise<void> {
  await ensureTables();
  await getPool().query(`INSERT INTO ${SCHEMA}.activity_log (order_id, activity, attempt) VALUES ($1, $2, $3)`, [
    orderId,
    activity,
    Context.current().info.attempt,
  ]);
}

export async function reserveStock({ orderId, sku, quantity }: OrderInput): Promise<{ reserved: number }> {
  await logActivity('reserveStock', orderId);
  await getPool().query(
    `INSERT INTO ${SCHEMA}.orders (order_id, status) VALUES ($1, 'fulfilling')
     ON CONFLICT (order_id) DO UPDATE SET status = 'fulfilling', failure_reason = NULL`,
    [orderId],
  );
  await getPool().query(
    `INSERT INTO ${SCHEMA}.stock_reservations (order_id, sku, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (order_id) DO UPDATE SET sku = excluded.sku, quantity = excluded.quantity`,
    [orderId, sku, quantity],
  );
  return { reserved: quantity };
}

export async function releaseStock({ orderId }: OrderRef): Promise<void> {
  await logActivity('releaseStock', orderId);
  await getPool().query(`DELETE FROM ${SCHEMA}.stock_reservations WHERE order_id = $1`, [orderId]);
}

export async function chargePayment({ orderId, amountCents }: OrderInput): Promise<{ charged: number }> {
  await logActivity('chargePayment', orderId);
  await getPool().query(
    `INSERT INTO ${SCHEMA}.payments (order_id, amount_cents, status) VALUES ($1, $2, 'charged')
     ON CONFLICT (order_id) DO UPDATE SET amount_cents = excluded.amount_cents, status = 'charged'`,
    [orderId, amountCents],
  );
  return { charged: amountCents };
}

export async function refundPayment({ orderId }: OrderRef): Promise<void> {
  await logActivity('refundPayment', orderId);
  await getPool().query(`UPDATE ${SCHEMA}.payments SET status = 'refunded' WHERE order_id = $1 AND status = 'charged'`, [orderId]);
}

export async function createShipment({ orderId }: OrderInput): Promise<{ shipment: string }> {
  await logActivity('createShipment', orderId);
  await getPool().query(
    `INSERT INTO ${SCHEMA}.shipments (order_id, status) VALUES ($1, 'created')
     ON CONFLICT (order_id) DO UPDATE SET status = 'created'`,
    [orderId],
  );
  return { shipment: `shp-${orderId}` };
}

export async function cancelShipment({ orderId }: OrderRef): Promise<void> {
  await logActivity('cancelShipment', orderId);
  await getPool().query(`DELETE FROM ${SCHEMA}.shipments WHERE order_id = $1`, [orderId]);
}

export async function markOrderFailed({ orderId, reason }: FailureInput): Promise<void> {
  await logActivity('markOrderFailed', orderId);
  await getPool().query(
    `INSERT INTO ${SCHEMA}.orders (order_id, status, failure_reason) VALUES ($1, 'failed', $2)
     ON CONFLICT (order_id) DO UPDATE SET status = 'failed', failure_reason = excluded.failure_reason`,
    [orderId, reason],
  );
}
