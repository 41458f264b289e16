/**
 * Member tiers (会员等级) derived from lifetime paid spend. Thresholds and benefits are data
 * (`settings/tiers`, operator-editable); `DEFAULT_TIERS` applies when none are configured.
 * The tier is derived on read, never stored as truth: a payment that raises `lifetimeSpendFen`
 * raises the tier with it.
 */
import { refuse, success, type Outcome } from './outcome';

export interface TierBenefits {
  /** What a member pays of the list price, in basis points (10000 = full price, 9500 = 5 % off). */
  memberPriceBps: number;
  freeShipping: boolean;
  /** Points earned per payment as basis points of the base rate (10000 = 1 point per yuan). */
  pointsRateBps: number;
}

export interface TierRule {
  tier: string;
  /** Lowest lifetime paid spend (fen) that reaches this tier; the first rule must start at 0. */
  minLifetimeSpendFen: number;
  benefits: TierBenefits;
}

export const DEFAULT_TIERS: readonly TierRule[] = [
  { tier: 'member', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 10000, freeShipping: false, pointsRateBps: 10000 } },
  { tier: 'silver', minLifetimeSpendFen: 100_000, benefits: { memberPriceBps: 9800, freeShipping: false, pointsRateBps: 12000 } },
  { tier: 'gold', minLifetimeSpendFen: 500_000, benefits: { memberPriceBps: 9500, freeShipping: true, pointsRateBps: 15000 } },
  { tier: 'premium', minLifetimeSpendFen: 2_000_000, benefits: { memberPriceBps: 9000, freeShipping: true, pointsRateBps: 20000 } },
];

/**
 * Checks a tier table: at least one rule, the first at 0 fen, thresholds strictly rising, unique names,
 * rates within 0..10000 (memberPriceBps) and 0..100000 (pointsRateBps).
 */
export function checkTierRules(rules: readonly TierRule[]): Outcome<TierRule[]> {
  if (rules.length === 0) return refuse('INVALID_ARGUMENT', 'at least one tier is required');
  if (rules[0].minLifetimeSpendFen !== 0) return refuse('INVALID_ARGUMENT', 'the first tier must start at 0 fen');
  const names = new Set<string>();
  for (const [i, r] of rules.entries()) {
    if (names.has(r.tier)) return refuse('INVALID_ARGUMENT', `tier ${r.tier} appears twice`);
    names.add(r.tier);
    if (i > 0 && r.minLifetimeSpendFen <= rules[i - 1].minLifetimeSpendFen) return refuse('INVALID_ARGUMENT', 'thresholds must rise strictly');
    const b = r.benefits;
    if (!Number.isSafeInteger(b.memberPriceBps) || b.memberPriceBps < 0 || b.memberPriceBps > 10000) return refuse('INVALID_ARGUMENT', 'memberPriceBps must be 0..10000');
    if (!Number.isSafeInteger(b.pointsRateBps) || b.pointsRateBps < 0 || b.pointsRateBps > 100000) return refuse('INVALID_ARGUMENT', 'pointsRateBps must be 0..100000');
  }
  return success([...rules]);
}

/** The highest tier whose threshold `lifetimeSpendFen` (fen, >= 0) reaches. `rules` must pass `checkTierRules`. */
export function tierFor(lifetimeSpendFen: number, rules: readonly TierRule[] = DEFAULT_TIERS): TierRule {
  let found = rules[0];
  for (const r of rules) if (lifetimeSpendFen >= r.minLifetimeSpendFen) found = r;
  return found;
}

/**
 * A tier's benefits as stable codes for partner brands: `member_price_<percent>` when members pay less
 * than list price (9500 bps → `member_price_95`), `free_shipping`. Derived from the operator's tier table,
 * so what partners are told is always what the member gets here.
 */
export function benefitCodes(benefits: TierBenefits): string[] {
  const codes: string[] = [];
  if (benefits.memberPriceBps < 10000) codes.push(`member_price_${String(benefits.memberPriceBps / 100).replace('.', '_')}`);
  if (benefits.freeShipping) codes.push('free_shipping');
  return codes;
}

/** How far the member is from the next tier (fen), or null at the top. */
export function toNextTier(lifetimeSpendFen: number, rules: readonly TierRule[] = DEFAULT_TIERS): { tier: string; missingFen: number } | null {
  const next = rules.find((r) => r.minLifetimeSpendFen > lifetimeSpendFen);
  return next ? { tier: next.tier, missingFen: next.minLifetimeSpendFen - lifetimeSpendFen } : null;
}
