/**
 * What other features do when an order changes state, in one ordered table: each feature contributes an
 * `OrderEffect` from its own folder, and the order code calls the hooks below, which run the table top to
 * bottom inside the transaction that makes the transition. So a reaction happens exactly when the
 * transition does (and never twice: every ledger write is keyed by its business event), and the order code
 * never imports the features that react to it.
 *
 * The order matters and is tested (test/store/order-effects.test.ts): points are credited before the group
 * forms and before commission accrues, and on a refund points are taken back before the seat and the
 * commission follow. A new reaction is a new entry here.
 */
import type { Tx } from '../kernel/db';
import type { OrderDoc, OrderEffect, RefundDone } from './order-doc';
import { purchasePointsEffects } from '../points/order-effects';
import { lifetimeSpendEffects } from '../membership/order-effects';
import { groupSeatEffects } from '../groupbuy/order-effects';
import { commissionEffects } from '../distribution/order-effects';
import { serverEventEffects } from '../analytics/order-effects';

export type { OrderEffect, RefundDone } from './order-doc';

/** Every reaction to an order, in the order it runs. */
export const ORDER_EFFECTS: readonly OrderEffect[] = [purchasePointsEffects, lifetimeSpendEffects, groupSeatEffects, commissionEffects, serverEventEffects];

export async function onOrderPaid(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  for (const e of ORDER_EFFECTS) await e.paid?.(tx, order, now);
}

export async function onOrderCancelled(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  for (const e of ORDER_EFFECTS) await e.cancelled?.(tx, order, now);
}

export async function onOrderCompleted(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  for (const e of ORDER_EFFECTS) await e.completed?.(tx, order, now);
}

export async function onOrderRefunded(tx: Tx, order: OrderDoc, now: number, refund: RefundDone): Promise<void> {
  for (const e of ORDER_EFFECTS) await e.refunded?.(tx, order, now, refund);
}
