/** Tiers from lifetime paid spend, with thresholds as data. */
import fc from 'fast-check';
import { checkTierRules, DEFAULT_TIERS, memberPriceLabel, tierFor, toNextTier, type TierRule } from '../../domain/membership/tier';

const aTier = (tier: string, minLifetimeSpendFen: number, overrides: Partial<TierRule['benefits']> = {}): TierRule => ({
  tier, minLifetimeSpendFen, benefits: { memberPriceBps: 10000, freeShipping: false, ...overrides },
});

describe('tiers', () => {
  it('start every member at the first tier', () => {
    expect(tierFor(0).tier).toBe('member');
  });

  it('reach a tier exactly at its threshold, not a fen before', () => {
    expect(tierFor(99_999).tier).toBe('member');
    expect(tierFor(100_000).tier).toBe('silver');
    expect(tierFor(500_000).tier).toBe('gold');
    expect(tierFor(2_000_000).tier).toBe('premium');
  });

  it('never go down as spend rises', () => {
    const rank = (t: string) => DEFAULT_TIERS.findIndex((r) => r.tier === t);
    fc.assert(fc.property(fc.nat(5_000_000), fc.nat(5_000_000), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(rank(tierFor(hi).tier)).toBeGreaterThanOrEqual(rank(tierFor(lo).tier));
    }));
  });

  it('follow a configured table', () => {
    const table = [aTier('basic', 0), aTier('vip', 1000, { freeShipping: true })];
    expect(tierFor(1000, table)).toMatchObject({ tier: 'vip', benefits: { freeShipping: true } });
    expect(toNextTier(400, table)).toEqual({ tier: 'vip', missingFen: 600 });
    expect(toNextTier(1000, table)).toBeNull();
  });

  it.each([
    ['an empty table', []],
    ['a first tier above 0', [aTier('a', 10)]],
    ['falling thresholds', [aTier('a', 0), aTier('b', 100), aTier('c', 50)]],
    ['a name twice', [aTier('a', 0), aTier('a', 100)]],
    ['a member price above list', [aTier('a', 0, { memberPriceBps: 10001 })]],
    ['a fractional member price', [aTier('a', 0, { memberPriceBps: 9500.5 })]],
    ['free shipping that is not a boolean', [aTier('a', 0, { freeShipping: 'yes' as unknown as boolean })]],
    ['a tier without benefits', [{ tier: 'a', minLifetimeSpendFen: 0 } as TierRule]],
  ])('refuse %s', (_name, rules) => {
    expect(checkTierRules(rules as TierRule[]).ok).toBe(false);
  });

  it('accept the defaults', () => {
    expect(checkTierRules(DEFAULT_TIERS).ok).toBe(true);
  });

  describe('a points rate (removed: points are 1 per yuan for every tier)', () => {
    it('is no benefit of any default tier', () => {
      for (const t of DEFAULT_TIERS) expect(Object.keys(t.benefits).sort()).toEqual(['freeShipping', 'memberPriceBps']);
    });
    it('is dropped from a table that still carries it, which stays valid', () => {
      const legacy = [{ tier: 'a', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 9000, freeShipping: true, pointsRateBps: 20000 } }] as unknown as TierRule[];
      const out = checkTierRules(legacy);
      expect(out).toEqual({ ok: true, value: [{ tier: 'a', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 9000, freeShipping: true } }] });
    });
  });

  it('label the member price with the tier', () => {
    expect(memberPriceLabel('gold')).toBe('金卡会员价');
    expect(memberPriceLabel('member')).toBe('会员价');
    expect(memberPriceLabel('vip')).toBe('vip会员价');
  });
});
