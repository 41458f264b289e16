/**
 * Points jobs and reads of the membership feature: the daily expiry sweep, the nightly ledger audit,
 * the history cursor. The ledger writes themselves are server/points/ledger.ts.
 */
import { expire, type PointsAccount } from '../../domain/points/points';
import { command, db, transaction } from '../kernel/db';
import { expirePoints, type AccountDoc } from './ledger';

const PAGE = 100;

/**
 * Expires every lot whose time has come: scans `points_accounts` with `nextExpiryAt <= now` (indexed)
 * and runs `expirePoints` per account in its own transaction. An account that fails is logged and raised
 * as an alert; the sweep goes on. Answers how many accounts and points expired.
 */
export async function sweepExpiredLots(now: number): Promise<{ accounts: number; points: number; failed: number }> {
  const _ = command();
  let accounts = 0;
  let points = 0;
  let failed = 0;
  const skip = new Set<string>();
  // Each pass moves the accounts it handled past `now`, so the same query yields the next ones.
  for (let pass = 0; pass < 1000; pass++) {
    const { data } = await db().collection('points_accounts').where({ nextExpiryAt: _.lte(now) }).orderBy('nextExpiryAt', 'asc').limit(PAGE + skip.size).get();
    const todo = (data as (PointsAccount & { _id: string })[]).filter((a) => !skip.has(a._id));
    if (todo.length === 0) break;
    for (const acc of todo) {
      try {
        const n = await transaction((tx) => expirePoints(tx, acc._id, now));
        accounts++;
        points += n;
      } catch (err) {
        console.error(`[points] expiring lots of ${acc._id} failed`, err);
        skip.add(acc._id);
        failed++;
        await db().collection('alerts').add({ data: { kind: 'pointsExpiryFailed', userId: acc._id, message: String((err as Error)?.message ?? err), at: now } });
      }
    }
  }
  return { accounts, points, failed };
}

interface Audited { userId: string; balance: number; entriesSum: number; lotsSum: number }

async function entrySums(userIds: string[]): Promise<Map<string, number>> {
  const _ = command();
  const $ = _.aggregate;
  const { list } = await db().collection('points_entries').aggregate().match({ userId: _.in(userIds) }).group({ _id: '$userId', sum: $.sum('$delta') }).end();
  return new Map((list as { _id: string; sum: number }[]).map((r) => [r._id, r.sum]));
}

/** Points taken by a redemption still in flight (a `holds.<tag>` marker, server/points/redeem.ts): its entry may not be written yet. */
const inFlight = (acc: AccountDoc) => Object.keys(acc.holds ?? {}).length > 0;

function mismatch(acc: AccountDoc, sums: Map<string, number>): Audited | null {
  if (inFlight(acc)) return null;
  const entriesSum = sums.get(acc._id) ?? 0;
  const lotsSum = acc.lots.reduce((s, l) => s + l.remaining, 0);
  return acc.balance === entriesSum && acc.balance === lotsSum && acc.balance >= 0 ? null : { userId: acc._id, balance: acc.balance, entriesSum, lotsSum };
}

/**
 * The nightly proof: every account's balance equals the sum of its ledger entries and the sum of its open
 * lots, and is not negative. An account with a redemption's take still in flight (marked; the sweep settles it
 * within minutes) is not judged on this pass. A mismatch is read twice (a write landing between the two reads of a pass is
 * not a mismatch) and then recorded in `alerts`. Answers how many accounts were checked and the mismatches.
 */
export async function auditLedger(now: number): Promise<{ checked: number; mismatches: Audited[] }> {
  const _ = command();
  let checked = 0;
  const mismatches: Audited[] = [];
  for (let after = ''; ; ) {
    const { data } = await db().collection('points_accounts').where({ _id: _.gt(after) }).orderBy('_id', 'asc').limit(PAGE).get();
    const page = data as AccountDoc[];
    if (page.length === 0) break;
    const sums = await entrySums(page.map((a) => a._id));
    for (const acc of page) {
      checked++;
      if (!mismatch(acc, sums)) continue;
      const again = (await db().collection('points_accounts').doc(acc._id).get()).data as AccountDoc;
      const found = mismatch(again, await entrySums([acc._id]));
      if (!found) continue;
      mismatches.push(found);
      await db().collection('alerts').add({ data: { kind: 'pointsLedgerMismatch', ...found, at: now } });
    }
    after = page[page.length - 1]._id;
  }
  return { checked, mismatches };
}

/** The balance as of `now`: lots past expiry no longer count, even before the sweep closes them. */
export function liveAccount(acc: PointsAccount | null, now: number): PointsAccount {
  return expire(acc ?? { balance: 0, lots: [], debt: 0, nextExpiryAt: null }, now).account;
}

