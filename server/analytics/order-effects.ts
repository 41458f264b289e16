/**
 * The events the server records itself when an order is paid (`pay_success`), in the payment's
 * transaction and in the same compact shape `analytics.track` stores, so the funnel, ROI and tag reports
 * count real journeys whether or not the mini-program reported them. `campaign` is the member's channel
 * (where they first came from) for ROI per campaign; `categoryId` the first line's, for the tags.
 */
import { db, type Tx } from '../kernel/db';
import { isDuplicateKey } from '../kernel/errors';
import type { OrderEffect } from '../store/order-doc';
import type { StoredEvent } from '../../domain/analytics/analytics';
import { stableId } from '../../domain/kernel/ids';

async function paySuccess(tx: Tx, order: Parameters<NonNullable<OrderEffect['paid']>>[1], now: number): Promise<void> {
  const [user, product] = [
    await tx.collection('users').doc<{ channel?: string }>(order.userId).get(),
    order.items[0] ? await tx.collection('products').doc<{ categoryId?: string | null }>(order.items[0].productId).get() : null,
  ];
  const p: Record<string, unknown> = { orderId: order._id, amountFen: order.payableFen, source: 'server' };
  if (user?.channel) p.campaign = user.channel;
  // The first line's category: the tags count a purchase 3 times toward the favourite category.
  if (product?.categoryId) p.categoryId = product.categoryId;
  if (order.groupId) p.groupId = order.groupId;
  const event: StoredEvent = { u: order.userId, n: 'pay_success', at: now, p };
  await tx.collection('events').add({ _id: stableId('ev', 'pay_success', order._id), ...event });
}

export const serverEventEffects: OrderEffect = { name: 'analytics.events', paid: paySuccess };

/**
 * Records `order_create` for an order the member just placed (order.create, groupbuy open/join), once per
 * order however often the request is repeated (the event id is the order's).
 */
export async function recordOrderCreated(userId: string, order: { orderId: string; payableFen: number }, now: number, extra: Record<string, unknown> = {}): Promise<void> {
  const event: StoredEvent = { u: userId, n: 'order_create', at: now, p: { orderId: order.orderId, amountFen: order.payableFen, source: 'server', ...extra } };
  try {
    await db().collection('events').add({ data: { _id: stableId('ev', 'order_create', order.orderId), ...event } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
