/**
 * Orders on the database: quote, place (reserve → pay → create), cancel and time out, ship, confirm,
 * refund, and the payment and refund notifications. The rules are in domain/store/order.ts (states) and
 * domain/store/pricing.ts (money); this file loads, persists and performs their effects.
 *
 * Placing an order cannot be one transaction (stock is reserved by conditional updates, which the platform
 * does not run inside transactions), so it goes: quote → hold (server/store/holds.ts: a durable record of
 * every unit about to be taken) → risk → reserve (each take marked with the hold's tag) →
 * cloudPay.unifiedOrder → one transaction that debits points, writes the order and remembers the answer.
 * A refusal gives back what was held before the action answers; a crash or timeout leaves the hold to the
 * `sweepHolds` timer, which gives back whatever no order owns.
 */
import type { AdminOrderView, OrderItemView, OrderStatus, OrderView, Page, PaymentParams, PriceBreakdown, Res, ShippingAddress } from '../../typings/api';
import type { SkuDoc } from '../../domain/store/catalog';
import { keysetPage } from '../kernel/keyset';
import type { User } from '../membership/users';
import { checkAttribution, type LiveRoom } from '../../domain/live/live';
import { couponValid, type CouponDoc } from '../../domain/store/coupon';
import { checkFlashPurchase, type FlashSaleDoc } from '../../domain/store/flashsale';
import { chinaDay, stableId } from '../../domain/kernel/ids';
import { orderSearchKeys } from '../../domain/store/search';
import { PAYMENT_TIMEOUT_MS, paymentExpired, planRefund, refundedUnits, transition, type CancelReason, type OrderEvent, type OrderLine } from '../../domain/store/order';
import { lineShare, price, type Priced } from '../../domain/store/pricing';
import { command, db, findById, transaction, type Tx } from '../kernel/db';
import { Failure, fail, isDuplicateKey, orFail } from '../kernel/errors';
import { answerFor, recall, requestFingerprint } from '../kernel/idempotency';
import { onOrderCancelled, onOrderCompleted, onOrderPaid, onOrderRefunded } from './order-effects';
import type { OrderDoc } from './order-doc';
import { debitPoints } from '../points/ledger';
import { memberBenefits } from '../membership/membership';
import { loadSkus } from './catalog';
import { holdCoupon } from './coupons';
import { closePayment, confirmedPayment, placePayment, requestPayRefund } from './pay';
import { dualMemberOf, promotions as operatorPromotions, shippingRule } from './promotions';
import { assessOrderRisk, readRiskFacts, refuseBlocked, riskDecisionRecord, type RiskReads } from './risk';
import { releaseTx, returnStockTx, takeFlash, takeSkuStock, unitsToTake } from './reserve';
import { claimPlacement, finishOwned, newTag, own, placementHoldId, release, writeOwner, type Hold, type HoldUnit, type OwnerDoc } from './holds';
import { orderCreatedEvent } from '../analytics/order-effects';

export type { OrderDoc } from './order-doc';

export type PlacedOrder = Res<'order.create'>;

export interface QuoteRequest {
  userId: string;
  lines: { skuId: string; quantity: number }[];
  couponId?: string;
  pointsToUse?: number;
  flashSaleId?: string;
  /** Sell every line at this unit price (e.g. a group price) instead of the SKU's, fen. */
  unitPriceOverrideFen?: number;
  /** The buyer when the caller already read them (order.create): saves reading the user again. */
  member?: User;
  /** The buyer, still being read (see placeOrder). */
  memberRead?: () => Promise<User>;
  /** The lines' SKUs when the caller read them already (a group join reads its SKU with the group). */
  skus?: Map<string, SkuDoc>;
}

interface Quote {
  priced: Priced;
  lines: { skuId: string; quantity: number }[];
  skus: Map<string, SkuDoc>;
  flash: FlashSaleDoc | null;
  coupon: CouponDoc | null;
}

/** Merges repeated SKUs into one line each (first appearance keeps its place). */
function mergeLines(lines: { skuId: string; quantity: number }[]): { skuId: string; quantity: number }[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.skuId, (merged.get(l.skuId) ?? 0) + l.quantity);
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
}

/**
 * Prices a request from current data: SKUs, the flash sale, promotions, the caller's coupon and points,
 * and the facts about the buyer that pricing needs, all read here and never taken from the request: the
 * tier's benefits (`memberBenefits`; an order at a group price gets no member price but keeps free
 * shipping), the partners the buyer is dual member of (for joint promotions) and the shipping rule.
 */
export async function quote(req: QuoteRequest, now: number): Promise<Quote> {
  const lines = mergeLines(req.lines);
  const [skus, flash, coupon, promos, heldCoupons, points, benefits, shipping] = await Promise.all([
    req.skus && lines.every((l) => req.skus!.has(l.skuId)) ? req.skus : loadSkus(lines.map((l) => l.skuId)),
    req.flashSaleId ? findById<FlashSaleDoc>('flash_sales', req.flashSaleId) : null,
    req.couponId ? findById<CouponDoc>('coupons', req.couponId) : null,
    operatorPromotions(),
    req.couponId ? db().collection('user_coupons').where({ userId: req.userId, couponId: req.couponId, used: false }).count() : null,
    req.pointsToUse ? findById<{ balance: number }>('points_accounts', req.userId) : null,
    req.memberRead ? req.memberRead().then(memberBenefits) : memberBenefits(req.member ?? req.userId),
    shippingRule(),
  ]);
  for (const l of lines) if (!skus.has(l.skuId)) throw fail('NOT_FOUND', `no such sku ${l.skuId}`);
  for (const l of lines) if (skus.get(l.skuId)!.onShelf === false) throw fail('INVALID_STATE', `${skus.get(l.skuId)!.title} is off the shelf`);
  if (req.flashSaleId) {
    if (!flash) throw fail('NOT_FOUND', 'no such flash sale');
    orFail(checkFlashPurchase(flash, lines, now));
  }
  if (req.couponId && (!coupon || !couponValid(coupon, now) || !(heldCoupons as { total: number }).total)) {
    throw fail('COUPON_UNAVAILABLE', 'no claimed, unused, valid coupon of this kind');
  }
  const promotions = promos;
  const priced = orFail(price({
    lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, unitPriceFen: req.unitPriceOverrideFen ?? skus.get(l.skuId)!.priceFen })),
    promotions,
    member: req.unitPriceOverrideFen === undefined ? benefits : { ...benefits, memberPriceBps: 10000 },
    dualMemberOf: await dualMemberOf(req.userId, promotions, now),
    shipping,
    flash: flash ? { flashSaleId: flash._id, skuId: flash.skuId, priceFen: flash.priceFen } : null,
    coupon: coupon ? { couponId: coupon._id, title: coupon.title, discountFen: coupon.discountFen, minSpendFen: coupon.minSpendFen } : null,
    pointsToUse: req.pointsToUse,
    now,
  }));
  if (priced.pointsUsed > (points?.balance ?? 0)) throw fail('INSUFFICIENT_POINTS', `needs ${priced.pointsUsed} points, has ${points?.balance ?? 0}`);
  return { priced, lines, skus, flash, coupon };
}

export function toBreakdown(p: Priced): PriceBreakdown {
  return { ...p, adjustments: p.adjustments.map(({ kind, label, amountFen }) => ({ kind, label, amountFen })) };
}

/**
 * Places an order for the member: the one path every order takes (the store's `order.create`, and the
 * group-buy feature's open/join), so stock, payment, timeout and refunds behave the same everywhere.
 *
 * - Idempotent per (`scope`, `userId`, `idempotencyKey`): the order id is derived from them, a repeat gets
 *   the first answer, and two identical requests racing end with one order and one reservation.
 * - Reserves by conditional updates: SKU stock (unless `reserveSkuStock` is false, e.g. a campaign with its
 *   own stock), flash-sale stock and the per-member limit, one claimed coupon. Refusals: NOT_FOUND,
 *   OUT_OF_STOCK, LIMIT_EXCEEDED, COUPON_UNAVAILABLE, INSUFFICIENT_POINTS, RISK_BLOCKED; whatever was held
 *   is released before the error answers.
 * - `unitPriceOverrideFen` sells every line at that unit price (fen); `groupId` and `extra` are stored on the
 *   order; `withinCreate(tx, order)` runs inside the order's creating transaction (hold a group seat there;
 *   throw a `Failure` to refuse, and the reservations are released). It may run more than once (retries).
 * - A payable amount of 0 (all paid by coupon or points) is paid at once, running `onOrderPaid`.
 * Time is `now` (epoch ms); the order times out `PAYMENT_TIMEOUT_MS` after it.
 */
export async function placeOrder(p: {
  userId: string;
  openid: string;
  lines: { skuId: string; quantity: number }[];
  idempotencyKey: string;
  now: number;
  scope?: string;
  couponId?: string;
  pointsToUse?: number;
  flashSaleId?: string;
  liveRoomId?: string;
  region?: string;
  address?: ShippingAddress;
  member?: User;
  /**
   * The member, still being read (order.create starts reading it with everything else): `userId` is then the
   * id the caller's openid gives, and a member merged into another is placed again under the survivor's id.
   */
  memberRead?: () => Promise<User>;
  unitPriceOverrideFen?: number;
  groupId?: string;
  extra?: Record<string, unknown>;
  reserveSkuStock?: boolean;
  withinCreate?: (tx: Tx, order: OrderDoc) => Promise<void>;
  /** The SKUs when the caller read them already (see QuoteRequest). */
  skus?: Map<string, SkuDoc>;
  /** The member's orders in the risk rules' velocity window, when the caller started counting them already (`countRecentOrders`). */
  recentOrders?: Promise<number>;
  /**
   * What the caller takes with the stock (a group seat, a campaign's stock): `units` are listed in the hold,
   * `run` takes them (each marked with the hold's `tag`, see server/store/holds.ts) at the same time as the
   * stock, and throws a `Failure` to refuse (everything taken is then given back).
   */
  takes?: { units: HoldUnit[]; run: (tag: string, orderId: string) => Promise<void> };
}): Promise<PlacedOrder> {
  const scope = p.scope ?? 'order.create';
  try {
    return await placeHeld(p, scope);
  } catch (err) {
    // A refusal may come from this key's own earlier success (its coupon is used, its stock sold since):
    // a repeat gets the first answer. Looked for only then: a first request (the common case) never pays for it.
    if (err instanceof Failure && err.code !== 'INVALID_ARGUMENT') {
      const seen = await recallPlacement(scope, p.userId, p.idempotencyKey);
      if (seen) return seen;
    }
    throw err;
  }
}

/** What an order keeps of its placement: the answer, and the request's fingerprints (see server/kernel/idempotency.ts). */
interface Placement { answer: PlacedOrder; fp?: string[] }

/**
 * The answer a placement under (scope, member, key) already got, or null. The order itself (its id is derived
 * from the same three) is the placement's idempotency record; orders placed before it kept their answer have
 * one in `idempotency`. INVALID_ARGUMENT when the key answered another request.
 */
export async function recallPlacement(scope: string, userId: string, key: string, fp: string[] = requestFingerprint()): Promise<PlacedOrder | null> {
  const order = await findById<OrderDoc & { placed?: Placement }>('orders', stableId('ord', scope, userId, key));
  if (!order) return null;
  return order.placed ? answerFor(order.placed, fp) : recall<PlacedOrder>(scope, userId, key, fp);
}

/**
 * The placement proper, at the floor of its round trips: (1) the quote's reads, the risk facts and the live
 * room together → (2) write the hold (the key's claim, listing every unit about to be taken) → (3) take every
 * unit at once, each marked with the hold's tag, with the payment placed alongside → (4) own the hold (one
 * conditional update that stores the order, its risk decision and its `order_create` event) → (5) insert
 * those three at once. The order keeps the answer (it is the key's record). An order that spends points,
 * costs nothing or holds what its caller writes in its transaction (`withinCreate`) takes (4) and (5) as one
 * transaction instead: it re-reads the hold, marks it owned, debits the points, writes the order, its
 * decision and its event, and pays a free order. A refusal gives back what was taken before it answers; a
 * crash anywhere leaves the hold for the `sweepHolds` timer (server/store/holds.ts), which gives back what no
 * owner holds and finishes writing what an owned hold lists. Markers of a placed order's hold are cleared by
 * that timer too.
 */
async function placeHeld(p: Parameters<typeof placeOrder>[0], scope: string): Promise<PlacedOrder> {
  const [quoted, riskReads, room, member] = await Promise.allSettled([
    quote(p, p.now),
    readRiskFacts(p.userId, p.now, p.memberRead ? p.memberRead() : p.member, p.recentOrders),
    p.liveRoomId ? findById<LiveRoom>('live_rooms', p.liveRoomId) : null,
    p.memberRead ? p.memberRead() : p.member,
  ]).then(async (rs) => {
    const m = rs[3];
    if (m.status === 'fulfilled' && m.value && m.value._id !== p.userId) return [null, null, null, m.value] as const;
    const failed = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return rs.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [Quote, RiskReads, LiveRoom | null, User | undefined];
  });
  // The openid's account was merged into another member: place under the survivor's id, as that member.
  if (!quoted) return placeHeld({ ...p, userId: member!._id, member: member!, memberRead: undefined }, scope);
  const { priced, lines, skus, flash, coupon } = quoted;
  // Credited to the room (and its host's commission) only while it has not ended.
  const liveRoomId = p.liveRoomId && orFail(checkAttribution(room, lines.map((l) => skus.get(l.skuId)!.productId), p.now)) ? p.liveRoomId : null;
  const orderId = stableId('ord', scope, p.userId, p.idempotencyKey);
  const fp = requestFingerprint();
  const riskInput = { userId: p.userId, orderId, payableFen: priced.payableFen, region: p.region ?? null, now: p.now };
  const risk = assessOrderRisk(riskInput, riskReads);
  if (risk.verdict === 'block') {
    // This key's own first order may be what trips a velocity rule now: a repeat gets that answer.
    const seen = await recallPlacement(scope, p.userId, p.idempotencyKey, fp);
    if (seen) return seen;
    await refuseBlocked(riskInput, risk);
  }
  const items: OrderLine[] = lines.map((l, i) => {
    const sku = skus.get(l.skuId)!;
    const pl = priced.lines[i];
    const stockPool = flash && flash.skuId === l.skuId ? 'flash' : p.reserveSkuStock === false ? 'none' : 'sku';
    return {
      skuId: l.skuId, productId: sku.productId, title: sku.title, skuName: sku.name, cover: sku.cover, priceFen: pl.unitPriceFen, quantity: l.quantity,
      lineTotalFen: pl.lineTotalFen, discountFen: pl.discountFen, payableFen: pl.payableFen, pointsShare: lineShare(priced.adjustments, 'points', i), stockPool, refunded: false,
    };
  });
  const hold: Hold = {
    _id: placementHoldId(scope, p.userId, p.idempotencyKey), kind: 'order', tag: newTag(), userId: p.userId, ownerId: orderId, fp, createdAt: p.now,
    units: [...unitsToTake({ userId: p.userId, items, flashSaleId: flash?._id ?? null, couponId: coupon?._id ?? null }), ...(p.takes?.units ?? [])],
  };
  const claim = await claimPlacement(hold, () => recallPlacement(scope, p.userId, p.idempotencyKey, fp));
  if (claim !== 'claimed') return claim;
  let paymentPlaced = false;
  // Once owned, the hold is never given back: what is not written yet is the timer's (or a twin's) to finish.
  let owned = false;
  try {
    // Every unit at once (the hold lists them all, so whichever were taken are given back on a refusal),
    // and the payment placed alongside (closed again on a refusal).
    const [takes, couponTake, paymentTake] = await Promise.all([
      Promise.allSettled([
        ...items.map(async (item) => {
          if (item.stockPool === 'flash') await takeFlash(hold.tag, flash!._id, p.userId, item.quantity, flash!.perUserLimit, p.now);
          if (item.stockPool === 'sku') await takeSkuStock(hold.tag, item.skuId, item.quantity);
        }),
        p.takes?.run(hold.tag, orderId),
      ]),
      Promise.allSettled([coupon ? holdCoupon(hold.tag, p.userId, coupon._id, orderId) : null]),
      Promise.allSettled([priced.payableFen > 0 ? placePayment(orderId, priced.payableFen, items[0].title).then((params) => ((paymentPlaced = true), params)) : null]),
    ]);
    const refused = [...takes, ...couponTake, ...paymentTake].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    const userCouponId = (couponTake[0] as PromiseFulfilledResult<string | null>).value;
    const payment = (paymentTake[0] as PromiseFulfilledResult<PaymentParams | null>).value;
    const answerOf = (o: OrderDoc): PlacedOrder => ({ orderId, status: o.status, payableFen: o.payableFen, payment: { outTradeNo: orderId, ...(payment ?? {}) } });
    const base: OrderDoc = {
      _id: orderId, userId: p.userId, openid: p.openid, status: 'pendingPayment', cancelReason: null, items,
      totalFen: priced.totalFen, discountFen: priced.discountFen, shippingFen: priced.shippingFen, payableFen: priced.payableFen, pointsUsed: priced.pointsUsed, adjustments: priced.adjustments,
      couponId: coupon?._id ?? null, userCouponId, flashSaleId: flash?._id ?? null, liveRoomId, groupId: p.groupId ?? null,
      outTradeNo: orderId, risk: risk.verdict, scope, idempotencyKey: p.idempotencyKey, createdAt: p.now, holdTag: hold.tag,
      paidAt: null, shippedAt: null, completedAt: null, cancelledAt: null, refundedAt: null, refundedFen: 0, refundFromStatus: null, refundCount: 0, extra: p.extra ?? {}, address: p.address ?? null,
      search: orderSearchKeys({ orderId, phone: p.address?.phone, name: p.address?.name, titles: items.map((i) => i.title) }),
      ...(member && skus.get(items[0].skuId)!.categoryId !== undefined
        ? { placedFacts: { channel: member.channel ?? null, categoryId: skus.get(items[0].skuId)!.categoryId ?? null, inviterId: member.inviterId ?? null } }
        : {}),
    };
    const decision = { _id: stableId('rdec', orderId), ...riskDecisionRecord(riskInput, risk) };
    const event: OwnerDoc['doc'] = { ...orderCreatedEvent(base, p.now) };
    if (base.pointsUsed === 0 && base.payableFen > 0 && !p.withinCreate) {
      const answer = answerOf(base);
      const owner: OwnerDoc[] = [{ coll: 'orders', doc: { ...base, placed: { answer, fp } } }, { coll: 'risk_decisions', doc: decision }, { coll: 'events', doc: event }];
      const won = await own(hold, owner).catch((err: unknown) => {
        throw new TransactionUncertain(err); // it may have been applied: the timer decides
      });
      if (!won) throw new HoldLost(hold._id);
      owned = true;
      if (!(await writeOwner(owner)).ownerExisted) return answer;
      // The order exists: finished by a twin or the timer from this hold (then it is this answer), or placed by
      // an earlier attempt under this key whose hold was swept (then this one's takes go back, and its answer is the first's).
      if ((await finishOwned({ ...hold, owned: true, owner })) === 'owned') return answer;
      const first = await recallPlacement(scope, p.userId, p.idempotencyKey, fp);
      if (!first) throw new Error(`order ${orderId} exists but keeps no answer`);
      return first;
    }
    const outcome = await transaction(async (tx) => {
      // The order may own the hold only while it is still this attempt's and not being given back; marking it
      // owned here makes the timer's `releasing` and this transaction conflict (one of them retries and sees the other).
      const mine = await tx.collection('holds').doc<Hold>(hold._id).get();
      if (!mine || mine.tag !== hold.tag || mine.releasing) throw new HoldLost(hold._id);
      await tx.collection('holds').doc(hold._id).update({ owned: true });
      let order = base;
      if (order.pointsUsed > 0) {
        // The order did not exist (read above, in this transaction): this spend is its first.
        await debitPoints(tx, { userId: p.userId, key: `order:${orderId}:spend`, kind: 'orderSpend', refId: orderId, points: order.pointsUsed, now: p.now, firstTime: true });
      }
      // What the caller holds for this order (a group seat) exists before any payment effect looks for it.
      if (p.withinCreate) await p.withinCreate(tx, order);
      if (order.payableFen === 0) {
        order = { ...order, ...orFail(transition(order, { type: 'pay', at: p.now })), paidDay: chinaDay(p.now) } as OrderDoc;
        await onOrderPaid(tx, order, p.now);
      }
      const answer = answerOf(order);
      // Added, never set: if the order exists already (a twin placed it after this key's hold was swept),
      // the add refuses and the transaction writes nothing.
      await tx.collection('orders').add({ ...order, placed: { answer, fp } });
      await tx.collection('risk_decisions').add(decision);
      await tx.collection('events').add(event);
      return answer;
    }).catch((err: unknown) => {
      if (isDuplicateKey(err)) return null;
      throw err instanceof Failure || err instanceof HoldLost ? err : new TransactionUncertain(err);
    });
    if (outcome) return outcome;
    // Placed already by a twin: its answer is this one's; give back what this one took.
    await release(hold);
    const first = await recallPlacement(scope, p.userId, p.idempotencyKey, fp);
    if (!first) throw new Error(`order ${orderId} exists but keeps no answer`);
    return first;
  } catch (err) {
    // A refusal, or a failure before the order's transaction: nothing owns what was taken. A transaction
    // that failed otherwise may still have committed (an answer lost on the way): the timer decides then.
    if (!(err instanceof TransactionUncertain) && !owned) {
      await release(hold).catch((e: unknown) => console.error(`[order ${orderId}] could not give back its hold now; the sweepHolds timer will`, e));
      if (paymentPlaced) await closePayment(orderId);
    }
    throw err instanceof TransactionUncertain ? err.cause : err;
  }
}

/** The hold was given up by the timer while this placement still ran (it outlived the function timeout). */
class HoldLost extends Error {
  constructor(holdId: string) {
    super(`hold ${holdId} was given up before the order was written`);
  }
}

/** Wraps an error of the order's transaction that may have come after its commit. */
class TransactionUncertain extends Error {
  constructor(override readonly cause: unknown) {
    super('the order transaction failed');
  }
}

export async function loadOwn(tx: Tx, orderId: string, ownerId?: string): Promise<OrderDoc> {
  const o = await tx.collection('orders').doc<OrderDoc>(orderId).get();
  if (!o || (ownerId !== undefined && o.userId !== ownerId)) throw fail('NOT_FOUND', 'no such order');
  return o;
}

/** Persists a transition's patch (and `extra` fields, in the same update) inside `tx`; answers the order as it now is. */
export async function apply(tx: Tx, o: OrderDoc, event: OrderEvent, extra: Partial<OrderDoc> = {}): Promise<OrderDoc> {
  const patch = { ...orFail(transition(o, event)), ...extra };
  await tx.collection('orders').doc(o._id).update(patch);
  return { ...o, ...patch } as OrderDoc;
}

/**
 * Cancels an unpaid order (the member, or the payment timeout) and gives back, in the same transaction,
 * its stock, flash-sale stock and per-member count, coupon and points. INVALID_STATE unless pendingPayment.
 */
export async function cancelOrder(orderId: string, reason: CancelReason, now: number, ownerId?: string): Promise<OrderDoc> {
  const order = await transaction(async (tx) => {
    const next = await apply(tx, await loadOwn(tx, orderId, ownerId), { type: 'cancel', reason, at: now });
    await releaseTx(tx, next);
    await onOrderCancelled(tx, next, now);
    return next;
  });
  if (order.payableFen > 0) await closePayment(order.outTradeNo);
  return order;
}

/** Cancels every order still unpaid `PAYMENT_TIMEOUT_MS` after creation (the `order` timer). */
export async function cancelExpiredOrders(now: number): Promise<{ cancelled: number }> {
  const _ = command();
  const { data } = await db().collection('orders').where({ status: 'pendingPayment', createdAt: _.lte(now - PAYMENT_TIMEOUT_MS) }).orderBy('createdAt', 'asc').limit(100).get();
  let cancelled = 0;
  for (const o of data as OrderDoc[]) {
    try {
      await cancelOrder(o._id, 'paymentTimeout', now);
      cancelled++;
    } catch (err) {
      // Paid or cancelled since it was listed: nothing to do.
      if (!(err instanceof Failure && err.code === 'INVALID_STATE')) throw err;
    }
  }
  return { cancelled };
}

/** How long a late payment's refund may stay unanswered before the order timer asks WeChat Pay again. */
export const LATE_REFUND_RETRY_MS = 5 * 60_000;

/**
 * Asks again for every late-payment refund still `requested` after LATE_REFUND_RETRY_MS (a refused
 * request, or a notification that never came). The same outRefundNo makes a retry safe: WeChat Pay
 * refunds it at most once.
 */
export async function retryLatePaymentRefunds(now: number): Promise<number> {
  const _ = command();
  const { data } = await db().collection('refunds').where({ kind: 'latePayment', status: 'requested', createdAt: _.lte(now - LATE_REFUND_RETRY_MS) }).limit(100).get();
  let asked = 0;
  for (const r of data as RefundDoc[]) {
    const o = await findById<OrderDoc>('orders', r.orderId);
    if (!o) continue;
    asked++;
    if (!(await requestPayRefund(o.outTradeNo, r._id, o.payableFen, r.refundFen))) await refundFailed(r._id, now);
  }
  return asked;
}

/** shipped → completed, by the member who ordered; records `completedAt`. */
export async function confirmReceipt(orderId: string, ownerId: string, now: number): Promise<OrderStatus> {
  return transaction(async (tx) => {
    const next = await apply(tx, await loadOwn(tx, orderId, ownerId), { type: 'confirmReceipt', at: now });
    await tx.collection('orders').doc(orderId).update({ completedBy: 'buyer' });
    await onOrderCompleted(tx, next, now);
    return next.status;
  });
}

interface RefundDoc {
  _id: string;
  orderId: string;
  /** `order`: an after-sale refund of lines; `latePayment`: a payment that arrived for a cancelled order. */
  kind: 'order' | 'latePayment';
  refundFen: number;
  skuIds: string[];
  lines: { skuId: string; quantity: number; stockPool: OrderLine['stockPool'] }[];
  pointsBack: number;
  reason: string;
  status: 'requested' | 'succeeded' | 'failed';
  /** Refused requests so far (late-payment refunds are asked again until they succeed). */
  failures?: number;
  createdAt: number;
  settledAt: number | null;
}

/** Applies a refund that succeeded: the order's lines, stock back, and the refund's reactions. */
async function settleRefundTx(tx: Tx, o: OrderDoc, r: RefundDoc, now: number): Promise<OrderDoc> {
  const lines = r.lines.map(({ skuId, quantity }) => ({ skuId, quantity }));
  const next = await apply(tx, o, { type: 'refundSucceeded', skuIds: r.skuIds, refundFen: r.refundFen, at: now, lines });
  await returnStockTx(tx, o.flashSaleId, r.lines);
  await onOrderRefunded(tx, next, now, { outRefundNo: r._id, refundFen: r.refundFen, skuIds: r.skuIds, pointsBack: r.pointsBack, lines });
  return next;
}

/**
 * Refunds a paid, shipped or completed order now: all its open units, whole lines `skuIds`, or units per
 * line `opts.lines`. The order is `refunding` until WeChat Pay's refund notification arrives at the `pay`
 * function, which ends it in `refunded` (or back where it was when units remain). A refund of nothing but
 * points is settled at once. `ownerId` undefined: any member's order (operators, timers).
 * `opts.within(tx, order)` runs first inside the refund's transaction and answers extra fields for the
 * order (an after-sale review) and, if it names them, the units to refund; it may refuse by throwing a
 * `Failure`, and then nothing is written.
 */
export async function requestRefund(
  orderId: string, ownerId: string | undefined, reason: string, skuIds: string[] | undefined, now: number,
  opts: { lines?: { skuId: string; quantity: number }[]; within?: (tx: Tx, o: OrderDoc) => Promise<{ patch?: Record<string, unknown>; lines?: { skuId: string; quantity: number }[] }> } = {},
): Promise<{ order: OrderDoc; refundFen: number }> {
  const asked = await transaction(async (tx) => {
    const o = await loadOwn(tx, orderId, ownerId);
    const decided = opts.within ? await opts.within(tx, o) : {};
    const extra = decided.patch ?? {};
    const patch = orFail(transition(o, { type: 'requestRefund', at: now }));
    const plan = orFail(planRefund(o, skuIds, decided.lines ?? opts.lines));
    const outRefundNo = `${orderId}_r${o.refundCount + 1}`;
    await tx.collection('orders').doc(orderId).update({ ...patch, ...extra, refundCount: o.refundCount + 1 });
    const next = { ...o, ...patch, ...extra, refundCount: o.refundCount + 1 } as OrderDoc;
    const refund: RefundDoc = { _id: outRefundNo, orderId, kind: 'order', refundFen: plan.refundFen, skuIds: plan.skuIds, lines: plan.lines, pointsBack: plan.pointsBack, reason, status: 'requested', createdAt: now, settledAt: null };
    const { _id, ...doc } = refund;
    if (plan.refundFen === 0) {
      await tx.collection('refunds').doc(_id).set({ ...doc, outRefundNo, status: 'succeeded', settledAt: now, settledDay: chinaDay(now) });
      return { order: await settleRefundTx(tx, next, refund, now), refund: null, refundFen: 0 };
    }
    await tx.collection('refunds').doc(_id).set({ ...doc, outRefundNo });
    return { order: next, refund, refundFen: plan.refundFen };
  });
  if (!asked.refund) return { order: asked.order, refundFen: 0 };
  if (!(await requestPayRefund(asked.order.outTradeNo, asked.refund._id, asked.order.payableFen, asked.refund.refundFen))) {
    await refundFailed(asked.refund._id, now);
    throw new Error(`refund ${asked.refund._id} was refused by WeChat Pay`);
  }
  return { order: asked.order, refundFen: asked.refundFen };
}

/**
 * A refund that WeChat Pay refused or reported failed: the order goes back where it was. A late payment's
 * refund is money that must go back whatever happens: it stays `requested` (with the failure counted) and
 * the order timer asks again (`retryLatePaymentRefunds`).
 */
export async function refundFailed(outRefundNo: string, now: number): Promise<void> {
  await transaction(async (tx) => {
    const r = await tx.collection('refunds').doc<RefundDoc>(outRefundNo).get();
    if (!r || r.status !== 'requested') return;
    if (r.kind === 'latePayment') {
      await tx.collection('refunds').doc(outRefundNo).update({ failures: (r.failures ?? 0) + 1, lastFailureAt: now });
      return;
    }
    await tx.collection('refunds').doc(outRefundNo).update({ status: 'failed', settledAt: now });
    const o = await tx.collection('orders').doc<OrderDoc>(r.orderId).get();
    if (r.kind === 'order' && o && o.status === 'refunding') await tx.collection('orders').doc(o._id).update({ status: o.refundFromStatus ?? 'paid', refundFromStatus: null });
  });
}

// ---- WeChat Pay notifications (the `pay` function) ----

export interface PaymentNotice { outTradeNo: string; totalFee: number; resultCode: string; transactionId: string }
export interface RefundNotice { outTradeNo: string; outRefundNo: string; refundFee: number; refundStatus: string }
export interface NoticeAnswer { errcode: number; errmsg: string }

const OK: NoticeAnswer = { errcode: 0, errmsg: 'OK' };

/**
 * A payment notification. Verifies the order exists and the amount equals its `payableFen` (otherwise it
 * is refused and nothing is written). Each notification is recorded once in `payments`; a repeat changes
 * nothing. A success pays a pending order (running `onOrderPaid` in the same transaction); a success for
 * an order already cancelled is refunded in full.
 */
export async function onPaymentNotice(n: PaymentNotice, now: number): Promise<NoticeAnswer> {
  if (n.resultCode === 'SUCCESS') {
    // Believe a success only when WeChat Pay's own order query agrees: paid, and for this amount.
    const confirmed = await confirmedPayment(n.outTradeNo);
    if (!confirmed) return { errcode: -1, errmsg: 'cannot confirm yet' };
    if (!confirmed.paid || confirmed.totalFee !== n.totalFee) {
      console.error(`[pay ${n.outTradeNo}] notification refused: WeChat Pay does not confirm it (${JSON.stringify(confirmed)})`);
      return { errcode: -1, errmsg: 'notConfirmed' };
    }
  }
  const noticeId = stableId('pn', n.outTradeNo, n.transactionId, n.resultCode);
  const outcome = await transaction(async (tx): Promise<{ verdict: string; refundNo?: string }> => {
    const o = await tx.collection('orders').doc<OrderDoc>(n.outTradeNo).get();
    // A pending order has had no success recorded (that would have paid it): only otherwise can this
    // notification be a repeat, so only then is its record looked for (one request less on the hot path).
    // The notification that paid the order is recorded on the order itself; the others in `payments`.
    if (o?.status !== 'pendingPayment') {
      if (o?.paidNotice === noticeId) return { verdict: 'duplicate' };
      const seen = await tx.collection('payments').doc<{ verdict: string; refundNo?: string }>(noticeId).get();
      if (seen) return { verdict: 'duplicate', refundNo: seen.refundNo };
    }
    if (!o) return { verdict: 'unknownOrder' };
    if (n.totalFee !== o.payableFen) return { verdict: 'amountMismatch' };
    const record = { outTradeNo: n.outTradeNo, orderId: o._id, transactionId: n.transactionId, resultCode: n.resultCode, totalFee: n.totalFee, receivedAt: now };
    let verdict = 'ignored';
    let refundNo: string | undefined;
    if (n.resultCode !== 'SUCCESS') verdict = 'failed';
    else if (o.status === 'pendingPayment') {
      await onOrderPaid(tx, await apply(tx, o, { type: 'pay', at: now }, { paidNotice: noticeId, transactionId: n.transactionId, paidDay: chinaDay(now) }), now);
      verdict = 'paid';
    } else if (o.status === 'cancelled') {
      refundNo = `${o._id}_late`;
      const refund: Omit<RefundDoc, '_id'> = { orderId: o._id, kind: 'latePayment', refundFen: n.totalFee, skuIds: [], lines: [], pointsBack: 0, reason: 'paid after cancellation', status: 'requested', createdAt: now, settledAt: null };
      await tx.collection('refunds').doc(refundNo).set({ ...refund, outRefundNo: refundNo });
      verdict = 'refundLate';
    } else verdict = 'alreadyPaid';
    if (verdict !== 'paid') await tx.collection('payments').doc(noticeId).set({ ...record, verdict, ...(refundNo ? { refundNo } : {}) });
    return { verdict, refundNo };
  });
  if (outcome.verdict === 'unknownOrder' || outcome.verdict === 'amountMismatch') {
    console.error(`[pay ${n.outTradeNo}] notification refused: ${outcome.verdict} (${n.totalFee} fen)`);
    return { errcode: -1, errmsg: outcome.verdict };
  }
  if (outcome.refundNo) {
    // Also on a repeat: a refund request lost after the first notification is asked again (same outRefundNo).
    const r = await findById<RefundDoc>('refunds', outcome.refundNo);
    if (r && r.status === 'requested' && !(await requestPayRefund(n.outTradeNo, r._id, n.totalFee, r.refundFen))) {
      await refundFailed(r._id, now);
      // Not handled yet: WeChat Pay sends the notification again, and the order timer retries as well.
      return { errcode: -1, errmsg: 'refundPending' };
    }
  }
  return OK;
}

/** A refund notification: settles the refund once (a repeat changes nothing). */
export async function onRefundNotice(n: RefundNotice, now: number): Promise<NoticeAnswer> {
  if (n.refundStatus !== 'SUCCESS') {
    await refundFailed(n.outRefundNo, now);
    return OK;
  }
  const verdict = await transaction(async (tx) => {
    const r = await tx.collection('refunds').doc<RefundDoc>(n.outRefundNo).get();
    if (!r) return 'unknownRefund';
    if (r.status === 'succeeded') return 'duplicate';
    if (r.refundFen !== n.refundFee) return 'amountMismatch';
    await tx.collection('refunds').doc(r._id).update({ status: 'succeeded', settledAt: now, settledDay: chinaDay(now) });
    if (r.kind === 'order') await settleRefundTx(tx, await loadOwn(tx, r.orderId), r, now);
    return 'settled';
  });
  if (verdict === 'unknownRefund' || verdict === 'amountMismatch') {
    console.error(`[refund ${n.outRefundNo}] notification refused: ${verdict}`);
    return { errcode: -1, errmsg: verdict };
  }
  return OK;
}

// ---- views ----

export function toView(o: OrderDoc): OrderView {
  const items: OrderItemView[] = o.items.map((l) => ({
    skuId: l.skuId, productId: l.productId, title: l.title, skuName: l.skuName, priceFen: l.priceFen, quantity: l.quantity, lineTotalFen: l.lineTotalFen, discountFen: l.discountFen,
    cover: l.cover ?? '',
  }));
  return {
    orderId: o._id, status: o.status, totalFen: o.totalFen, discountFen: o.discountFen, payableFen: o.payableFen, items, createdAt: o.createdAt, pointsUsed: o.pointsUsed,
    payment: { outTradeNo: o.outTradeNo },
    ...(o.groupId ? { groupId: o.groupId } : {}), ...(o.cancelReason ? { cancelReason: o.cancelReason } : {}),
    ...(o.couponId ? { couponId: o.couponId } : {}), ...(o.liveRoomId ? { liveRoomId: o.liveRoomId } : {}),
    ...(o.address ? { address: o.address } : {}), ...(o.shippingFen ? { shippingFen: o.shippingFen } : {}),
    shipment: o.shipment ?? null,
    afterSale: o.afterSale ? { status: o.afterSale.status, reason: o.afterSale.reason, note: o.afterSale.note, requestedAt: o.afterSale.requestedAt, reviewedAt: o.afterSale.reviewedAt, lines: o.afterSale.lines } : null,
    refundedFen: o.refundedFen ?? 0,
    payDeadlineAt: o.status === 'pendingPayment' ? o.createdAt + PAYMENT_TIMEOUT_MS : null,
    paidAt: o.paidAt ?? null, completedAt: o.completedAt ?? null,
    ...(o.items.some((l) => refundedUnits(l) > 0) ? { refundedQuantities: Object.fromEntries(o.items.filter((l) => refundedUnits(l) > 0).map((l) => [l.skuId, refundedUnits(l)])) } : {}),
  };
}

/** An order as the back-office sees it: the member's view plus whose it is and where it ships. */
export function toAdminView(o: OrderDoc): AdminOrderView {
  const v = toView(o);
  return { ...v, userId: o.userId, address: o.address ?? null, shipment: v.shipment ?? null, afterSale: v.afterSale ?? null, refundedFen: v.refundedFen ?? 0, risk: o.risk };
}

/**
 * Fresh payment parameters for one of the member's own orders still waiting for payment (paying later,
 * on another device or after a restart). The payment keeps the order's outTradeNo and amount.
 */
export async function payLater(orderId: string, ownerId: string, now: number): Promise<Res<'order.pay'>> {
  const o = await findById<OrderDoc>('orders', orderId);
  if (!o || o.userId !== ownerId) throw fail('NOT_FOUND', 'no such order');
  if (o.status !== 'pendingPayment') throw fail('INVALID_STATE', `the order is ${o.status}`);
  // Past its deadline the order is the timer's to cancel, even if the timer has not run yet.
  if (paymentExpired(o, now)) throw fail('INVALID_STATE', 'the payment deadline has passed');
  const payment = await placePayment(o.outTradeNo, o.payableFen, o.items[0]?.title ?? 'order');
  return { orderId, payment: { outTradeNo: o.outTradeNo, ...payment } };
}

/** One of the member's own orders; NOT_FOUND for anyone else's. */
export async function orderDetail(orderId: string, ownerId: string): Promise<OrderView> {
  const o = await findById<OrderDoc>('orders', orderId);
  if (!o || o.userId !== ownerId) throw fail('NOT_FOUND', 'no such order');
  return toView(o);
}

/** The member's orders, newest first, by (createdAt desc, _id desc). */
export async function listOrders(userId: string, req: { status?: OrderStatus; afterSale?: boolean; cursor?: string; limit?: number }): Promise<Page<OrderView>> {
  const afterSale = req.afterSale ? { afterSaleStatus: command().in(['requested', 'approved', 'rejected']) } : {};
  const { docs, nextCursor } = await keysetPage<OrderDoc>('orders', { userId, ...(req.status ? { status: req.status } : {}), ...afterSale }, 'createdAt', req);
  return { items: docs.map(toView), nextCursor };
}

/**
 * The member's order tabs' badges, each one indexed count: waiting for payment, to ship (paid), to receive
 * (shipped), and after-sales (a request waiting for review, or a refund under way).
 */
export async function orderCounts(userId: string): Promise<Res<'order.counts'>> {
  const orders = db().collection('orders');
  const [pendingPayment, toShip, toReceive, requested, refunding] = await Promise.all([
    orders.where({ userId, status: 'pendingPayment' }).count(),
    orders.where({ userId, status: 'paid' }).count(),
    orders.where({ userId, status: 'shipped' }).count(),
    orders.where({ userId, afterSaleStatus: 'requested' }).count(),
    orders.where({ userId, status: 'refunding' }).count(),
  ]);
  return { pendingPayment: pendingPayment.total, toShip: toShip.total, toReceive: toReceive.total, afterSale: requested.total + refunding.total };
}
