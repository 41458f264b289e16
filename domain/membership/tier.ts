/**
 * Member tiers (会员等级) derived from lifetime paid spend. Thresholds and benefits are data
 * (`settings/tiers`, operator-editable); `DEFAULT_TIERS` applies when none are configured.
 * The tier is derived on read, never stored as truth: a payment that raises `lifetimeSpendFen`
 * raises the tier with it.
 */
import { refuse, success, type Outcome } from '../kernel/outcome';

/**
 * What a tier gets, applied by domain/store/pricing.ts. There is deliberately no points rate: the contract fixes
 * points at 1 per whole yuan paid for every member, so a tier may not change it.
 */
export interface TierBenefits {
  /**
   * What a member pays of the price, in basis points (10000 = full price, 9500 = 5 % off): the order's
   * `memberPrice` adjustment, on lines not sold at a flash or group price.
   */
  memberPriceBps: number;
  /** The store's shipping fee (`settings/shipping`) is waived for this tier. */
  freeShipping: boolean;
}

export interface TierRule {
  tier: string;
  /** Lowest lifetime paid spend (fen) that reaches this tier; the first rule must start at 0. */
  minLifetimeSpendFen: number;
  benefits: TierBenefits;
}

export const DEFAULT_TIERS: readonly TierRule[] = [
  { tier: 'member', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 10000, freeShipping: false } },
  { tier: 'silver', minLifetimeSpendFen: 100_000, benefits: { memberPriceBps: 9800, freeShipping: false } },
  { tier: 'gold', minLifetimeSpendFen: 500_000, benefits: { memberPriceBps: 9500, freeShipping: true } },
  { tier: 'premium', minLifetimeSpendFen: 2_000_000, benefits: { memberPriceBps: 9000, freeShipping: true } },
];

/**
 * Checks a tier table: at least one rule, the first at 0 fen, thresholds strictly rising, unique names,
 * `memberPriceBps` an integer 0..10000, `freeShipping` a boolean. The answer keeps only the benefits that
 * exist: a field tiers no longer have (the old `pointsRateBps`, in a table stored before it was removed,
 * or sent by an older console) is ignored and dropped, never applied: points stay 1 per yuan for everyone.
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
    if (typeof b !== 'object' || b === null) return refuse('INVALID_ARGUMENT', `tier ${r.tier} has no benefits`);
    if (!Number.isSafeInteger(b.memberPriceBps) || b.memberPriceBps < 0 || b.memberPriceBps > 10000) return refuse('INVALID_ARGUMENT', 'memberPriceBps must be 0..10000');
    if (typeof b.freeShipping !== 'boolean') return refuse('INVALID_ARGUMENT', 'freeShipping must be true or false');
  }
  return success(rules.map((r) => ({ tier: r.tier, minLifetimeSpendFen: r.minLifetimeSpendFen, benefits: { memberPriceBps: r.benefits.memberPriceBps, freeShipping: r.benefits.freeShipping } })));
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

const TIER_NAMES: Record<string, string> = { member: '会员', silver: '银卡', gold: '金卡', premium: '黑金' };

/** The label of a tier's member price adjustment: `金卡会员价` for gold; an operator's own tier name as is. */
export function memberPriceLabel(tier: string): string {
  const name = TIER_NAMES[tier] ?? tier;
  return name.endsWith('会员') ? `${name}价` : `${name}会员价`;
}

/** How far the member is from the next tier (fen), or null at the top. */
export function toNextTier(lifetimeSpendFen: number, rules: readonly TierRule[] = DEFAULT_TIERS): { tier: string; missingFen: number } | null {
  const next = rules.find((r) => r.minLifetimeSpendFen > lifetimeSpendFen);
  return next ? { tier: next.tier, missingFen: next.minLifetimeSpendFen - lifetimeSpendFen } : null;
}
