/**
 * The back-office's daily figures, kept as the orders move instead of summed from orders: each payment
 * adds its payable amount and one order, each refund its amount, to `daily_stats/{day}:{shard}` (day in
 * China time, UTC+8) inside the transaction that pays or refunds. Eight shards per day (by order id) keep
 * a busy day's payments from all conflicting on one document; a day's figure is the sum of its shards.
 */
import { createHash } from 'node:crypto';
import { chinaDay } from '../../domain/kernel/ids';
import { command, db, type Tx } from '../kernel/db';
import type { OrderEffect } from './order-doc';

export const STATS_SHARDS = 8;
export interface DailyStats { day: string; shard: number; paidFen: number; orders: number; refundedFen: number; refunds: number }

const shardOf = (orderId: string) => createHash('sha256').update(orderId).digest()[0] % STATS_SHARDS;

async function addToDay(tx: Tx, orderId: string, now: number, d: { paidFen?: number; orders?: number; refundedFen?: number; refunds?: number }): Promise<void> {
  const day = chinaDay(now);
  const shard = shardOf(orderId);
  const ref = tx.collection('daily_stats').doc<DailyStats>(`${day}:${shard}`);
  const cur = await ref.get();
  const _ = command();
  if (!cur) {
    await ref.set({ day, shard, paidFen: d.paidFen ?? 0, orders: d.orders ?? 0, refundedFen: d.refundedFen ?? 0, refunds: d.refunds ?? 0 });
    return;
  }
  await ref.update({ paidFen: _.inc(d.paidFen ?? 0), orders: _.inc(d.orders ?? 0), refundedFen: _.inc(d.refundedFen ?? 0), refunds: _.inc(d.refunds ?? 0) });
}

export const dailyStatsEffects: OrderEffect = {
  name: 'store.dailyStats',
  paid: (tx, order, now) => addToDay(tx, order._id, now, { paidFen: order.payableFen, orders: 1 }),
  refunded: (tx, order, now, refund) => addToDay(tx, order._id, now, { refundedFen: refund.refundFen, refunds: 1 }),
};

/** The figures of the given days (yyyy-mm-dd), shards summed, in the order asked; one query. */
export async function statsOfDays(days: string[]): Promise<{ day: string; paidFen: number; orders: number; refundedFen: number }[]> {
  const { data } = await db().collection('daily_stats').where({ day: command().in(days) }).limit(days.length * STATS_SHARDS).get();
  return days.map((day) => {
    const rows = (data as DailyStats[]).filter((r) => r.day === day);
    return { day, paidFen: rows.reduce((s, r) => s + r.paidFen, 0), orders: rows.reduce((s, r) => s + r.orders, 0), refundedFen: rows.reduce((s, r) => s + r.refundedFen, 0) };
  });
}
