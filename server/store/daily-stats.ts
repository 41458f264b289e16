/**
 * The back-office's daily figures, kept as the orders move instead of summed from orders: each payment
 * adds its payable amount and one order, each refund its amount, to `daily_stats/{day}:{shard}` (day in
 * China time, UTC+8) inside the transaction that pays or refunds. Eight shards per day (by order id) keep
 * a busy day's payments from all conflicting on one document; a day's figure is the sum of its shards. The
 * order timer creates each day's shards ahead (`prepareDays`), so a payment increments without reading.
 */
import { createHash } from 'node:crypto';
import { chinaDay } from '../../domain/kernel/ids';
import { command, db, type Tx } from '../kernel/db';
import { isDuplicateKey } from '../kernel/errors';
import type { OrderEffect } from './order-doc';

export const STATS_SHARDS = 8;
export interface DailyStats { day: string; shard: number; paidFen: number; orders: number; refundedFen: number; refunds: number }

const shardOf = (orderId: string) => createHash('sha256').update(orderId).digest()[0] % STATS_SHARDS;

async function addToDay(tx: Tx, orderId: string, now: number, d: { paidFen?: number; orders?: number; refundedFen?: number; refunds?: number }): Promise<void> {
  const day = chinaDay(now);
  const shard = shardOf(orderId);
  const ref = tx.collection('daily_stats').doc<DailyStats>(`${day}:${shard}`);
  const _ = command();
  // Incremented without being read; only the first change of a shard's day finds no document and creates it
  // (every change counts an order or a refund, so an existing shard always changes).
  const res = await ref.update({ paidFen: _.inc(d.paidFen ?? 0), orders: _.inc(d.orders ?? 0), refundedFen: _.inc(d.refundedFen ?? 0), refunds: _.inc(d.refunds ?? 0) });
  if (res.updated === 0) await ref.set({ day, shard, paidFen: d.paidFen ?? 0, orders: d.orders ?? 0, refundedFen: d.refundedFen ?? 0, refunds: d.refunds ?? 0 });
}

/**
 * Creates today's and tomorrow's shards ahead (the order timer, every minute), so that a payment only ever
 * increments its shard: one query, and an insert per missing shard (none once they exist).
 */
export async function prepareDays(now: number): Promise<number> {
  const days = [chinaDay(now), chinaDay(now + 24 * 3600_000)];
  const { data } = await db().collection('daily_stats').where({ day: command().in(days) }).limit(days.length * STATS_SHARDS).get();
  const have = new Set((data as DailyStats[]).map((r) => `${r.day}:${r.shard}`));
  const missing = days.flatMap((day) => Array.from({ length: STATS_SHARDS }, (_, shard) => ({ day, shard }))).filter((s) => !have.has(`${s.day}:${s.shard}`));
  await Promise.all(missing.map(async ({ day, shard }) => {
    try {
      await db().collection('daily_stats').add({ data: { _id: `${day}:${shard}`, day, shard, paidFen: 0, orders: 0, refundedFen: 0, refunds: 0 } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // a payment created it first
    }
  }));
  return missing.length;
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
