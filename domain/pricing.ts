/**
 * Pricing (pure): order lines in, a list of adjustments out. The cart is never mutated.
 *
 * Order of application, each on what is still payable after the previous ones:
 *  1. flash-sale price (only on the line of the sale's SKU),
 *  2. promotions configured as data (full-reduction, percentage, fixed), in the order given,
 *  3. one coupon (its minimum spend is measured on what is payable after 1 and 2),
 *  4. points: 100 points = 1 yuan (1 point = 1 fen), clamped so they never pay more than what is left.
 * Every adjustment is split across the lines it applies to with `allocate()`, weighted by what each line
 * still has payable, so no line ever goes below zero.
 *
 * Invariants (property-tested): `payableFen === totalFen - discountFen`, `discountFen === Σ adjustments`,
 * `Σ line.discountFen === discountFen`, `Σ line.payableFen === payableFen`, every line payable ≥ 0.
 * All amounts are integer fen.
 */
import type { Adjustment, PriceBreakdown, PricedLine } from '../typings/api';
import { allocate, applyRate } from './money';
import { FEN_PER_POINT } from './points';
import { refuse, success, type Outcome } from './outcome';

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

/**
 * Checks a promotion an operator configures: a known kind, exactly the params that kind reads (integers
 * in range; required ones present; no others), a window with `startAt < endAt` when both are given, and,
 * for a full reduction, an amount off below its threshold. INVALID_ARGUMENT with the first problem.
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
  return success(p);
}

/** True when the promotion is switched on and `now` is inside its window. */
export function promotionLive(p: Promotion, now: number): boolean {
  return p.active !== false && (p.startAt === undefined || p.startAt <= now) && (p.endAt === undefined || now < p.endAt);
}

export interface PricingInput {
  lines: PricingLine[];
  promotions?: Promotion[];
  flash?: FlashOffer | null;
  coupon?: CouponOffer | null;
  /** Points the buyer asks to use; more than the payable amount is clamped. */
  pointsToUse?: number;
  now: number;
}

/** An adjustment with its split across the input lines (`shares[i]` belongs to `lines[i]`). */
export interface SplitAdjustment extends Adjustment { refId?: string; shares: number[] }

export interface Priced extends PriceBreakdown { adjustments: SplitAdjustment[] }

/**
 * Prices the lines. Refuses with COUPON_UNAVAILABLE when the coupon's minimum spend is not met.
 * `pointsUsed` is what the points adjustment really took (≤ `pointsToUse`).
 */
export function price(input: PricingInput): Outcome<Priced> {
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

  if (input.flash) {
    const { skuId, priceFen, flashSaleId } = input.flash;
    lines.forEach((l, i) => {
      if (l.skuId === skuId && priceFen < l.unitPriceFen) apply('flashSale', '限时秒杀', (l.unitPriceFen - priceFen) * l.quantity, (j) => j === i, flashSaleId);
    });
  }

  for (const promo of input.promotions ?? []) {
    if (!promotionLive(promo, now)) continue;
    const eligible = (i: number) => !promo.skuIds || promo.skuIds.includes(lines[i].skuId);
    const base = left.reduce((s, v, i) => s + (eligible(i) ? v : 0), 0);
    apply('promotion', promo.label, PROMOTION_KINDS[promo.kind](promo.params, base), eligible, promo.id);
  }

  if (input.coupon) {
    const base = left.reduce((a, b) => a + b, 0);
    if (base < input.coupon.minSpendFen) return refuse('COUPON_UNAVAILABLE', `coupon needs a spend of ${input.coupon.minSpendFen} fen, order has ${base}`);
    apply('coupon', input.coupon.title, input.coupon.discountFen, () => true, input.coupon.couponId);
  }

  let pointsUsed = 0;
  if (input.pointsToUse && input.pointsToUse > 0) {
    const base = left.reduce((a, b) => a + b, 0);
    pointsUsed = Math.floor(Math.min(input.pointsToUse * FEN_PER_POINT, base) / FEN_PER_POINT);
    apply('points', `积分抵扣 ${pointsUsed}`, pointsUsed * FEN_PER_POINT, () => true);
  }

  const priced: PricedLine[] = lines.map((l, i) => ({
    skuId: l.skuId, quantity: l.quantity, unitPriceFen: l.unitPriceFen, lineTotalFen: totals[i], discountFen: totals[i] - left[i], payableFen: left[i],
  }));
  const totalFen = totals.reduce((a, b) => a + b, 0);
  const discountFen = adjustments.reduce((s, a) => s + a.amountFen, 0);
  return success({ lines: priced, adjustments, totalFen, discountFen, payableFen: totalFen - discountFen, pointsUsed });
}

/** The share of an adjustment kind that fell on line `i` (e.g. the points a refunded line gives back). */
export function lineShare(adjustments: SplitAdjustment[], kind: string, i: number): number {
  return adjustments.filter((a) => a.kind === kind).reduce((s, a) => s + (a.shares[i] ?? 0), 0);
}
