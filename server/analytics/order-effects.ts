/**
 * The events the server records itself: `order_create` with the order (see `orderCreatedEvent`) and
 * `pay_success` when it is paid, in the payment's transaction and in the same compact shape `analytics.track` stores, so the funnel, ROI and tag reports
 * count real journeys whether or not the mini-program reported them. `campaign` is the member's channel
 * (where they first came from) for ROI per campaign; `categoryId` the first line's, for the tags.
 */
import { db, type Tx } from '../kernel/db';
import { isDuplicateKey } from '../kernel/errors';
import type { OrderEffect } from '../store/order-doc';
import type { StoredEvent } from '../../domain/analytics/analytics';
import { stableId } from '../../domain/kernel/ids';

async function paySuccess(tx: Tx, order: Parameters<NonNullable<OrderEffect['paid']>>[1], now: number): Promise<void> {
  // The order keeps the member's channel and the first line's category from its placement; older orders read them.
  const facts = order.placedFacts ?? {
    channel: (await tx.collection('users').doc<{ channel?: string }>(order.userId).get())?.channel ?? null,
    categoryId: order.items[0] ? (await tx.collection('products').doc<{ categoryId?: string | null }>(order.items[0].productId).get())?.categoryId ?? null : null,
  };
  const p: Record<string, unknown> = { orderId: order._id, amountFen: order.payableFen, source: 'server' };
  if (facts.channel) p.campaign = facts.channel;
  // The first line's category: the tags count a purchase 3 times toward the favourite category.
  if (facts.categoryId) p.categoryId = facts.categoryId;
  if (order.groupId) p.groupId = order.groupId;
  const event: StoredEvent = { u: order.userId, n: 'pay_success', at: now, p };
  // Sent with the payment's commit (one round trip less on the callback): inserted under the order's own id, so
  // a retried payment writes it once. Should that commit fail for good, the event may stand for a payment that
  // did not happen (the notification is then answered with an error and WeChat Pay sends it again).
  tx.withCommit(() => insertOnce('events', { _id: stableId('ev', 'pay_success', order._id), ...event }));
}

async function insertOnce(coll: string, doc: Record<string, unknown>): Promise<void> {
  try {
    await db().collection(coll).add({ data: doc });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

export const serverEventEffects: OrderEffect = { name: 'analytics.events', paid: paySuccess };

/**
 * The `order_create` event of an order being placed (order.create, groupbuy open/join): written by the
 * placement with the order itself, once per order however often the request is repeated (its id is the order's).
 */
export function orderCreatedEvent(order: { _id: string; userId: string; payableFen: number; groupId: string | null }, now: number): StoredEvent & { _id: string } {
  const p: Record<string, unknown> = { orderId: order._id, amountFen: order.payableFen, source: 'server' };
  if (order.groupId) p.groupId = order.groupId;
  return { _id: stableId('ev', 'order_create', order._id), u: order.userId, n: 'order_create', at: now, p };
}
