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
  /** Every unit of the line is refunded. */
  refunded: boolean;
  /** Units refunded so far (absent on lines never partly refunded: 0, or `quantity` when `refunded`). */
  refundedQuantity?: number;
}

/** Units of a line refunded so far. */
export const refundedUnits = (l: Pick<OrderLine, 'quantity' | 'refunded' | 'refundedQuantity'>): number => (l.refunded ? l.quantity : l.refundedQuantity ?? 0);
/** Units of a line still open to refund. */
export const openUnits = (l: Pick<OrderLine, 'quantity' | 'refunded' | 'refundedQuantity'>): number => l.quantity - refundedUnits(l);

/**
 * The part of `amount` (fen or points) that belongs to units `[from, to)` of a line of `quantity` units:
 * `floor(amount × to / quantity) − floor(amount × from / quantity)`. Cumulative floors, so the parts of any
 * sequence of partial refunds sum to exactly `amount` once every unit is refunded, and never exceed it.
 */
export function unitsShare(amount: number, quantity: number, from: number, to: number): number {
  return Math.floor((amount * to) / quantity) - Math.floor((amount * from) / quantity);
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
  /** `lines` names the units refunded per line; without it, every open unit of each line in `skuIds`. */
  | { type: 'refundSucceeded'; skuIds: string[]; refundFen: number; at: number; lines?: { skuId: string; quantity: number }[] };

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
    guard: (o, e) => {
      const units = refundUnits(o, e);
      return [...units].some(([id, q]) => { const l = o.items.find((x) => x.skuId === id); return !l || q < 1 || q > openUnits(l); }) ? 'a refunded line is not open on this order' : null;
    },
    patch: (o, e) => {
      const units = refundUnits(o, e);
      const items = o.items.map((l) => {
        const q = units.get(l.skuId);
        if (!q) return l;
        const done = refundedUnits(l) + q;
        return { ...l, refundedQuantity: done, refunded: done >= l.quantity };
      });
      const all = items.every((l) => l.refunded);
      return {
        items, refundedFen: o.refundedFen + e.refundFen, refundFromStatus: all ? o.refundFromStatus : null,
        status: all ? 'refunded' : (o.refundFromStatus ?? 'paid'), ...(all ? { refundedAt: e.at } : {}),
      };
    },
  },
};

/** Units per line a refund event covers (whole open lines for `skuIds` without `lines`). */
function refundUnits(o: OrderState, e: { skuIds: string[]; lines?: { skuId: string; quantity: number }[] }): Map<string, number> {
  const units = new Map<string, number>();
  if (e.lines && e.lines.length) for (const l of e.lines) units.set(l.skuId, (units.get(l.skuId) ?? 0) + l.quantity);
  else for (const id of e.skuIds) { const l = o.items.find((x) => x.skuId === id); units.set(id, l ? openUnits(l) : 1); }
  return units;
}

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
  /** The lines the refund touches. */
  skuIds: string[];
  /** Fen to send back: the refunded units' share of their lines' payable amounts. */
  refundFen: number;
  /** Points spent on the refunded units, to give back. */
  pointsBack: number;
  /** Units refunded and stock to return, per line. */
  lines: { skuId: string; quantity: number; stockPool: OrderLine['stockPool'] }[];
}

/**
 * Which units a refund covers: `lines` (units per line), else whole open lines `skuIds`, else every open
 * unit. Each line's fen and points come from `unitsShare` (cumulative floors), so however an order is
 * refunded piece by piece, the refunds sum to its payable amount exactly. Refuses lines not on the order
 * or a quantity above what is open (INVALID_ARGUMENT), lines already refunded (ALREADY_DONE).
 */
export function planRefund(order: OrderState, skuIds?: string[], units?: { skuId: string; quantity: number }[]): Outcome<RefundPlan> {
  const asked = new Map<string, number | null>();
  if (units && units.length) for (const u of units) asked.set(u.skuId, (asked.get(u.skuId) ?? 0) + u.quantity);
  else if (skuIds && skuIds.length) for (const id of skuIds) asked.set(id, null);
  else for (const l of order.items) if (openUnits(l) > 0) asked.set(l.skuId, null);
  const out: RefundPlan = { skuIds: [], refundFen: 0, pointsBack: 0, lines: [] };
  for (const [id, q] of asked) {
    const line = order.items.find((l) => l.skuId === id);
    if (!line) return refuse('INVALID_ARGUMENT', `sku ${id} is not on this order`);
    const open = openUnits(line);
    if (open === 0) return refuse('ALREADY_DONE', `sku ${id} is already refunded`);
    const quantity = q ?? open;
    if (quantity < 1 || quantity > open) return refuse('INVALID_ARGUMENT', `lines: sku ${id} has ${open} units open to refund, not ${quantity}`);
    const from = refundedUnits(line);
    out.skuIds.push(id);
    out.refundFen += unitsShare(line.payableFen, line.quantity, from, from + quantity);
    out.pointsBack += unitsShare(line.pointsShare, line.quantity, from, from + quantity);
    out.lines.push({ skuId: id, quantity, stockPool: line.stockPool });
  }
  if (out.lines.length === 0) return refuse('ALREADY_DONE', 'every line is already refunded');
  return success(out);
}
