/**
 * `returnPoints` on the real ledger (server/points/ledger.ts), as a property: whatever returns of a spend are
 * asked, in whatever amounts and with repeated keys, each key applies once, no more comes back than was
 * spent, and the balance stays the sum of the entries and of the open lots.
 */
import fc from 'fast-check';
import { transaction } from '../../server/kernel/db';
import { returnPoints } from '../../server/points/ledger';
import { startCloud } from '../support/cloud';
import { aKey, aMemberWithPoints, grantPoints, spendPoints } from '../membership/fixtures';

const cloud = startCloud();
const DAY = 24 * 3600_000;

let members = 0;

describe('returning what a spend took', () => {
  it('applies each key once, never returns more than was spent, and keeps the ledger balanced', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 900 }),
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), points: fc.integer({ min: 1, max: 500 }) }), { minLength: 1, maxLength: 8 }),
      async (lots, want, returns) => {
        const userId = await aMemberWithPoints(cloud, `o-prop-ret-${++members}`, 0);
        for (const p of lots) {
          await grantPoints(userId, p);
          cloud.advance(DAY);
        }
        const spent = Math.min(want, lots.reduce((a, b) => a + b, 0));
        const spendKey = aKey('spend');
        await spendPoints(userId, spent, spendKey);
        const keys = [0, 1, 2, 3].map((k) => `${spendKey}:return:${k}`);
        const asked = new Map<string, number>();
        for (const r of returns) {
          await transaction((tx) => returnPoints(tx, { userId, key: keys[r.key], kind: 'orderSpendReturn', refId: spendKey, points: r.points, now: Date.now(), spendKey, priorKeys: keys }));
          if (!asked.has(keys[r.key])) asked.set(keys[r.key], r.points);
        }

        const entries = cloud.docs<{ key: string; delta: number; kind: string }>('points_entries', { userId });
        const returnEntries = entries.filter((e) => e.kind === 'orderSpendReturn');
        expect(returnEntries.map((e) => e.key).sort()).toEqual([...asked.keys()].sort());
        const returned = returnEntries.reduce((s, e) => s + e.delta, 0);
        // The first ask of each key decides what it returns: in all, what was asked, at most what was spent.
        expect(returned).toBe(Math.min(spent, [...asked.values()].reduce((a, b) => a + b, 0)));
        const account = cloud.docs<{ balance: number; lots: { remaining: number }[] }>('points_accounts', { _id: userId })[0];
        expect(account.balance).toBe(entries.reduce((s, e) => s + e.delta, 0));
        expect(account.balance).toBe(account.lots.reduce((s, l) => s + l.remaining, 0));
        expect(account.balance).toBe(lots.reduce((a, b) => a + b, 0) - spent + returned);
      },
    ), { numRuns: 25 });
  });
});
