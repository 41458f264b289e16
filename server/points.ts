/**
 * The points ledger on the database. Each change is one entry in `points_entries` (keyed by its
 * business event, e.g. `order:<id>:earn`, so it happens once) and the account in `points_accounts`
 * (balance cache and open lots) updated in the same transaction. Call these inside `transaction()`.
 */
import { stableId } from '../domain/ids';
import { credit, debit, emptyAccount, expire, takeBack, type PointsAccount, type Take } from '../domain/points';
import { fail } from './errors';
import type { Tx } from './db';

export type PointsKind = 'purchase' | 'refund' | 'checkin' | 'share' | 'adjust' | 'redeem' | 'staffDeduct' | 'exchange' | 'expire' | 'orderSpend' | 'orderSpendReturn' | 'merge';

export interface PointsEntry {
  _id: string;
  key: string;
  userId: string;
  /** The change to the balance (what really moved). */
  delta: number;
  kind: PointsKind;
  refId: string;
  createdAt: number;
  takes?: Take[];
  shortfall?: number;
  debtRepaid?: number;
}

export interface PointsChange {
  userId: string;
  /** The business event this change belongs to; the same key applies once. */
  key: string;
  kind: PointsKind;
  refId: string;
  points: number;
  now: number;
}

export interface Applied { balance: number; applied: boolean; entry: PointsEntry | null }

export const entryId = (key: string) => stableId('pe', key);

async function load(tx: Tx, userId: string): Promise<PointsAccount> {
  const acc = await tx.collection('points_accounts').doc<PointsAccount>(userId).get();
  return acc ? { balance: acc.balance, lots: acc.lots, debt: acc.debt, nextExpiryAt: acc.nextExpiryAt } : emptyAccount();
}

async function write(tx: Tx, userId: string, account: PointsAccount, entry: PointsEntry): Promise<Applied> {
  await tx.collection('points_accounts').doc(userId).set({ ...account, userId });
  const { _id, ...rest } = entry;
  await tx.collection('points_entries').doc(_id).set(rest);
  return { balance: account.balance, applied: true, entry };
}

async function already(tx: Tx, key: string, userId: string): Promise<Applied | null> {
  const seen = await tx.collection('points_entries').doc<PointsEntry>(entryId(key)).get();
  if (!seen) return null;
  return { balance: (await load(tx, userId)).balance, applied: false, entry: seen };
}

/** Credits a new lot of `points` (expires 365 days after `now`). */
export async function creditPoints(tx: Tx, c: PointsChange): Promise<Applied> {
  const done = await already(tx, c.key, c.userId);
  if (done) return done;
  const id = entryId(c.key);
  const r = credit(await load(tx, c.userId), id, c.points, c.now);
  return write(tx, c.userId, r.account, { _id: id, key: c.key, userId: c.userId, delta: r.delta, kind: c.kind, refId: c.refId, createdAt: c.now, ...(r.debtRepaid ? { debtRepaid: r.debtRepaid } : {}) });
}

/** Spends `points`, earliest-expiring lots first; fails with INSUFFICIENT_POINTS and writes nothing. */
export async function debitPoints(tx: Tx, c: PointsChange): Promise<Applied> {
  const done = await already(tx, c.key, c.userId);
  if (done) return done;
  const r = debit(await load(tx, c.userId), c.points, c.now);
  if (!r.ok) throw fail(r.code, r.reason);
  return write(tx, c.userId, r.value.account, { _id: entryId(c.key), key: c.key, userId: c.userId, delta: r.value.delta, kind: c.kind, refId: c.refId, createdAt: c.now, takes: r.value.takes });
}

/**
 * Takes back points credited by the entry `creditKey` (a refunded purchase), from its own lot first.
 * Points already spent are recorded as a shortfall (debt); the balance never goes negative.
 */
export async function takeBackPoints(tx: Tx, c: PointsChange & { creditKey: string | null }): Promise<Applied> {
  const done = await already(tx, c.key, c.userId);
  if (done) return done;
  const r = takeBack(await load(tx, c.userId), c.points, c.creditKey ? entryId(c.creditKey) : null, c.now);
  return write(tx, c.userId, r.account, { _id: entryId(c.key), key: c.key, userId: c.userId, delta: r.delta, kind: c.kind, refId: c.refId, createdAt: c.now, takes: r.takes, ...(r.shortfall ? { shortfall: r.shortfall } : {}) });
}

/** Returns points that an event spent (an order cancelled after using points): a fresh lot. */
export const returnPoints = creditPoints;

/** Expires every lot of the user whose time has come; one entry per expired lot. */
export async function expirePoints(tx: Tx, userId: string, now: number): Promise<number> {
  const r = expire(await load(tx, userId), now);
  if (r.expired.length === 0) return 0;
  await tx.collection('points_accounts').doc(userId).set({ ...r.account, userId });
  for (const e of r.expired) {
    const key = `expire:${e.lotId}`;
    await tx.collection('points_entries').doc(entryId(key)).set({ key, userId, delta: -e.points, kind: 'expire', refId: e.lotId, createdAt: now, takes: [e] });
  }
  return r.expired.reduce((s, e) => s + e.points, 0);
}
