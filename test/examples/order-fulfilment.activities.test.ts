/**
 * The second reference saga's activities on the real PostgreSQL (schema order_fulfilment): each
 * undo reverses its step, and is safe for a step that never ran, which is what lets the workflow
 * register it before the step (the failed step undone too). Orders are unique to this run.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import * as activities from '../../examples/order-fulfilment/activities';
import { ensureTables, getPool, SCHEMA } from '../../examples/order-fulfilment/db';
import { closePool, describeTarget } from '../../examples/tenant-provisioning/db';
import type { OrderInput } from '../../examples/order-fulfilment/types';

const runId = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
const order: OrderInput = { orderId: `laws2-${runId}`, sku: 'sku-test', quantity: 3, amountCents: 1200 };
const never: OrderInput = { ...order, orderId: `laws2-never-${runId}` };
const { orderId } = order;

const run = <A, R>(fn: (arg: A) => Promise<R>, arg: A): Promise<R> =>
  new MockActivityEnvironment({ attempt: 1 }, { logger: new DefaultLogger('ERROR') }).run(fn, arg) as Promise<R>;

async function world(id: string): Promise<Record<string, unknown[]>> {
  const rows = async (table: string, columns: string) => (await getPool().query(`SELECT ${columns} FROM ${SCHEMA}.${table} WHERE order_id = $1`, [id])).rows;
  return {
    orders: await rows('orders', 'status'),
    stock: await rows('stock_reservations', 'sku, quantity'),
    payments: await rows('payments', 'amount_cents, status'),
    shipments: await rows('shipments', 'status'),
  };
}

describe('order-fulfilment activities (real Postgres, schema order_fulfilment)', function () {
  this.timeout(30_000);

  before(async () => {
    try {
      await ensureTables();
    } catch (err) {
      throw new Error(`Postgres not reachable at ${describeTarget()} (start it with scripts/postgres.sh start): ${(err as Error).message}`);
    }
  });

  after(async () => {
    try {
      for (const table of ['orders', 'stock_reservations', 'payments', 'shipments', 'activity_log']) {
        await getPool().query(`DELETE FROM ${SCHEMA}.${table} WHERE order_id = ANY($1)`, [[orderId, never.orderId]]);
      }
    } finally {
      await closePool();
    }
  });

  it('the forward steps write their rows; running one again changes nothing (idempotent)', async () => {
    await run(activities.reserveStock, order);
    await run(activities.chargePayment, order);
    await run(activities.createShipment, order);
    const once = await world(orderId);
    await run(activities.chargePayment, order);
    expect(await world(orderId)).to.deep.equal(once);
    expect(once).to.deep.equal({
      orders: [{ status: 'fulfilling' }],
      stock: [{ sku: 'sku-test', quantity: 3 }],
      payments: [{ amount_cents: 1200, status: 'charged' }],
      shipments: [{ status: 'created' }],
    });
  });

  it('the undos (in parallel) and markOrderFailed leave nothing held: stock released, payment refunded, no shipment', async () => {
    await Promise.all([run(activities.releaseStock, order), run(activities.refundPayment, order), run(activities.cancelShipment, order)]);
    await run(activities.markOrderFailed, { orderId, reason: 'test' });
    expect(await world(orderId)).to.deep.equal({ orders: [{ status: 'failed' }], stock: [], payments: [{ amount_cents: 1200, status: 'refunded' }], shipments: [] });
  });

  it('every undo is safe for a step that never ran (the failed step is undone too): no error, no row', async () => {
    await run(activities.releaseStock, never);
    await run(activities.refundPayment, never);
    await run(activities.cancelShipment, never);
    expect(await world(never.orderId)).to.deep.equal({ orders: [], stock: [], payments: [], shipments: [] });
    const log = await getPool().query(`SELECT activity FROM ${SCHEMA}.activity_log WHERE order_id = $1 ORDER BY id`, [never.orderId]);
    expect(log.rows.map((r: { activity: string }) => r.activity)).to.deep.equal(['releaseStock', 'refundPayment', 'cancelShipment']);
  });
});
