/** The second reference saga: an order fulfilled on PostgreSQL (schema `order_fulfilment`). */
export interface OrderInput {
  orderId: string;
  sku: string;
  quantity: number;
  amountCents: number;
}

export interface OrderRef {
  orderId: string;
}

export interface FailureInput extends OrderRef {
  reason: string;
}

/** The forward steps, in order; each registers its undo before it runs (releaseStock, refundPayment, cancelShipment). */
export const FULFILMENT_STEPS = ['reserveStock', 'chargePayment', 'createShipment'] as const;
