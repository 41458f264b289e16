import fc from 'fast-check';
import { checkPromotion, price, PROMOTION_KINDS, type MemberBenefits, type PricingInput, type Promotion } from '../../domain/store/pricing';

const NOW = 1_700_000_000_000;
const aLine = (o: Partial<PricingInput['lines'][number]> = {}) => ({ skuId: 'sku-a', quantity: 1, unitPriceFen: 1990, ...o });
const aPromotion = (o: Partial<Promotion> = {}): Promotion => ({ id: 'promo-1', kind: 'fullReduction', label: '满100减20', params: { thresholdFen: 10000, offFen: 2000 }, ...o });
const aGoldMember = (o: Partial<MemberBenefits> = {}): MemberBenefits => ({ label: '金卡会员价', memberPriceBps: 9500, freeShipping: false, ...o });
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

  describe('member price (会员价)', () => {
    it('takes total − floor(total × bps / 10000) off as its own adjustment', () => {
      // 3 × 1990 = 5970; floor(5970 × 0.95) = 5671 (5671.5 rounded down): 299 off.
      const p = priced({ lines: [aLine({ quantity: 3 })], member: aGoldMember() });
      expect(p.adjustments).toEqual([expect.objectContaining({ kind: 'memberPrice', label: '金卡会员价', amountFen: 299 })]);
      expect(p.payableFen).toBe(5671);
    });
    it('splits the discount across the lines by their totals', () => {
      const p = priced({ lines: [aLine({ unitPriceFen: 3000 }), aLine({ skuId: 'sku-b', unitPriceFen: 1000 })], member: aGoldMember({ memberPriceBps: 9000 }) });
      expect(p.lines.map((l) => l.discountFen)).toEqual([300, 100]);
    });
    it('adds nothing at full price', () => {
      expect(priced({ member: aGoldMember({ memberPriceBps: 10000 }) }).adjustments).toEqual([]);
    });
    it('leaves a flash-sale line at its flash price', () => {
      const p = priced({ lines: [aLine(), aLine({ skuId: 'sku-b', unitPriceFen: 1000 })], flash: { flashSaleId: 'fs', skuId: 'sku-a', priceFen: 990 }, member: aGoldMember({ memberPriceBps: 9000 }) });
      expect(p.lines.map((l) => l.payableFen)).toEqual([990, 900]);
    });
    it('comes before promotions: a threshold is measured on the member price', () => {
      // 12000 → 11400 at 95 %, still over 满100减20 → 9400.
      const p = priced({ lines: [aLine({ unitPriceFen: 12000 })], member: aGoldMember(), promotions: [aPromotion()] });
      expect(p.adjustments.map((a) => [a.kind, a.amountFen])).toEqual([['memberPrice', 600], ['promotion', 2000]]);
      expect(p.payableFen).toBe(9400);
    });
    describe('when the member price would drop the cart under a promotion\'s threshold', () => {
      it('keeps the promotion instead, so the member never pays more than a non-member', () => {
        // At 95 % the 10000 cart is 9500, under 满100减20; without the member price it is 8000.
        const p = priced({ lines: [aLine({ unitPriceFen: 10000 })], member: aGoldMember(), promotions: [aPromotion()] });
        expect(p.adjustments.map((a) => a.kind)).toEqual(['promotion']);
        expect(p.payableFen).toBe(8000);
      });
    });
    describe('when the member price would drop the cart under a coupon\'s minimum spend', () => {
      it('keeps the coupon usable', () => {
        const p = priced({ lines: [aLine({ unitPriceFen: 9900 })], member: aGoldMember(), coupon: { couponId: 'c', title: '满99减10', discountFen: 1000, minSpendFen: 9900 } });
        expect(p).toMatchObject({ payableFen: 8900 });
      });
    });
  });

  describe('joint promotions (联盟)', () => {
    const joint = aPromotion({ kind: 'fixed', params: { offFen: 500 }, label: '联名立减', requiresPartnerMember: 'coffee' });
    it('apply to a member linked to the partner', () => {
      expect(priced({ promotions: [joint], dualMemberOf: ['coffee'] }).discountFen).toBe(500);
    });
    it('do not apply to anyone else', () => {
      expect(priced({ promotions: [joint], dualMemberOf: ['tea'] }).discountFen).toBe(0);
      expect(priced({ promotions: [joint] }).discountFen).toBe(0);
    });
    it('need a partner id', () => {
      expect(checkPromotion({ ...joint, requiresPartnerMember: '' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      expect(checkPromotion({ ...joint, requiresPartnerMember: 'a b' })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      expect(checkPromotion(joint).ok).toBe(true);
    });
  });

  describe('shipping (运费)', () => {
    const shipping = { feeFen: 800, freeOverFen: 9900 };
    it('adds the fee to the payable as an adjustment of kind shipping', () => {
      const p = priced({ lines: [aLine()], shipping });
      expect(p).toMatchObject({ totalFen: 1990, discountFen: 0, shippingFen: 800, payableFen: 2790 });
      expect(p.adjustments).toEqual([expect.objectContaining({ kind: 'shipping', amountFen: 800 })]);
      expect(p.lines[0]).toMatchObject({ shippingFen: 800, payableFen: 2790 });
    });
    it('is waived once the goods payable after discounts reach the threshold, and not a fen before', () => {
      expect(priced({ lines: [aLine({ unitPriceFen: 9900 })], shipping }).shippingFen).toBe(0);
      expect(priced({ lines: [aLine({ unitPriceFen: 10000 })], shipping, promotions: [aPromotion({ kind: 'fixed', params: { offFen: 101 } })] }).shippingFen).toBe(800);
    });
    it('is waived for a tier with free shipping', () => {
      expect(priced({ shipping, member: aGoldMember({ freeShipping: true }) }).shippingFen).toBe(0);
    });
    it('can be paid with points', () => {
      expect(priced({ lines: [aLine({ unitPriceFen: 1000 })], shipping, pointsToUse: 5000 })).toMatchObject({ pointsUsed: 1800, payableFen: 0 });
    });
    it('is charged on an order whose goods a coupon paid in full', () => {
      const p = priced({ lines: [aLine({ unitPriceFen: 500 })], shipping, coupon: { couponId: 'c', title: 'c', discountFen: 1000, minSpendFen: 0 } });
      expect(p).toMatchObject({ discountFen: 500, shippingFen: 800, payableFen: 800 });
    });
    it('costs nothing without a fee', () => {
      expect(priced({ shipping: { feeFen: 0 } }).adjustments).toEqual([]);
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
      member: fc.option(fc.record({ label: fc.constant('会员价'), memberPriceBps: fc.integer({ min: 0, max: 10000 }), freeShipping: fc.boolean() }), { nil: null }),
      shipping: fc.option(fc.record({ feeFen: fc.integer({ min: 0, max: 5000 }), freeOverFen: fc.option(fc.integer({ min: 1, max: 500_000 }), { nil: undefined }) }), { nil: null }),
    });

    it('totals equal the sum of lines plus shipping minus the allocated discounts, and line parts sum to the order\'s', () => {
      fc.assert(fc.property(input, (i) => {
        const p = priced({ ...i, now: NOW });
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        const shipping = p.adjustments.filter((a) => a.kind === 'shipping');
        expect(p.totalFen).toBe(sum(p.lines.map((l) => l.lineTotalFen)));
        expect(p.discountFen).toBe(sum(p.adjustments.filter((a) => a.kind !== 'shipping').map((a) => a.amountFen)));
        expect(p.shippingFen).toBe(sum(shipping.map((a) => a.amountFen)));
        expect(sum(p.lines.map((l) => l.discountFen))).toBe(p.discountFen);
        expect(sum(p.lines.map((l) => l.shippingFen))).toBe(p.shippingFen);
        expect(p.payableFen).toBe(p.totalFen + p.shippingFen - p.discountFen);
        for (const l of p.lines) expect(l.payableFen).toBe(l.lineTotalFen + l.shippingFen - l.discountFen);
        expect(sum(p.lines.map((l) => l.payableFen))).toBe(p.payableFen);
        for (const a of p.adjustments) expect(sum(a.shares)).toBe(a.amountFen);
        for (const l of p.lines) expect(l.payableFen).toBeGreaterThanOrEqual(0);
        expect(p.pointsUsed).toBeLessThanOrEqual(i.pointsToUse);
      }), { numRuns: 500 });
    });

    it('charges shipping in the mix whenever a fee applies (the property above is not vacuous)', () => {
      const seen = { shipping: 0, member: 0 };
      fc.assert(fc.property(input, (i) => {
        const p = priced({ ...i, now: NOW });
        if (p.shippingFen > 0) seen.shipping++;
        if (p.adjustments.some((a) => a.kind === 'memberPrice')) seen.member++;
      }), { numRuns: 300, seed: 42 });
      expect(seen.shipping).toBeGreaterThan(20);
      expect(seen.member).toBeGreaterThan(20);
    });

    it('a member never pays more than a non-member for the same cart, shipping included', () => {
      fc.assert(fc.property(input, fc.integer({ min: 0, max: 10000 }), (i, bps) => {
        const base = { ...i, coupon: null, pointsToUse: 0, now: NOW };
        const plain = priced({ ...base, member: null });
        const member = priced({ ...base, member: { label: 'm', memberPriceBps: bps, freeShipping: true } });
        expect(member.payableFen).toBeLessThanOrEqual(plain.payableFen);
      }), { numRuns: 300 });
    });
  });
});
