/**
 * What other parts of the product do when an order changes state. Each hook runs inside the transaction
 * that makes the transition, so a reaction happens exactly when the transition does (and never twice:
 * every ledger write below is keyed by its business event). Keep each reaction a small named function
 * and add it to its hook's list: other features (commission, group seats) add one line here.
 */
import { pointsForPayment } from '../domain/points';
import { command, type Tx } from './db';
import type { OrderDoc } from './orders';
import { creditPoints, returnPoints, takeBackPoints } from './points';
import { onGroupOrderCancelled, onGroupOrderPaid, onGroupOrderRefunded } from './groupbuy';
import { accrueForOrder, reverseForRefund, startSettleWindow } from './distribution';

/** A refund that has just succeeded on `order` (already updated with it). */
export interface RefundDone { outRefundNo: string; refundFen: number; skuIds: string[]; pointsBack: number }

// ---- points ----

/** 1 point per whole yuan paid, credited once per order (`order:<id>:earn`). */
async function creditPurchasePoints(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  const points = pointsForPayment(order.payableFen);
  if (points > 0) await creditPoints(tx, { userId: order.userId, key: `order:${order._id}:earn`, kind: 'purchase', refId: order._id, points, now });
}

/**
 * Takes back the points the refunded money had earned: what the order earns on its paid amount before
 * the refund minus what it earns after (so partial refunds never take back more than was credited).
 */
async function takeBackPurchasePoints(tx: Tx, order: OrderDoc, now: number, refund: RefundDone): Promise<void> {
  const before = pointsForPayment(order.payableFen - (order.refundedFen - refund.refundFen));
  const after = pointsForPayment(order.payableFen - order.refundedFen);
  if (before - after > 0) {
    await takeBackPoints(tx, { userId: order.userId, key: `order:${order._id}:refund:${refund.outRefundNo}`, kind: 'refund', refId: order._id, points: before - after, now, creditKey: `order:${order._id}:earn` });
  }
}

const spendKey = (order: OrderDoc) => `order:${order._id}:spend`;
const lineReturnKey = (order: OrderDoc, outRefundNo: string) => `order:${order._id}:refund:${outRefundNo}:spendReturn`;

/**
 * Points the order spent as a discount come back when it is cancelled or times out, into the lots they
 * were taken from with their original expiry (a lot that expired meanwhile is not revived).
 */
async function returnSpentPoints(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  if (order.pointsUsed > 0) await returnPoints(tx, { userId: order.userId, key: `order:${order._id}:spendReturn`, kind: 'orderSpendReturn', refId: order._id, points: order.pointsUsed, now, spendKey: spendKey(order), priorKeys: [] });
}

/**
 * Points spent on refunded lines come back with the refund, into their original lots (as above). Earlier
 * line refunds of the order (`<orderId>_r1`, `_r2`...) count: no lot gets back more than was taken from it.
 */
async function returnRefundedLinePoints(tx: Tx, order: OrderDoc, now: number, refund: RefundDone): Promise<void> {
  if (refund.pointsBack <= 0) return;
  const priorKeys = Array.from({ length: order.refundCount + 1 }, (_, i) => lineReturnKey(order, `${order._id}_r${i + 1}`));
  await returnPoints(tx, { userId: order.userId, key: lineReturnKey(order, refund.outRefundNo), kind: 'orderSpendReturn', refId: order._id, points: refund.pointsBack, now, spendKey: spendKey(order), priorKeys });
}

// ---- membership ----

/** Lifetime paid spend (the tier is derived from it) moves with payments and refunds. */
async function addLifetimeSpend(tx: Tx, userId: string, fen: number): Promise<void> {
  if (fen !== 0) await tx.collection('users').doc(userId).update({ lifetimeSpendFen: command().inc(fen) });
}

// ---- hooks ----

/** pendingPayment → paid (a payment notification, or a zero-payable order at creation). */
export async function onOrderPaid(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  await creditPurchasePoints(tx, order, now);
  await addLifetimeSpend(tx, order.userId, order.payableFen);
  await onGroupOrderPaid(tx, order, now);
  await accrueForOrder(tx, order, now);
}

/** A refund succeeded (the order is `refunded`, or back where it was after a partial refund). */
export async function onOrderRefunded(tx: Tx, order: OrderDoc, now: number, refund: RefundDone): Promise<void> {
  await takeBackPurchasePoints(tx, order, now, refund);
  await returnRefundedLinePoints(tx, order, now, refund);
  await addLifetimeSpend(tx, order.userId, -refund.refundFen);
  await onGroupOrderRefunded(tx, order, now);
  await reverseForRefund(tx, order, refund, now);
}

/** pendingPayment → cancelled (by the member, or the payment timeout). Stock and coupon are released by orders.ts. */
export async function onOrderCancelled(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  await returnSpentPoints(tx, order, now);
  await onGroupOrderCancelled(tx, order, now);
}

/** shipped → completed (`completedAt` is set: distribution settles commission after it). */
export async function onOrderCompleted(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  await startSettleWindow(tx, order, now);
}
