/**
 * Fulfilment (发货): the merchant ships a paid order with its carrier and tracking number, the buyer who
 * opted in is told by a subscribe message, and the order timer completes a shipped order the buyer has not
 * confirmed 10 days after shipping (running the completion's reactions, as a confirmation does).
 */
import type { OrderStatus, ShipmentView } from '../../typings/api';
import { dueForAutoComplete, AUTO_COMPLETE_AFTER_MS } from '../../domain/store/aftersale';
import { command, db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { platform } from '../kernel/platform';
import { apply, loadOwn } from './orders';
import { onOrderCompleted } from './order-effects';
import type { OrderDoc } from './order-doc';

type Updated = { stats: { updated: number } };

/** `order_subscriptions/{orderId}`: the buyer's opt-in for the shipping message; `sentAt` once used. */
interface OrderSubscription { orderId: string; userId: string; openid: string; templateIds: string[]; sentAt: number | null; createdAt: number }

/** paid → shipped with its shipment (operators); then the opted-in buyer is told. */
export async function shipOrder(orderId: string, shipment: { carrier: string; trackingNo: string }, now: number): Promise<OrderStatus> {
  const view: ShipmentView = { carrier: shipment.carrier.trim(), trackingNo: shipment.trackingNo.trim(), shippedAt: now };
  if (!view.carrier) throw fail('INVALID_ARGUMENT', 'carrier must not be blank');
  const order = await transaction(async (tx) => {
    const next = await apply(tx, await loadOwn(tx, orderId), { type: 'ship', at: now });
    await tx.collection('orders').doc(orderId).update({ shipment: view });
    return { ...next, shipment: view };
  });
  await sendShippedNotice(order, now);
  return order.status;
}

/** Records the buyer's opt-in for their order's shipping message (one message per accepted template). */
export async function subscribeToShipping(caller: { userId: string; openid: string }, orderId: string, templateIds: string[], now: number): Promise<{ subscribed: number }> {
  const o = await findById<OrderDoc>('orders', orderId);
  if (!o || o.userId !== caller.userId) throw fail('NOT_FOUND', 'no such order');
  await transaction(async (tx) => {
    const ref = tx.collection('order_subscriptions').doc<OrderSubscription>(orderId);
    const sub = await ref.get();
    if (sub?.sentAt) throw fail('ALREADY_DONE', 'the order has shipped and you were told');
    const merged = [...new Set([...(sub?.templateIds ?? []), ...templateIds])];
    await ref.set({ orderId, userId: caller.userId, openid: caller.openid, templateIds: merged, sentAt: null, createdAt: sub?.createdAt ?? now });
  });
  return { subscribed: templateIds.length };
}

/** Sends the shipping message once: the opt-in is claimed (`sentAt`) by a conditional update before sending. */
async function sendShippedNotice(o: OrderDoc & { shipment: ShipmentView }, now: number): Promise<number> {
  const sub = await findById<OrderSubscription>('order_subscriptions', o._id);
  if (!sub || sub.sentAt) return 0;
  const claimed = (await db().collection('order_subscriptions').where({ _id: o._id, sentAt: null }).update({ data: { sentAt: now } })) as Updated;
  if (claimed.stats.updated !== 1) return 0;
  let sent = 0;
  for (const templateId of sub.templateIds) {
    try {
      await platform().openapi.subscribeMessage.send({
        touser: sub.openid, templateId, page: `pages/orders/detail?orderId=${o._id}`,
        data: { thing1: { value: (o.items[0]?.title ?? '您的订单').slice(0, 20) }, thing2: { value: o.shipment.carrier.slice(0, 20) }, character_string3: { value: o.shipment.trackingNo.slice(0, 32) } },
      });
      sent++;
    } catch (err) {
      // The opt-in is used up either way (the platform allows one message per acceptance).
      console.error(`[order ${o._id}] shipping message failed`, err);
    }
  }
  return sent;
}

/**
 * The order timer: completes shipped orders not confirmed AUTO_COMPLETE_AFTER_MS after shipping
 * (`completedBy: "timer"`), running onOrderCompleted in the same transaction. Each order is re-checked in
 * its transaction, so a buyer confirming at the same moment completes it once.
 */
export async function completeShippedOrders(now: number): Promise<{ completed: number }> {
  const { data } = await db().collection('orders').where({ status: 'shipped', shippedAt: command().lte(now - AUTO_COMPLETE_AFTER_MS) }).orderBy('shippedAt', 'asc').limit(100).get();
  let completed = 0;
  for (const listed of data as OrderDoc[]) {
    completed += await transaction(async (tx) => {
      const o = await tx.collection('orders').doc<OrderDoc>(listed._id).get();
      if (!o || !dueForAutoComplete(o, now)) return 0;
      const next = await apply(tx, o, { type: 'confirmReceipt', at: now });
      await tx.collection('orders').doc(o._id).update({ completedBy: 'timer' });
      await onOrderCompleted(tx, next, now);
      return 1;
    });
  }
  return { completed };
}
