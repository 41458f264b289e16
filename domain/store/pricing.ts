/**
 * Pricing (pure): order lines in, a list of adjustments out. The cart is never mutated.
 *
 * Order of application, each on what is still payable after the previous ones:
 *  1. flash-sale price (only on the line of the sale's SKU),
 *  2. member price (会员价) of the buyer's tier: on the lines' total of every line NOT sold at a flash
 *     price, `discount = total − floor(total × memberPriceBps / 10000)` (so the member pays the floor);
 *     the caller passes no `member` for orders sold at a group price (`unitPriceOverrideFen`), which get
 *     no member price,
 *  3. promotions configured as data (full-reduction, percentage, fixed), in the order given; a joint
 *     promotion (`requiresPartnerMember`) only for a buyer whose `dualMemberOf` names that partner,
 *  4. one coupon (its minimum spend is measured on what is payable after 1–3),
 *  5. shipping (运费): `shipping.feeFen` ADDED to the payable, unless the buyer's tier has free shipping or
 *     the goods still payable after 1–4 reach `shipping.freeOverFen`,
 *  6. points: 100 points = 1 yuan (1 point = 1 fen), clamped so they never pay more than what is left
 *     (shipping included).
 * Every adjustment is split across the lines it applies to with `allocate()`: discounts weighted by what
 * each line still has payable (so no line ever goes below zero), shipping by the lines' totals.
 *
 * Invariants (property-tested): `payableFen === totalFen + shippingFen - discountFen`,
 * `discountFen === Σ discount adjustments` (every kind but `shipping`), `shippingFen` = the shipping
 * adjustment (0 when none), `Σ line.discountFen === discountFen`, `Σ line.shippingFen === shippingFen`,
 * `Σ line.payableFen === payableFen`, every line payable ≥ 0. All amounts are integer fen.
 */
import type { Adjustment, PriceBreakdown, PricedLine } from '../../typings/api';
import { allocate, applyRate } from '../kernel/money';
import { FEN_PER_POINT } from '../points/points';
import { refuse, success, type Outcome } from '../kernel/outcome';

export interface PricingLine {
  skuId: string;
  quantity: number;
  /** The price the line is sold at before discounts (list price, or a group price override), fen. */
  unitPriceFen: number;
}

/** A flash sale that applies to the line of `skuId` at `priceFen` per unit. */
export interface FlashOffer { flashSaleId: string; skuId: string; priceFen: number }

export interface CouponOffer { couponId: string; title: string; discountFen: number; minSpendFen: number }

export type PromotionKind = 'fullReduction' | 'percentage' | 'fixed';

/**
 * A promotion as configured by the operator (the `promotions` collection). `params` by kind:
 * - fullReduction: `{thresholdFen, offFen, repeat?}`: `offFen` off once the base reaches `thresholdFen`
 *   (with `repeat: 1`, once per whole multiple of the threshold);
 * - percentage: `{offBps, minSpendFen?, capFen?}`: `floor(base × offBps / 10000)`, at most `capFen`;
 * - fixed: `{offFen, minSpendFen?}`.
 * `skuIds` limits the promotion to those lines (all lines when absent); `startAt`/`endAt` bound it in time.
 */
export interface Promotion {
  id: string;
  kind: PromotionKind;
  label: string;
  params: Record<string, number>;
  skuIds?: string[];
  startAt?: number;
  endAt?: number;
  active?: boolean;
  /**
   * A joint campaign (联盟联名活动) with a partner brand: the promotion only applies to a buyer who is also
   * that partner's member (`PricingInput.dualMemberOf` names this partner id).
   */
  requiresPartnerMember?: string;
}

/** Evaluators by promotion kind: `(params, baseFen) → discount in fen` (clamped to the base by the caller). */
export const PROMOTION_KINDS: Record<PromotionKind, (p: Record<string, number>, baseFen: number) => number> = {
  fullReduction(p, base) {
    if (!(p.thresholdFen > 0) || base < p.thresholdFen) return 0;
    return p.repeat ? Math.floor(base / p.thresholdFen) * p.offFen : p.offFen;
  },
  percentage(p, base) {
    if (base < (p.minSpendFen ?? 0)) return 0;
    const off = applyRate(base, p.offBps);
    return p.capFen !== undefined ? Math.min(off, p.capFen) : off;
  },
  fixed(p, base) {
    return base < (p.minSpendFen ?? 0) ? 0 : p.offFen;
  },
};

/** The params each promotion kind reads: integer ranges, and whether the operator must give them. */
export const PROMOTION_PARAMS: Record<PromotionKind, Record<string, { min: number; max: number; required: boolean }>> = {
  fullReduction: { thresholdFen: { min: 1, max: 100_000_000, required: true }, offFen: { min: 1, max: 100_000_000, required: true }, repeat: { min: 0, max: 1, required: false } },
  percentage: { offBps: { min: 1, max: 10000, required: true }, minSpendFen: { min: 0, max: 100_000_000, required: false }, capFen: { min: 1, max: 100_000_000, required: false } },
  fixed: { offFen: { min: 1, max: 100_000_000, required: true }, minSpendFen: { min: 0, max: 100_000_000, required: false } },
};

const PARTNER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks a promotion an operator configures: a known kind, exactly the params that kind reads (integers
 * in range; required ones present; no others), a window with `startAt < endAt` when both are given, and,
 * for a full reduction, an amount off below its threshold, and a `requiresPartnerMember` that is a partner
 * id (1–64 of `A-Za-z0-9_-`; whether that partner exists is the server's check). INVALID_ARGUMENT with the
 * first problem.
 */
export function checkPromotion(p: Promotion): Outcome<Promotion> {
  const spec = Object.hasOwn(PROMOTION_PARAMS, p.kind) ? PROMOTION_PARAMS[p.kind] : null;
  if (!spec) return refuse('INVALID_ARGUMENT', `kind must be one of ${Object.keys(PROMOTION_PARAMS).join(', ')}`);
  for (const key of Object.keys(p.params)) if (!Object.hasOwn(spec, key)) return refuse('INVALID_ARGUMENT', `params.${key} is not read by ${p.kind}`);
  for (const [key, r] of Object.entries(spec)) {
    const value = p.params[key];
    if (value === undefined) {
      if (r.required) return refuse('INVALID_ARGUMENT', `params.${key} is required for ${p.kind}`);
      continue;
    }
    if (!Number.isSafeInteger(value) || value < r.min || value > r.max) return refuse('INVALID_ARGUMENT', `params.${key} must be an integer ${r.min}..${r.max}`);
  }
  if (p.kind === 'fullReduction' && p.params.offFen >= p.params.thresholdFen) return refuse('INVALID_ARGUMENT', 'params.offFen must be below params.thresholdFen');
  if (p.startAt !== undefined && p.endAt !== undefined && p.startAt >= p.endAt) return refuse('INVALID_ARGUMENT', 'startAt must be before endAt');
  if (p.requiresPartnerMember !== undefined && !PARTNER_ID.test(p.requiresPartnerMember)) return refuse('INVALID_ARGUMENT', 'requiresPartnerMember must be a partner id');
  return success(p);
}

/** True when the promotion is switched on and `now` is inside its window. */
export function promotionLive(p: Promotion, now: number): boolean {
  return p.active !== false && (p.startAt === undefined || p.startAt <= now) && (p.endAt === undefined || now < p.endAt);
}

/** The buyer's tier benefits that pricing applies (from the server's tier table, never from the request). */
export interface MemberBenefits {
  /** Shown on the adjustment, e.g. `金卡会员价`. */
  label: string;
  /** What the member pays of the price, basis points (10000 = full price: no adjustment). */
  memberPriceBps: number;
  freeShipping: boolean;
}

/** The store's shipping rule (`settings/shipping`): a flat fee per order, waived at or over `freeOverFen`. */
export interface ShippingRule {
  /** Fen per order; 0 = no shipping fee. */
  feeFen: number;
  /** Goods payable (after discounts, before points) at or above which shipping is free; absent = never. */
  freeOverFen?: number;
}

export interface PricingInput {
  lines: PricingLine[];
  promotions?: Promotion[];
  flash?: FlashOffer | null;
  /** The buyer's tier benefits; null/absent = none (e.g. a group-price order gets no member price). */
  member?: MemberBenefits | null;
  /** Partner ids the buyer is dual member of (from alliance links, never from the request). */
  dualMemberOf?: readonly string[];
  shipping?: ShippingRule | null;
  coupon?: CouponOffer | null;
  /** Points the buyer asks to use; more than the payable amount is clamped. */
  pointsToUse?: number;
  now: number;
}

/** An adjustment with its split across the input lines (`shares[i]` belongs to `lines[i]`). */
export interface SplitAdjustment extends Adjustment { refId?: string; shares: number[] }

export interface Priced extends PriceBreakdown {
  adjustments: SplitAdjustment[];
  lines: (PricedLine & { shippingFen: number })[];
  shippingFen: number;
}

/** The adjustment kind that adds to the payable; every other kind is a discount. */
export const SHIPPING = 'shipping';

/** Shipping fee for goods payable `goodsFen` (fen): 0 when free for the tier, at/over the threshold, or no rule. */
export function shippingFee(rule: ShippingRule | null | undefined, goodsFen: number, freeShipping: boolean): number {
  if (!rule || rule.feeFen <= 0 || freeShipping) return 0;
  if (rule.freeOverFen !== undefined && goodsFen >= rule.freeOverFen) return 0;
  return rule.feeFen;
}

/**
 * Prices the lines. Refuses with COUPON_UNAVAILABLE when the coupon's minimum spend is not met.
 * `pointsUsed` is what the points adjustment really took (≤ `pointsToUse`).
 *
 * A member never pays more than they would without their member price: because the member price comes
 * first, it can drop a cart under a full-reduction threshold, a coupon's minimum spend or the free-shipping
 * threshold. The order is priced both ways and the member gets the cheaper (by what is due before points;
 * on a tie, or when only one way is allowed, the one that is) — property-tested.
 */
export function price(input: PricingInput): Outcome<Priced> {
  const withMemberPrice = priceOnce(input, true);
  if (!input.member || input.member.memberPriceBps >= 10000) return withMemberPrice;
  const without = priceOnce(input, false);
  if (!withMemberPrice.ok || !without.ok) return withMemberPrice.ok ? withMemberPrice : without;
  const due = (p: Priced) => p.payableFen + p.pointsUsed * FEN_PER_POINT;
  return due(without.value) < due(withMemberPrice.value) ? without : withMemberPrice;
}

function priceOnce(input: PricingInput, memberPrice: boolean): Outcome<Priced> {
  const { lines, now } = input;
  const totals = lines.map((l) => l.unitPriceFen * l.quantity);
  const left = [...totals];
  const adjustments: SplitAdjustment[] = [];

  const apply = (kind: string, label: string, amount: number, eligible: (i: number) => boolean, refId?: string) => {
    const weights = left.map((v, i) => (eligible(i) ? v : 0));
    const base = weights.reduce((a, b) => a + b, 0);
    const amountFen = Math.max(0, Math.min(amount, base));
    if (amountFen === 0) return;
    const shares = allocate(amountFen, weights);
    shares.forEach((s, i) => (left[i] -= s));
    adjustments.push({ kind, label, amountFen, shares, ...(refId ? { refId } : {}) });
  };

  const flashLine = (i: number) => !!input.flash && lines[i].skuId === input.flash.skuId;
  if (input.flash) {
    const { priceFen, flashSaleId } = input.flash;
    lines.forEach((l, i) => {
      if (flashLine(i) && priceFen < l.unitPriceFen) apply('flashSale', '限时秒杀', (l.unitPriceFen - priceFen) * l.quantity, (j) => j === i, flashSaleId);
    });
  }

  if (memberPrice && input.member && input.member.memberPriceBps < 10000) {
    const base = left.reduce((s, v, i) => s + (flashLine(i) ? 0 : v), 0);
    apply('memberPrice', input.member.label, base - applyRate(base, input.member.memberPriceBps), (i) => !flashLine(i));
  }

  const partners = new Set(input.dualMemberOf ?? []);
  for (const promo of input.promotions ?? []) {
    if (!promotionLive(promo, now)) continue;
    if (promo.requiresPartnerMember !== undefined && !partners.has(promo.requiresPartnerMember)) continue;
    const eligible = (i: number) => !promo.skuIds || promo.skuIds.includes(lines[i].skuId);
    const base = left.reduce((s, v, i) => s + (eligible(i) ? v : 0), 0);
    apply('promotion', promo.label, PROMOTION_KINDS[promo.kind](promo.params, base), eligible, promo.id);
  }

  if (input.coupon) {
    const base = left.reduce((a, b) => a + b, 0);
    if (base < input.coupon.minSpendFen) return refuse('COUPON_UNAVAILABLE', `coupon needs a spend of ${input.coupon.minSpendFen} fen, order has ${base}`);
    apply('coupon', input.coupon.title, input.coupon.discountFen, () => true, input.coupon.couponId);
  }

  const shippingFen = shippingFee(input.shipping, left.reduce((a, b) => a + b, 0), input.member?.freeShipping ?? false);
  if (shippingFen > 0) {
    // Split by the lines' totals (each line carries its part of the fee into refunds); evenly when all are free.
    const shares = allocate(shippingFen, totals.some((t) => t > 0) ? totals : totals.map(() => 1));
    shares.forEach((s, i) => (left[i] += s));
    adjustments.push({ kind: SHIPPING, label: '运费', amountFen: shippingFen, shares });
  }

  let pointsUsed = 0;
  if (input.pointsToUse && input.pointsToUse > 0) {
    const base = left.reduce((a, b) => a + b, 0);
    pointsUsed = Math.floor(Math.min(input.pointsToUse * FEN_PER_POINT, base) / FEN_PER_POINT);
    apply('points', `积分抵扣 ${pointsUsed}`, pointsUsed * FEN_PER_POINT, () => true);
  }

  const discounts = adjustments.filter((a) => a.kind !== SHIPPING);
  const priced = lines.map((l, i) => ({
    skuId: l.skuId, quantity: l.quantity, unitPriceFen: l.unitPriceFen, lineTotalFen: totals[i],
    discountFen: discounts.reduce((s, a) => s + a.shares[i], 0), shippingFen: lineShare(adjustments, SHIPPING, i), payableFen: left[i],
  }));
  const totalFen = totals.reduce((a, b) => a + b, 0);
  const discountFen = discounts.reduce((s, a) => s + a.amountFen, 0);
  return success({ lines: priced, adjustments, totalFen, discountFen, shippingFen, payableFen: totalFen + shippingFen - discountFen, pointsUsed });
}

/** The share of an adjustment kind that fell on line `i` (e.g. the points a refunded line gives back). */
export function lineShare(adjustments: SplitAdjustment[], kind: string, i: number): number {
  return adjustments.filter((a) => a.kind === kind).reduce((s, a) => s + (a.shares[i] ?? 0), 0);
}
