import fc from 'fast-check';
import { price, PROMOTION_KINDS, type PricingInput, type Promotion } from '../../domain/pricing';

const NOW = 1_700_000_000_000;
const aLine = (o: Partial<PricingInput['lines'][number]> = {}) => ({ skuId: 'sku-a', quantity: 1, unitPriceFen: 1990, ...o });
const aPromotion = (o: Partial<Promotion> = {}): Promotion => ({ id: 'promo-1', kind: 'fullReduction', label: '满100减20', params: { thresholdFen: 10000, offFen: 2000 }, ...o });
const priced = (input: Partial<PricingInput>) => {
  const out = price({ lines: [aLine()], now: NOW, ...input });
  if (!out.ok) throw new Error(out.reason);
  return out.value;
};

describe('pricing', () => {
  describe('with no discounts', () => {
    it('charges the lines at their unit prices', () => {
      const p = priced({ lines: [aLine({ quantity: 2 }), aLine({ skuId: 'sku-b', unitPriceFen: 500 })] });
      expect(p).toMatchObject({ totalFen: 4480, discountFen: 0, payableFen: 4480, pointsUsed: 0, adjustments: [] });
    });
  });

  describe('promotions configured as data', () => {
    it('takes a full reduction once the threshold is reached', () => {
      expect(priced({ lines: [aLine({ unitPriceFen: 10000 })], promotions: [aPromotion()] }).discountFen).toBe(2000);
      expect(priced({ lines: [aLine({ unitPriceFen: 9999 })], promotions: [aPromotion()] }).discountFen).toBe(0);
    });
    it('repeats a full reduction per whole threshold when asked', () => {
      expect(PROMOTION_KINDS.fullReduction({ thresholdFen: 10000, offFen: 2000, repeat: 1 }, 25000)).toBe(4000);
    });
    it('rounds a percentage off down to the fen and respects its cap', () => {
      expect(PROMOTION_KINDS.percentage({ offBps: 1500 }, 999)).toBe(149);
      expect(PROMOTION_KINDS.percentage({ offBps: 5000, capFen: 300 }, 10000)).toBe(300);
    });
    it('applies a promotion only to its SKUs', () => {
      const p = priced({ lines: [aLine({ unitPriceFen: 1000 }), aLine({ skuId: 'sku-b', unitPriceFen: 1000 })], promotions: [aPromotion({ kind: 'fixed', params: { offFen: 300 }, skuIds: ['sku-b'] })] });
      expect(p.lines.map((l) => l.discountFen)).toEqual([0, 300]);
    });
    it('ignores a promotion outside its window', () => {
      expect(priced({ promotions: [aPromotion({ kind: 'fixed', params: { offFen: 100 }, endAt: NOW })] }).discountFen).toBe(0);
    });
  });

  describe('a flash sale', () => {
    it('prices only its SKU at the sale price', () => {
      const p = priced({ lines: [aLine({ quantity: 2 }), aLine({ skuId: 'sku-b', unitPriceFen: 500 })], flash: { flashSaleId: 'fs', skuId: 'sku-a', priceFen: 990 } });
      expect(p.lines.map((l) => l.payableFen)).toEqual([1980, 500]);
    });
  });

  describe('a coupon', () => {
    const coupon = { couponId: 'c1', title: '满99减10', discountFen: 1000, minSpendFen: 9900 };
    it('takes its discount when the spend after promotions reaches its minimum', () => {
      expect(priced({ lines: [aLine({ unitPriceFen: 9900 })], coupon }).payableFen).toBe(8900);
    });
    it('is refused below its minimum spend', () => {
      const out = price({ lines: [aLine({ unitPriceFen: 9899 })], coupon, now: NOW });
      expect(out).toMatchObject({ ok: false, code: 'COUPON_UNAVAILABLE' });
    });
  });

  describe('points', () => {
    it('takes 100 points as 1 yuan off', () => {
      expect(priced({ lines: [aLine({ unitPriceFen: 5000 })], pointsToUse: 300 })).toMatchObject({ payableFen: 4700, pointsUsed: 300 });
    });
    it('never uses more points than what is left to pay', () => {
      expect(priced({ lines: [aLine({ unitPriceFen: 5000 })], pointsToUse: 9000 })).toMatchObject({ payableFen: 0, pointsUsed: 5000 });
    });
  });

  it('never changes its input', () => {
    const input: PricingInput = { lines: [aLine({ quantity: 3 })], promotions: [aPromotion({ kind: 'fixed', params: { offFen: 100 } })], pointsToUse: 50, now: NOW };
    const copy = JSON.parse(JSON.stringify(input));
    priced(input);
    expect(input).toEqual(copy);
  });

  describe('for any order (property)', () => {
    const lines = fc.array(fc.record({ skuId: fc.constantFrom('a', 'b', 'c', 'd'), quantity: fc.integer({ min: 1, max: 20 }), unitPriceFen: fc.integer({ min: 0, max: 200_000 }) }), { minLength: 1, maxLength: 6 });
    const promos = fc.array(fc.oneof(
      fc.record({ id: fc.constant('fr'), kind: fc.constant('fullReduction' as const), label: fc.constant('fr'), params: fc.record({ thresholdFen: fc.integer({ min: 1, max: 100_000 }), offFen: fc.integer({ min: 0, max: 100_000 }), repeat: fc.constantFrom(0, 1) }) }),
      fc.record({ id: fc.constant('pc'), kind: fc.constant('percentage' as const), label: fc.constant('pc'), params: fc.record({ offBps: fc.integer({ min: 0, max: 10000 }) }), skuIds: fc.option(fc.subarray(['a', 'b']), { nil: undefined }) }),
      fc.record({ id: fc.constant('fx'), kind: fc.constant('fixed' as const), label: fc.constant('fx'), params: fc.record({ offFen: fc.integer({ min: 0, max: 500_000 }) }) }),
    ), { maxLength: 3 });
    const input = fc.record({
      lines, promotions: promos,
      flash: fc.option(fc.record({ flashSaleId: fc.constant('fs'), skuId: fc.constantFrom('a', 'b'), priceFen: fc.integer({ min: 0, max: 200_000 }) }), { nil: null }),
      coupon: fc.option(fc.record({ couponId: fc.constant('c'), title: fc.constant('c'), discountFen: fc.integer({ min: 1, max: 300_000 }), minSpendFen: fc.constant(0) }), { nil: null }),
      pointsToUse: fc.integer({ min: 0, max: 3_000_000 }),
    });

    it('totals equal the sum of lines minus the allocated discounts, and line discounts sum to the order discount', () => {
      fc.assert(fc.property(input, (i) => {
        const p = priced({ ...i, now: NOW });
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(p.totalFen).toBe(sum(p.lines.map((l) => l.lineTotalFen)));
        expect(p.discountFen).toBe(sum(p.adjustments.map((a) => a.amountFen)));
        expect(sum(p.lines.map((l) => l.discountFen))).toBe(p.discountFen);
        expect(p.payableFen).toBe(p.totalFen - p.discountFen);
        expect(sum(p.lines.map((l) => l.payableFen))).toBe(p.payableFen);
        for (const a of p.adjustments) expect(sum(a.shares)).toBe(a.amountFen);
        for (const l of p.lines) expect(l.payableFen).toBeGreaterThanOrEqual(0);
        expect(p.pointsUsed).toBeLessThanOrEqual(i.pointsToUse);
      }), { numRuns: 500 });
    });
  });
});
