/**
 * What membership does when an order is paid or refunded: the lifetime paid spend the tier is derived from
 * moves with it. Runs inside the order's transaction (server/store/order-effects.ts).
 */
import { command, type Tx } from '../kernel/db';
import type { OrderEffect } from '../store/order-doc';


/** Lifetime paid spend (the tier is derived from it) moves with payments and refunds. */
async function addLifetimeSpend(tx: Tx, userId: string, fen: number): Promise<void> {
  if (fen !== 0) await tx.collection('users').doc(userId).update({ lifetimeSpendFen: command().inc(fen) });
}

export const lifetimeSpendEffects: OrderEffect = {
  name: 'membership.lifetimeSpend',
  paid: (tx, order) => addLifetimeSpend(tx, order.userId, order.payableFen),
  refunded: (tx, order, _now, refund) => addLifetimeSpend(tx, order.userId, -refund.refundFen),
};
