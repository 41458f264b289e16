import fc from 'fast-check';
import { allocate } from '../../domain/kernel/money';

describe('allocate (largest remainder)', () => {
  it('splits 100 fen three ways as 34/33/33, the extra fen to the earliest tie', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
  it('gives a zero weight nothing', () => {
    expect(allocate(10, [0, 3, 1])).toEqual([0, 8, 2]);
  });
  it('refuses to split a positive total by zero weights', () => {
    expect(() => allocate(1, [0, 0])).toThrow(RangeError);
  });
  it('always sums to the whole, never below zero, never above a weight when the total fits (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
      fc.pre(weights.some((w) => w > 0));
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p, i) => {
        expect(p).toBeGreaterThanOrEqual(0);
        if (weights[i] === 0) expect(p).toBe(0);
        if (total <= weights.reduce((a, b) => a + b, 0)) expect(p).toBeLessThanOrEqual(weights[i]);
      });
    }), { numRuns: 500 });
  });
});
