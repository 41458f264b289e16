/**
 * The back-office's daily figures, summed from the orders and refunds themselves: an order records the China
 * day (UTC+8) it was paid (`paidDay`, in the payment's own update) and a refund the day it succeeded
 * (`settledDay`), both indexed, so a day's paid amount, paid orders and refunds are two indexed aggregates and
 * can never drift from what happened. Nothing is written for them on the payment's path.
 */
import { command, db } from '../kernel/db';

interface DayRow { _id: string; fen: number; n: number }

/** The figures of the given days (yyyy-mm-dd), in the order asked: one aggregate over orders, one over refunds, together. */
export async function statsOfDays(days: string[]): Promise<{ day: string; paidFen: number; orders: number; refundedFen: number }[]> {
  const _ = command();
  const $ = db().command.aggregate;
  const [paid, refunded] = (await Promise.all([
    db().collection('orders').aggregate().match({ paidDay: _.in(days) }).group({ _id: '$paidDay', fen: $.sum('$payableFen'), n: $.sum(1) }).end(),
    db().collection('refunds').aggregate().match({ settledDay: _.in(days), kind: 'order', status: 'succeeded' }).group({ _id: '$settledDay', fen: $.sum('$refundFen'), n: $.sum(1) }).end(),
  ])) as { list: DayRow[] }[];
  const byDay = (rows: DayRow[]) => new Map(rows.map((r) => [r._id, r]));
  const p = byDay(paid.list);
  const r = byDay(refunded.list);
  return days.map((day) => ({ day, paidFen: p.get(day)?.fen ?? 0, orders: p.get(day)?.n ?? 0, refundedFen: r.get(day)?.fen ?? 0 }));
}
