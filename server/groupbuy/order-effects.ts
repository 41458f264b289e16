/**
 * What a group (拼团) does when one of its orders is paid, cancelled or refunded: seats, the paid list,
 * forming, and the campaign's stock. Runs inside the order's transaction (server/store/order-effects.ts).
 */
import { memberPaid, memberRefunded, seatFreed, seatId, type Group } from '../../domain/groupbuy/groupbuy';
import { command, type Tx } from '../kernel/db';
import type { OrderDoc, OrderEffect } from '../store/order-doc';

/** `group_seats/{groupId}:{userId}`: a member's seat, held from order creation. */
export interface Seat { groupId: string; userId: string; orderId: string; heldAt: number; leader: boolean }

const _ = () => command();


/** A group order was paid: record the member, form the group when enough have paid. */
async function seatPaid(tx: Tx, order: OrderDoc, now: number): Promise<void> {
  if (!order.groupId) return;
  const ref = tx.collection('groups').doc<Group>(order.groupId);
  const g = await ref.get();
  if (!g) return;
  const next = memberPaid(g, { userId: order.userId, orderId: order._id, at: now }, now).group;
  if (next !== g) await ref.update({ paid: _().set(next.paid), status: next.status, endedAt: next.endedAt, refundsPending: next.refundsPending, noticesPending: next.noticesPending });
}

/** An unpaid group order was cancelled or timed out: its seat and its campaign stock are freed. */
async function seatCancelled(tx: Tx, order: OrderDoc, _now: number): Promise<void> {
  if (!order.groupId) return;
  const seatRef = tx.collection('group_seats').doc<Seat>(seatId(order.groupId, order.userId));
  const seat = await seatRef.get();
  if (!seat || seat.orderId !== order._id) return;
  const ref = tx.collection('groups').doc<Group>(order.groupId);
  const g = await ref.get();
  await seatRef.remove();
  if (g) await ref.update({ seatsTaken: seatFreed(g).seatsTaken });
  const campaignId = order.extra?.campaignId;
  if (typeof campaignId === 'string') await tx.collection('group_campaigns').doc(campaignId).update({ stock: _().inc(1) });
}

/** A group order was refunded in full: a forming group loses that member; the campaign gets its unit back. */
async function seatRefunded(tx: Tx, order: OrderDoc, _now: number): Promise<void> {
  if (!order.groupId || order.status !== 'refunded') return;
  const ref = tx.collection('groups').doc<Group>(order.groupId);
  const g = await ref.get();
  if (g && g.status === 'forming') {
    const next = memberRefunded(g, order._id);
    if (next !== g) {
      await ref.update({ paid: _().set(next.paid), seatsTaken: next.seatsTaken });
      await tx.collection('group_seats').doc(seatId(order.groupId, order.userId)).remove();
    }
  }
  const campaignId = order.extra?.campaignId;
  if (typeof campaignId === 'string') await tx.collection('group_campaigns').doc(campaignId).update({ stock: _().inc(1) });
}

export const groupSeatEffects: OrderEffect = { name: 'groupbuy.seats', paid: seatPaid, cancelled: seatCancelled, refunded: seatRefunded };
