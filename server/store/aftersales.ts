/**
 * After-sales (售后): the member's refund request and the merchant's review and refunds. The rules are in
 * domain/store/aftersale.ts; money moves only through the order's one refund path (`requestRefund` in
 * orders.ts), so points, coupon, stock, group seat and commission follow every refund through the
 * order-effects table exactly as before.
 *
 * Concurrency: every decision is made inside the transaction that starts the refund (or records the
 * request), after reading the order there. Two operators approving one request at once: the order
 * document's version lets one transaction commit; the other re-reads, finds the request `approved` and
 * answers ALREADY_DONE, so the money goes back once.
 */
import type { AfterSaleView, OrderStatus, RefundLine } from '../../typings/api';
import { newAfterSale, reviewAfterSale, routeMemberRefund, type AfterSale } from '../../domain/store/aftersale';
import { planRefund } from '../../domain/store/order';
import { command, db, findById, transaction } from '../kernel/db';
import { requestPayRefund } from './pay';
import { fail, orFail } from '../kernel/errors';
import { loadOwn, refundFailed, requestRefund } from './orders';
import type { OrderDoc } from './order-doc';

export function afterSaleView(a: AfterSale): AfterSaleView {
  return { status: a.status, reason: a.reason, note: a.note, requestedAt: a.requestedAt, reviewedAt: a.reviewedAt, lines: a.lines };
}

/** The order's after-sale fields as one patch (the nested record and its indexed top-level copies). */
const afterSalePatch = (a: AfterSale) => ({ afterSale: a, afterSaleStatus: a.status, afterSaleAt: a.requestedAt });

/**
 * The member's `order.refund`: a paid order is refunded at once; a shipped order, or one completed within
 * 7 days, gets an after-sale request (the order keeps its status); later: INVALID_STATE. The units asked
 * for are checked against the order when the request is made (nothing is written for a bad request).
 */
export async function memberRefund(orderId: string, ownerId: string, reason: string, skuIds: string[] | undefined, lines: RefundLine[] | undefined, now: number): Promise<{ status: OrderStatus; afterSale?: AfterSaleView }> {
  const recorded = await transaction(async (tx) => {
    const o = await loadOwn(tx, orderId, ownerId);
    const route = orFail(routeMemberRefund(o, now));
    if (route === 'refundNow') return null;
    const plan = orFail(planRefund(o, skuIds, lines));
    const a = newAfterSale(reason, plan.lines.map(({ skuId, quantity }) => ({ skuId, quantity })), now);
    await tx.collection('orders').doc(orderId).update(afterSalePatch(a));
    return { status: o.status, afterSale: afterSaleView(a) };
  });
  if (recorded) return recorded;
  // A paid order not shipped: refunded at once, as before (its state is re-checked in the refund's transaction).
  const { order } = await requestRefund(orderId, ownerId, reason, skuIds, now, {
    lines,
    within: async (_tx, o) => {
      if (o.status !== 'paid') throw fail('INVALID_STATE', `the order is ${o.status} now; ask again`);
      return {};
    },
  });
  return { status: order.status };
}

/**
 * `admin.reviewRefund`: approve → the refund of the requested units runs (the order ends `refunded`, or back
 * where it was when units remain); reject → `afterSale.status: "rejected"` with the note, the order as it was.
 */
export async function reviewRefund(orderId: string, d: { approve: boolean; note?: string; by: string; at: number }): Promise<{ status: OrderStatus; afterSale: AfterSaleView }> {
  if (!d.approve) {
    return transaction(async (tx) => {
      const o = await loadOwn(tx, orderId);
      const a = orFail(reviewAfterSale(o.afterSale, d));
      await tx.collection('orders').doc(orderId).update(afterSalePatch(a));
      return { status: o.status, afterSale: afterSaleView(a) };
    });
  }
  let approved: AfterSale | null = null;
  const { order } = await requestRefund(orderId, undefined, 'afterSale', undefined, d.at, {
    within: async (_tx, o) => {
      approved = orFail(reviewAfterSale(o.afterSale, d));
      // The units the member asked for (all open units when the request named none).
      return { patch: afterSalePatch(approved), lines: approved.lines.length ? approved.lines : undefined };
    },
  });
  return { status: order.status, afterSale: afterSaleView(approved!) };
}

/**
 * `admin.refund`: the merchant refunds a paid, shipped or completed order at once (all open units, whole
 * lines `skuIds`, or units per line `lines`). An after-sale request still waiting is approved by it.
 */
export async function merchantRefund(orderId: string, req: { reason: string; skuIds?: string[]; lines?: RefundLine[] }, by: string, now: number): Promise<{ status: OrderStatus; refundedFen: number }> {
  const { order, refundFen } = await requestRefund(orderId, undefined, req.reason, req.skuIds, now, {
    lines: req.lines,
    within: async (_tx, o: OrderDoc) => {
      if (o.afterSale?.status !== 'requested') return {};
      return { patch: afterSalePatch(orFail(reviewAfterSale(o.afterSale, { approve: true, note: req.reason, at: now, by }))) };
    },
  });
  return { status: order.status, refundedFen: refundFen };
}

/** How long an order refund may wait for WeChat Pay's notification before the order timer asks again. */
export const REFUND_RETRY_MS = 5 * 60_000;

/**
 * The order timer: asks WeChat Pay again for every order refund still `requested` REFUND_RETRY_MS after it
 * was recorded (the call died between the refund's transaction and the request, or the notification was
 * lost). The same outRefundNo makes this safe: WeChat Pay refunds it at most once, and its notification
 * settles it once. A refusal puts the order back where it was (refundFailed), as the first request would.
 */
export async function retryStuckRefunds(now: number): Promise<number> {
  const { data } = await db().collection('refunds').where({ kind: 'order', status: 'requested', createdAt: command().lte(now - REFUND_RETRY_MS) }).limit(100).get();
  let asked = 0;
  for (const r of data as { _id: string; orderId: string; refundFen: number }[]) {
    const o = await findById<OrderDoc>('orders', r.orderId);
    if (!o) continue;
    asked++;
    if (!(await requestPayRefund(o.outTradeNo, r._id, o.payableFen, r.refundFen))) await refundFailed(r._id, now);
  }
  return asked;
}
