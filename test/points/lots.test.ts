/**
 * The points ledger rules (domain/points/points.ts) as properties: whatever sequence of credits, spends,
 * take-backs and expiries happens, the balance is the sum of what the open lots hold and never negative;
 * spending takes the lot that expires first; a take-back of spent points becomes debt that later credits repay.
 */
import fc from 'fast-check';
import { credit, debit, emptyAccount, expire, LOT_LIFETIME_MS, shareReward, takeBack, type PointsAccount } from '../../domain/points/points';

const DAY = 24 * 3600_000;

type Op =
  | { kind: 'credit'; points: number; at: number }
  | { kind: 'debit'; points: number; at: number }
  | { kind: 'takeBack'; points: number; at: number; ofCredit: number }
  | { kind: 'expire'; at: number };

const anOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('credit' as const), points: fc.integer({ min: 1, max: 500 }), at: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('debit' as const), points: fc.integer({ min: 1, max: 800 }), at: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('takeBack' as const), points: fc.integer({ min: 1, max: 500 }), at: fc.integer({ min: 0, max: 40 }), ofCredit: fc.nat(20) }),
  fc.record({ kind: fc.constant('expire' as const), at: fc.integer({ min: 0, max: 40 }) }),
);

/** Applies ops in time order (each op's `at` is a step of 15 days), tracking the ledger's deltas. */
function run(ops: Op[]) {
  let account: PointsAccount = emptyAccount();
  let now = 0;
  let deltas = 0;
  let credited = 0;
  let debtRepaid = 0;
  let shortfalls = 0;
  const credits: string[] = [];
  for (const [i, op] of ops.entries()) {
    now = Math.max(now, op.at * 15 * DAY);
    if (op.kind === 'credit') {
      const r = credit(account, `lot${i}`, op.points, now);
      account = r.account;
      deltas += r.delta;
      credited += op.points;
      debtRepaid += r.debtRepaid;
      credits.push(`lot${i}`);
    } else if (op.kind === 'debit') {
      const r = debit(account, op.points, now);
      if (r.ok) {
        account = r.value.account;
        deltas += r.value.delta;
      }
    } else if (op.kind === 'takeBack') {
      const lotId = credits.length ? credits[op.ofCredit % credits.length] : null;
      const r = takeBack(account, op.points, lotId, now);
      account = r.account;
      deltas += r.delta;
      shortfalls += r.shortfall;
    } else {
      const r = expire(account, now);
      deltas -= r.expired.reduce((s, e) => s + e.points, 0);
      account = r.account;
    }
  }
  return { account, deltas, credited, debtRepaid, shortfalls, now };
}

describe('points ledger rules', () => {
  it('keeps balance === sum of lot remainders === sum of deltas, never negative, through any sequence', () => {
    fc.assert(
      fc.property(fc.array(anOp, { maxLength: 40 }), (ops) => {
        const { account, deltas } = run(ops);
        const lots = account.lots.reduce((s, l) => s + l.remaining, 0);
        expect(account.balance).toBe(lots);
        expect(account.balance).toBe(deltas);
        expect(account.balance).toBeGreaterThanOrEqual(0);
        expect(account.debt).toBeGreaterThanOrEqual(0);
        expect(account.lots.every((l) => l.remaining > 0 && l.remaining <= l.points)).toBe(true);
        expect(account.nextExpiryAt).toBe(account.lots.length ? Math.min(...account.lots.map((l) => l.expiresAt)) : null);
      }),
      { numRuns: 300 },
    );
  });

  it('debt is exactly the shortfalls not yet repaid by later credits', () => {
    fc.assert(
      fc.property(fc.array(anOp, { maxLength: 40 }), (ops) => {
        const { account, debtRepaid, shortfalls } = run(ops);
        expect(account.debt).toBe(shortfalls - debtRepaid);
      }),
      { numRuns: 300 },
    );
  });

  it('spends the lot that expires first, whatever order the lots were credited in', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ points: fc.integer({ min: 1, max: 100 }), day: fc.integer({ min: 0, max: 300 }) }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 1000 }), (lots, spend) => {
        // Credit in any order of earning time: a lot earned earlier expires earlier.
        let account = emptyAccount();
        for (const [i, l] of lots.entries()) account = credit(account, `l${i}`, l.points, l.day * DAY).account;
        const now = 300 * DAY;
        const r = debit(account, spend, now);
        if (!r.ok) {
          expect(spend).toBeGreaterThan(account.balance);
          return;
        }
        const byExpiry = [...account.lots].sort((a, b) => a.expiresAt - b.expiresAt || a.lotId.localeCompare(b.lotId));
        let left = spend;
        const expected = [];
        for (const lot of byExpiry) {
          if (left === 0) break;
          const take = Math.min(left, lot.remaining);
          expected.push({ lotId: lot.lotId, points: take, expiresAt: lot.expiresAt });
          left -= take;
        }
        expect(r.value.takes).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  describe('when a refunded purchase takes its points back after some were spent', () => {
    it('takes what is left, never goes negative, and records the rest as debt', () => {
      let a = credit(emptyAccount(), 'order1', 300, 0).account;
      const spent = debit(a, 250, DAY);
      if (!spent.ok) throw new Error('expected the spend to succeed');
      a = spent.value.account;
      const r = takeBack(a, 300, 'order1', 2 * DAY);
      expect(r.account.balance).toBe(0);
      expect(r.delta).toBe(-50);
      expect(r.shortfall).toBe(250);
      expect(r.account.debt).toBe(250);
    });

    it('repays the debt from the next credits before they count', () => {
      const owing: PointsAccount = { balance: 0, lots: [], debt: 250, nextExpiryAt: null };
      const first = credit(owing, 'c1', 100, 0);
      expect(first).toMatchObject({ delta: 0, debtRepaid: 100 });
      expect(first.account).toMatchObject({ balance: 0, debt: 150 });
      const second = credit(first.account, 'c2', 200, 0);
      expect(second).toMatchObject({ delta: 50, debtRepaid: 150 });
      expect(second.account).toMatchObject({ balance: 50, debt: 0 });
    });

    it('takes from the refunded purchase\'s own lot before older lots', () => {
      let a = credit(emptyAccount(), 'old', 100, 0).account;
      a = credit(a, 'order', 100, DAY).account;
      const r = takeBack(a, 60, 'order', 2 * DAY);
      expect(r.takes).toEqual([{ lotId: 'order', points: 60 }]);
    });
  });

  describe('when lots expire', () => {
    it('closes exactly the lots 365 days old, oldest first, and spending no longer reaches them', () => {
      let a = credit(emptyAccount(), 'jan', 100, 0).account;
      a = credit(a, 'feb', 50, 31 * DAY).account;
      const r = expire(a, LOT_LIFETIME_MS);
      expect(r.expired).toEqual([{ lotId: 'jan', points: 100 }]);
      expect(r.account.balance).toBe(50);
      const before = debit(a, 120, LOT_LIFETIME_MS);
      expect(before.ok).toBe(false);
    });
  });
});

describe('the share reward', () => {
  it('gives 5 points to each of the first 3 shares of a day, then refuses', () => {
    expect(shareReward(0)).toEqual({ ok: true, value: { points: 5, sharesLeft: 2, nth: 1 } });
    expect(shareReward(2)).toEqual({ ok: true, value: { points: 5, sharesLeft: 0, nth: 3 } });
    expect(shareReward(3)).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED' });
  });
});
