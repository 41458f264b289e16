/**
 * The order state machine (pure). States are names in a transitions table; each transition has a guard
 * that returns a reason when it does not apply. Why an order ended lives in its own field
 * (`cancelReason`), never in extra states. Time comes in as `at` (epoch ms).
 *
 *   pendingPayment ─pay→ paid ─ship→ shipped ─confirmReceipt→ completed
 *   pendingPayment ─cancel(reason)→ cancelled
 *   paid | shipped | completed ─requestRefund→ refunding ─refundSucceeded→ refunded (every line refunded)
 *                                                          └──────────────→ back where it was (some lines left)
 */
import type { OrderStatus } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

export type CancelReason = 'userCancelled' | 'paymentTimeout' | 'operatorCancelled';

/** An unpaid order is cancelled by the timer this long after it was created. */
export const PAYMENT_TIMEOUT_MS = 15 * 60_000;

export interface OrderLine {
  skuId: string;
  productId: string;
  title: string;
  skuName: string;
  cover: string;
  /** Unit price before discounts, fen. */
  priceFen: number;
  quantity: number;
  lineTotalFen: number;
  discountFen: number;
  payableFen: number;
  /** Points (1 point = 1 fen) of the order's points discount that fell on this line. */
  pointsShare: number;
  /** Where the line's units were reserved from: the SKU's stock, or the flash sale's own stock. */
  stockPool: 'sku' | 'flash' | 'none';
  refunded: boolean;
}

/** What the state machine needs to know about an order. */
export interface OrderState {
  status: OrderStatus;
  items: OrderLine[];
  payableFen: number;
  refundedFen: number;
  /** The status a refund started from: where a partial refund returns to. */
  refundFromStatus: OrderStatus | null;
}

export type OrderEvent =
  | { type: 'pay'; at: number }
  | { type: 'cancel'; reason: CancelReason; at: number }
  | { type: 'ship'; at: number }
  | { type: 'confirmReceipt'; at: number }
  | { type: 'requestRefund'; at: number }
  | { type: 'refundSucceeded'; skuIds: string[]; refundFen: number; at: number };

/** The fields a transition changes. */
export type OrderPatch = Partial<OrderState> & Record<string, unknown>;

interface Rule<E extends OrderEvent> {
  from: readonly OrderStatus[];
  /** Extra condition; returns a reason when the event does not apply. */
  guard?: (o: OrderState, e: E) => string | null;
  patch: (o: OrderState, e: E) => OrderPatch;
}

type Table = { [T in OrderEvent['type']]: Rule<Extract<OrderEvent, { type: T }>> };

export const TRANSITIONS: Table = {
  pay: { from: ['pendingPayment'], patch: (_o, e) => ({ status: 'paid', paidAt: e.at }) },
  cancel: { from: ['pendingPayment'], patch: (_o, e) => ({ status: 'cancelled', cancelReason: e.reason, cancelledAt: e.at }) },
  ship: { from: ['paid'], patch: (_o, e) => ({ status: 'shipped', shippedAt: e.at }) },
  confirmReceipt: { from: ['shipped'], patch: (_o, e) => ({ status: 'completed', completedAt: e.at }) },
  requestRefund: {
    from: ['paid', 'shipped', 'completed'],
    guard: (o) => (o.items.every((l) => l.refunded) ? 'every line is already refunded' : null),
    patch: (o, e) => ({ status: 'refunding', refundFromStatus: o.status, refundRequestedAt: e.at }),
  },
  refundSucceeded: {
    from: ['refunding'],
    guard: (o, e) => (e.skuIds.some((id) => !o.items.some((l) => l.skuId === id && !l.refunded)) ? 'a refunded line is not open on this order' : null),
    patch: (o, e) => {
      const items = o.items.map((l) => (e.skuIds.includes(l.skuId) ? { ...l, refunded: true } : l));
      const all = items.every((l) => l.refunded);
      return {
        items, refundedFen: o.refundedFen + e.refundFen, refundFromStatus: all ? o.refundFromStatus : null,
        status: all ? 'refunded' : (o.refundFromStatus ?? 'paid'), ...(all ? { refundedAt: e.at } : {}),
      };
    },
  },
};

/**
 * Applies `event` to `order`: the patch to persist, or INVALID_STATE with the reason. Pure.
 * A second identical `pay` on a paid order is refused like any other event in the wrong state; callers
 * that must be idempotent (the payment callback) check for that themselves.
 */
export function transition<E extends OrderEvent>(order: OrderState, event: E): Outcome<OrderPatch> {
  const rule = TRANSITIONS[event.type] as unknown as Rule<E>;
  if (!rule.from.includes(order.status)) return refuse('INVALID_STATE', `cannot ${event.type} an order that is ${order.status}`);
  const why = rule.guard?.(order, event);
  if (why) return refuse('INVALID_STATE', why);
  return success(rule.patch(order, event));
}

/** True when an unpaid order has waited long enough to be cancelled by the timer. */
export function paymentExpired(order: { status: OrderStatus; createdAt: number }, now: number): boolean {
  return order.status === 'pendingPayment' && now - order.createdAt >= PAYMENT_TIMEOUT_MS;
}

export interface RefundPlan {
  skuIds: string[];
  /** Fen to send back: the refunded lines' payable amounts. */
  refundFen: number;
  /** Points spent on the refunded lines, to give back. */
  pointsBack: number;
  /** Stock to return, per line. */
  lines: { skuId: string; quantity: number; stockPool: OrderLine['stockPool'] }[];
}

/**
 * Which lines a refund covers: `skuIds` (or every open line when absent). Refuses lines not on the
 * order (INVALID_ARGUMENT) or already refunded (ALREADY_DONE).
 */
export function planRefund(order: OrderState, skuIds?: string[]): Outcome<RefundPlan> {
  const wanted = skuIds && skuIds.length ? [...new Set(skuIds)] : order.items.filter((l) => !l.refunded).map((l) => l.skuId);
  const lines: OrderLine[] = [];
  for (const id of wanted) {
    const line = order.items.find((l) => l.skuId === id);
    if (!line) return refuse('INVALID_ARGUMENT', `sku ${id} is not on this order`);
    if (line.refunded) return refuse('ALREADY_DONE', `sku ${id} is already refunded`);
    lines.push(line);
  }
  if (lines.length === 0) return refuse('ALREADY_DONE', 'every line is already refunded');
  return success({
    skuIds: lines.map((l) => l.skuId),
    refundFen: lines.reduce((s, l) => s + l.payableFen, 0),
    pointsBack: lines.reduce((s, l) => s + l.pointsShare, 0),
    lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, stockPool: l.stockPool })),
  });
}
