import fc from 'fast-check';
import { abnormalPointsGains, couponAbuse, currentAllowance, slidingWindow } from '../../domain/analytics/risk-growth';

describe('sliding-window call rates', () => {
  const rate = { limit: 10, windowMs: 60_000 };
  it('allows up to the limit in a fresh window and refuses the next', () => {
    expect(slidingWindow(0, 10, 60_000 * 5, rate).allowed).toBe(true);
    expect(slidingWindow(0, 11, 60_000 * 5, rate).allowed).toBe(false);
  });
  it('counts the previous bucket by how much of it is still inside the window', () => {
    // 15 s into the bucket: 75 % of the previous bucket's 8 calls still count.
    expect(slidingWindow(8, 4, 60_000 * 5 + 15_000, rate)).toEqual({ allowed: true, estimate: 10 });
    expect(slidingWindow(8, 5, 60_000 * 5 + 15_000, rate).allowed).toBe(false);
    expect(slidingWindow(8, 5, 60_000 * 5 + 45_000, rate).allowed).toBe(true);
  });
});

describe('abnormal points gains', () => {
  const now = 10 * 86_400_000;
  it('fires for a user whose credits in the window pass the threshold, ignoring spends and old credits', () => {
    const entries = [
      { userId: 'u1', delta: 3000, createdAt: now - 1000 }, { userId: 'u1', delta: 2500, createdAt: now - 2000 },
      { userId: 'u2', delta: 5000, createdAt: now - 1000 }, { userId: 'u2', delta: -4000, createdAt: now - 500 },
      { userId: 'u3', delta: 9000, createdAt: now - 86_400_000 - 1 },
    ];
    expect(abnormalPointsGains(entries, now, { windowMs: 86_400_000, maxPoints: 5000 })).toEqual([{ kind: 'pointsGain', subject: 'u1', detail: { points: 5500, windowMs: 86_400_000, maxPoints: 5000 } }]);
  });
});

describe('coupon abuse across accounts', () => {
  const claims = ['a', 'b', 'c', 'd'].map((u) => ({ userId: u, couponId: 'c1' }));
  it('fires when more accounts than allowed share a device and claimed the same coupon', () => {
    const fps = new Map(['a', 'b', 'c', 'd'].map((u) => [u, ['device:D1']]));
    expect(couponAbuse(claims, fps, { maxAccounts: 3 })).toEqual([{ kind: 'couponAbuse', subject: 'c1', detail: { fingerprint: 'device:D1', accounts: ['a', 'b', 'c', 'd'], maxAccounts: 3 } }]);
  });
  it('stays quiet for separate devices or at the limit', () => {
    expect(couponAbuse(claims, new Map(['a', 'b', 'c', 'd'].map((u) => [u, [`device:${u}`]])), { maxAccounts: 3 })).toEqual([]);
    expect(couponAbuse(claims.slice(0, 3), new Map(['a', 'b', 'c'].map((u) => [u, ['phone:P']])), { maxAccounts: 3 })).toEqual([]);
  });
});

describe('the allowance of the current bucket', () => {
  const rate = { limit: 10, windowMs: 60_000 };
  it('is the limit in a fresh window and shrinks by the overlapping part of the previous bucket', () => {
    expect(currentAllowance(0, 0, rate)).toBe(10);
    expect(currentAllowance(8, 15_000, rate)).toBe(4);
    expect(currentAllowance(100, 15_000, rate)).toBe(0);
  });
  it('agrees with the sliding-window estimate (property)', () => {
    fc.assert(fc.property(fc.nat(30), fc.integer({ min: 0, max: 59_999 }), (prev, t) => {
      const allowance = currentAllowance(prev, t, rate);
      if (allowance > 0) expect(slidingWindow(prev, allowance, t, rate).allowed).toBe(true);
      expect(slidingWindow(prev, allowance + 1, t, rate).allowed).toBe(false);
    }));
  });
});
