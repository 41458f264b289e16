import fc from 'fast-check';
import { settlementStatement, shareProfit, validShares, DEFAULT_SHARES } from '../../domain/alliance/profitshare';

describe('profit sharing', () => {
  it('splits 70/25/5 by largest remainders', () => {
    expect(shareProfit(101)).toEqual([{ party: 'partner', amountFen: 71 }, { party: 'brand', amountFen: 25 }, { party: 'platform', amountFen: 5 }]);
  });

  it('always sums to the whole, every part within 1 fen of its exact share (property)', () => {
    const shares = fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 6 }).filter((w) => w.reduce((a, b) => a + b, 0) > 0);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), shares, (total, weights) => {
      const parts = shareProfit(total, weights.map((w, i) => ({ party: `p${i}`, weightBps: w })));
      const sum = weights.reduce((a, b) => a + b, 0);
      expect(parts.reduce((s, p) => s + p.amountFen, 0)).toBe(total);
      parts.forEach((p, i) => expect(Math.abs(p.amountFen - (total * weights[i]) / sum)).toBeLessThan(1 + 1e-6 * total));
    }));
  });

  it('accepts only shares summing to 10000 bps', () => {
    expect(validShares(DEFAULT_SHARES)).toBe(true);
    expect(validShares([{ party: 'a', weightBps: 9999 }])).toBe(false);
    expect(validShares([])).toBe(false);
  });

  it('states a half-open period and values 100 points at 1 yuan', () => {
    const lines = [{ points: 100, partnerPoints: 1, at: 10 }, { points: 300, partnerPoints: 3, at: 20 }, { points: 500, partnerPoints: 5, at: 30 }];
    const s = settlementStatement(lines, 10, 30);
    expect(s).toMatchObject({ transfers: 2, points: 400, partnerPoints: 4, poolFen: 400 });
    expect(s.split.map((p) => p.amountFen)).toEqual([280, 100, 20]);
  });
});
