/**
 * After-sales (售后) and fulfilment rules (pure): where a member's refund request goes, the review of an
 * after-sale request, and when a shipped order completes by itself. Time comes in as arguments (epoch ms).
 *
 *   paid ───────────────────────── refund → refunded at once (nothing has left the warehouse)
 *   shipped | completed (≤ 7 days) ─ refund → afterSale requested ─ approve → refund runs → refunded
 *                                                                 └ reject  → afterSale rejected (order as it was)
 *   completed (> 7 days) ─────────── refund → INVALID_STATE
 *   shipped, 10 days after shipping, not confirmed → completed by the order timer
 */
import type { AfterSaleStatus, OrderStatus, RefundLine } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

const DAY = 86_400_000;
/** A completed order may still be taken to after-sales this long after completion. */
export const AFTER_SALE_WINDOW_MS = 7 * DAY;
/** A shipped order the buyer has not confirmed completes this long after shipping. */
export const AUTO_COMPLETE_AFTER_MS = 10 * DAY;

export interface AfterSale {
  status: AfterSaleStatus;
  reason: string;
  note: string | null;
  requestedAt: number;
  reviewedAt: number | null;
  /** The units asked for (empty: every unit open when the request was made). */
  lines: RefundLine[];
  reviewedBy?: string;
}

export interface RefundableOrder { status: OrderStatus; completedAt: number | null; afterSale?: AfterSale | null }

/**
 * Where a member's refund request goes: `refundNow` (a paid order not shipped yet) or `request` (an
 * after-sale for the merchant to review: shipped, or completed within AFTER_SALE_WINDOW_MS). A request
 * already waiting is ALREADY_DONE; a rejected one may be asked again; anything else is INVALID_STATE.
 */
export function routeMemberRefund(o: RefundableOrder, now: number): Outcome<'refundNow' | 'request'> {
  if (o.afterSale?.status === 'requested') return refuse('ALREADY_DONE', 'an after-sale request is already waiting for review');
  if (o.status === 'paid') return success('refundNow');
  if (o.status === 'shipped') return success('request');
  if (o.status === 'completed') {
    if (o.completedAt !== null && now - o.completedAt <= AFTER_SALE_WINDOW_MS) return success('request');
    return refuse('INVALID_STATE', 'the after-sale window closed 7 days after completion');
  }
  return refuse('INVALID_STATE', `cannot refund an order that is ${o.status}`);
}

export function newAfterSale(reason: string, lines: RefundLine[], now: number): AfterSale {
  return { status: 'requested', reason, note: null, requestedAt: now, reviewedAt: null, lines };
}

/**
 * The operator's decision on an after-sale request. Only a `requested` one can be reviewed: one already
 * decided is ALREADY_DONE (two operators reviewing at once: the second learns it was done), none is INVALID_STATE.
 */
export function reviewAfterSale(a: AfterSale | null | undefined, d: { approve: boolean; note?: string; at: number; by: string }): Outcome<AfterSale> {
  if (!a) return refuse('INVALID_STATE', 'the order has no after-sale request');
  if (a.status !== 'requested') return refuse('ALREADY_DONE', `the after-sale request is already ${a.status}`);
  return success({ ...a, status: d.approve ? 'approved' : 'rejected', note: d.note ?? null, reviewedAt: d.at, reviewedBy: d.by });
}

/** True when the order timer should complete a shipped order the buyer has not confirmed. */
export function dueForAutoComplete(o: { status: OrderStatus; shippedAt: number | null }, now: number): boolean {
  return o.status === 'shipped' && o.shippedAt !== null && now - o.shippedAt >= AUTO_COMPLETE_AFTER_MS;
}
