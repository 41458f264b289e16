/**
 * Giving spent points back (domain/points/points.ts `planRestore` + `restore`) as properties: points return to
 * the lots they were taken from with those lots' original expiry, a lot that has expired is not revived,
 * no return gives back more than was taken, and the balance stays the sum of the open lots.
 */
import fc from 'fast-check';
import { credit, debit, emptyAccount, LOT_LIFETIME_MS, planRestore, restore, takeBack, type DatedTake, type PointsAccount, type Take } from '../../domain/points/points';

const DAY = 24 * 3600_000;

/** An account built from credits earned on the given days (lot ids lot0, lot1...). */
function anAccountOf(credits: { points: number; day: number }[]): PointsAccount {
  let account = emptyAccount();
  [...credits].sort((a, b) => a.day - b.day).forEach((c, i) => (account = credit(account, `lot${i}`, c.points, c.day * DAY).account));
  return account;
}

const credits = fc.array(fc.record({ points: fc.integer({ min: 1, max: 500 }), day: fc.integer({ min: 0, max: 300 }) }), { minLength: 1, maxLength: 8 });

const dated = (takes: Take[]): DatedTake[] => takes.map((t) => ({ lotId: t.lotId, points: t.points, expiresAt: t.expiresAt! }));
const sum = (takes: { points: number }[]) => takes.reduce((s, t) => s + t.points, 0);
const lotsSum = (a: PointsAccount) => a.lots.reduce((s, l) => s + l.remaining, 0);

describe('returning spent points', () => {
  it('puts a spend back exactly as it was when nothing expired in between (the round trip is the identity)', () => {
    fc.assert(fc.property(credits, fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 300, max: 364 }), (cs, want, spendDay) => {
      const before = anAccountOf(cs);
      const spendAt = spendDay * DAY;
      const live = before.lots.filter((l) => l.expiresAt > spendAt + DAY);
      const points = Math.min(want, sum(live.map((l) => ({ points: l.remaining }))));
      fc.pre(points > 0 && live.length === before.lots.length);
      const spent = debit(before, points, spendAt);
      if (!spent.ok) throw new Error(spent.reason);
      const back = restore(spent.value.account, dated(spent.value.takes), spendAt + 1);
      expect(back.account).toEqual(before);
      expect(back.delta).toBe(points);
      expect(back.expired).toEqual([]);
    }), { numRuns: 300 });
  });

  it('keeps balance === Σ lots, never negative, and each restored point no longer-lived than its lot was', () => {
    fc.assert(fc.property(credits, fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 800 }), fc.nat(600), (cs, want, spendDay, laterDays, debtPoints) => {
      let account = anAccountOf(cs);
      const spendAt = spendDay * DAY;
      const available = sum(account.lots.filter((l) => l.expiresAt > spendAt).map((l) => ({ points: l.remaining })));
      fc.pre(available > 0);
      const spent = debit(account, Math.min(want, available), spendAt);
      if (!spent.ok) throw new Error(spent.reason);
      account = takeBack(spent.value.account, debtPoints, null, spendAt).account; // may leave debt
      const returnAt = spendAt + laterDays * DAY;
      const takes = dated(spent.value.takes);
      const r = restore(account, takes, returnAt);

      expect(r.account.balance).toBe(lotsSum(r.account));
      expect(r.account.balance).toBeGreaterThanOrEqual(0);
      expect(r.account.balance - account.balance).toBe(r.delta);
      // Everything given back is accounted for: into lots, repaying debt, or expired.
      expect(r.delta + r.debtRepaid + sum(r.expired)).toBe(sum(takes));
      expect(account.debt - r.account.debt).toBe(r.debtRepaid);
      for (const t of r.restored) {
        const lot = r.account.lots.find((l) => l.lotId === t.lotId)!;
        expect(lot.expiresAt).toBe(t.expiresAt);
        expect(lot.expiresAt).toBeGreaterThan(returnAt);
        expect(lot.expiresAt).toBeLessThanOrEqual(lot.earnedAt + LOT_LIFETIME_MS);
      }
      // A lot whose expiry has come gains nothing.
      for (const t of r.expired) expect(t.expiresAt).toBeLessThanOrEqual(returnAt);
      expect(r.account.lots.every((l) => l.expiresAt > returnAt || account.lots.some((o) => o.lotId === l.lotId && o.remaining === l.remaining))).toBe(true);
      expect(r.account.lots.every((l) => l.remaining > 0 && l.remaining <= l.points)).toBe(true);
    }), { numRuns: 400 });
  });

  it('never gives back more than was taken, per lot and in all, however the returns are split', () => {
    const aSpend = fc.array(fc.record({ lot: fc.integer({ min: 0, max: 5 }), points: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(aSpend, fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 6 }), (spendParts, returns) => {
      const spent: Take[] = spendParts.map((p, i) => ({ lotId: `lot${p.lot}`, points: p.points, expiresAt: (i + 1) * DAY }));
      const returned: Take[] = [];
      for (const points of returns) {
        const plan = planRestore(spent, returned, points);
        expect(sum(plan)).toBeLessThanOrEqual(points);
        returned.push(...plan);
      }
      expect(sum(returned)).toBe(Math.min(sum(spent), returns.reduce((a, b) => a + b, 0)));
      const perLot = (ts: Take[]) => ts.reduce((m, t) => m.set(t.lotId, (m.get(t.lotId) ?? 0) + t.points), new Map<string, number>());
      const taken = perLot(spent);
      for (const [lotId, back] of perLot(returned)) expect(back).toBeLessThanOrEqual(taken.get(lotId)!);
      // Once all of it came back, another return finds nothing left to give.
      expect(planRestore(spent, [...returned, ...planRestore(spent, returned, 1e9)], 1e9)).toEqual([]);
    }), { numRuns: 300 });
  });

  describe('when the lot expired between the spend and the return', () => {
    it('records the points as expired and leaves the balance as it was', () => {
      const account = credit(emptyAccount(), 'old', 300, 0).account;
      const spent = debit(account, 200, 100 * DAY);
      if (!spent.ok) throw new Error(spent.reason);
      const r = restore(spent.value.account, dated(spent.value.takes), 400 * DAY);
      expect(r.expired).toEqual([{ lotId: 'old', points: 200, expiresAt: 365 * DAY }]);
      expect(r.delta).toBe(0);
      expect(r.account.lots).toEqual(spent.value.account.lots);
    });
  });

  describe('when the member owes points', () => {
    it('repays the debt from the returned points first, earliest-expiring first', () => {
      let account = credit(credit(emptyAccount(), 'a', 100, 0).account, 'b', 100, 100 * DAY).account;
      const spent = debit(account, 200, 120 * DAY);
      if (!spent.ok) throw new Error(spent.reason);
      account = takeBack(spent.value.account, 50, null, 120 * DAY).account;
      expect(account.debt).toBe(50);
      const r = restore(account, dated(spent.value.takes), 130 * DAY);
      expect(r.debtRepaid).toBe(50);
      expect(r.account.debt).toBe(0);
      expect(r.account.lots.map((l) => [l.lotId, l.remaining])).toEqual([['a', 50], ['b', 100]]);
    });
  });
});
