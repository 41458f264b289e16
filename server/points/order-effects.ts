/**
 * What points (积分) do when an order changes: 1 point per whole yuan paid, taken back on refund; points
 * spent as a discount come back on cancel or refund. Every ledger write is keyed by its business event, so
 * it applies once. Runs inside the order's transaction (server/store/order-effects.ts).
 */
import { pointsForPayment } from '../../domain/points/points';
import type { Tx } from '../kernel/db';
import type { OrderDoc, OrderEffect, RefundDone } from '../store/order-doc';
import { creditPoints, returnPoints, takeBackPoints } from './ledger';


/** 1 point per whole yuan paid, credited once per order (`order:<id>:earn`). */
async function creditPurchasePoints(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  const points = pointsForPayment(order.payableFen);
  // Runs in the transaction of the order's one `pay` transition: the earn entry cannot exist yet.
  if (points > 0) await creditPoints(tx, { userId: order.userId, key: `order:${order._id}:earn`, kind: 'purchase', refId: order._id, points, now, firstTime: true });
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

export const purchasePointsEffects: OrderEffect = {
  name: 'points.purchase',
  paid: creditPurchasePoints,
  cancelled: returnSpentPoints,
  refunded: async (tx, order, now, refund) => {
    await takeBackPurchasePoints(tx, order, now, refund);
    await returnRefundedLinePoints(tx, order, now, refund);
  },
};
