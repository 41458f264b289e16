/**
 * The points ledger on the database. Each change is one entry in `points_entries` (keyed by its
 * business event, e.g. `order:<id>:earn`, so it happens once) and the account in `points_accounts`
 * (balance cache and open lots) updated in the same transaction. Call these inside `transaction()`.
 *
 * Every write of an account bumps its `rev` and keeps its `holds` markers: a redemption debits the account
 * outside any transaction by a compare-and-set on `rev`, marking it with what it took (server/points/redeem.ts).
 */
import { stableId } from '../../domain/kernel/ids';
import { credit, debit, emptyAccount, expire, LOT_LIFETIME_MS, planRestore, restore, takeBack, type DatedTake, type PointsAccount, type Take } from '../../domain/points/points';
import { fail } from '../kernel/errors';
import type { Tx } from '../kernel/db';

export type PointsKind = 'purchase' | 'refund' | 'checkin' | 'share' | 'adjust' | 'redeem' | 'staffDeduct' | 'exchange' | 'expire' | 'orderSpend' | 'orderSpendReturn' | 'merge' | 'redeemReturn';

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
  /** On a return of spent points: the part of `takes` whose lot had expired (not in `delta`). */
  expired?: Take[];
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
  /**
   * The caller's own transaction already proves this key was never applied (the order's `pay` transition,
   * a redemption's first write, both in this transaction), so the ledger skips looking for its entry.
   */
  firstTime?: true;
}

export interface Applied { balance: number; applied: boolean; entry: PointsEntry | null }

export const entryId = (key: string) => stableId('pe', key);

/**
 * An account as stored: the account, its revision (every write bumps it, so a compare-and-set on it fails
 * when anything changed since the read) and the markers of points taken outside a transaction and not yet
 * settled (`holds.<tag>` = the takes, see server/points/redeem.ts).
 */
export interface AccountDoc extends PointsAccount {
  _id: string;
  userId?: string;
  rev?: number;
  holds?: Record<string, DatedTake[]>;
}

/** The account part of a stored account (none stored: empty). */
export const accountOf = (acc: PointsAccount | null | undefined): PointsAccount =>
  acc ? { balance: acc.balance, lots: acc.lots, debt: acc.debt, nextExpiryAt: acc.nextExpiryAt } : emptyAccount();

/** The document that replaces `stored` with `account`: the next revision, the markers kept. */
export function nextAccountDoc(userId: string, stored: Pick<AccountDoc, 'rev' | 'holds'> | null, account: PointsAccount): Omit<AccountDoc, '_id'> {
  return { ...account, userId, rev: (stored?.rev ?? 0) + 1, ...(stored?.holds ? { holds: stored.holds } : {}) };
}

/** An account read in a transaction: what to compute from, and the stored document to replace. */
interface Loaded { account: PointsAccount; stored: AccountDoc | null }

async function load(tx: Tx, userId: string): Promise<Loaded> {
  const stored = await tx.collection('points_accounts').doc<AccountDoc>(userId).get();
  return { account: accountOf(stored), stored };
}

/** Replaces the account read as `from` with `account`: `rev` + 1, markers kept. */
async function save(tx: Tx, userId: string, from: Loaded, account: PointsAccount): Promise<void> {
  await tx.collection('points_accounts').doc(userId).set(nextAccountDoc(userId, from.stored, account));
}

async function write(tx: Tx, userId: string, from: Loaded, account: PointsAccount, entry: PointsEntry): Promise<Applied> {
  await save(tx, userId, from, account);
  const { _id, ...rest } = entry;
  await tx.collection('points_entries').doc(_id).set(rest);
  return { balance: account.balance, applied: true, entry };
}

async function already(tx: Tx, key: string, userId: string): Promise<Applied | null> {
  const seen = await tx.collection('points_entries').doc<PointsEntry>(entryId(key)).get();
  if (!seen) return null;
  return { balance: (await load(tx, userId)).account.balance, applied: false, entry: seen };
}

/** Credits a new lot of `points` (expires 365 days after `now`). */
export async function creditPoints(tx: Tx, c: PointsChange): Promise<Applied> {
  const done = c.firstTime ? null : await already(tx, c.key, c.userId);
  if (done) return done;
  const id = entryId(c.key);
  const from = await load(tx, c.userId);
  const r = credit(from.account, id, c.points, c.now);
  return write(tx, c.userId, from, r.account, { _id: id, key: c.key, userId: c.userId, delta: r.delta, kind: c.kind, refId: c.refId, createdAt: c.now, ...(r.debtRepaid ? { debtRepaid: r.debtRepaid } : {}) });
}

/** Spends `points`, earliest-expiring lots first; fails with INSUFFICIENT_POINTS and writes nothing. */
export async function debitPoints(tx: Tx, c: PointsChange): Promise<Applied> {
  const done = c.firstTime ? null : await already(tx, c.key, c.userId);
  if (done) return done;
  const from = await load(tx, c.userId);
  const r = debit(from.account, c.points, c.now);
  if (!r.ok) throw fail(r.code, r.reason);
  return write(tx, c.userId, from, r.value.account, { _id: entryId(c.key), key: c.key, userId: c.userId, delta: r.value.delta, kind: c.kind, refId: c.refId, createdAt: c.now, takes: r.value.takes });
}

/**
 * Takes back points credited by the entry `creditKey` (a refunded purchase), from its own lot first.
 * Points already spent are recorded as a shortfall (debt); the balance never goes negative.
 */
export async function takeBackPoints(tx: Tx, c: PointsChange & { creditKey: string | null }): Promise<Applied> {
  const done = await already(tx, c.key, c.userId);
  if (done) return done;
  const from = await load(tx, c.userId);
  const r = takeBack(from.account, c.points, c.creditKey ? entryId(c.creditKey) : null, c.now);
  return write(tx, c.userId, from, r.account, { _id: entryId(c.key), key: c.key, userId: c.userId, delta: r.delta, kind: c.kind, refId: c.refId, createdAt: c.now, takes: r.takes, ...(r.shortfall ? { shortfall: r.shortfall } : {}) });
}

/** A return of points an earlier spend took (an order cancelled, or a line paid with points refunded). */
export interface PointsReturn extends PointsChange {
  /** The key of the spend entry whose takes are given back. */
  spendKey: string;
  /** Keys of earlier returns of the same spend (a partial refund before this one): what they gave back stays given. */
  priorKeys: string[];
}

/**
 * Gives back up to `points` of what the spend `spendKey` took, into the lots it took them from, each with
 * its original expiry (`restore` in domain/points/points.ts): spending and cancelling never extends a point's life.
 * Points whose lot has expired since come back expired: listed in the entry's `expired`, not in its delta.
 * Never gives back more than the spend took, counting the returns listed in `priorKeys`. Once per `key`.
 */
export async function returnPoints(tx: Tx, c: PointsReturn): Promise<Applied> {
  const done = await already(tx, c.key, c.userId);
  if (done) return done;
  const spend = await tx.collection('points_entries').doc<PointsEntry>(entryId(c.spendKey)).get();
  if (!spend) return { balance: (await load(tx, c.userId)).account.balance, applied: false, entry: null };
  const prior: Take[] = [];
  for (const k of c.priorKeys) {
    if (k === c.key) continue;
    const e = await tx.collection('points_entries').doc<PointsEntry>(entryId(k)).get();
    if (e?.takes) prior.push(...e.takes);
  }
  const plan = planRestore(spend.takes ?? [], prior, c.points);
  const takes = await dated(tx, plan, spend);
  const from = await load(tx, c.userId);
  const r = restore(from.account, takes, c.now);
  return write(tx, c.userId, from, r.account, {
    _id: entryId(c.key), key: c.key, userId: c.userId, delta: r.delta, kind: c.kind, refId: c.refId, createdAt: c.now, takes,
    ...(r.expired.length ? { expired: r.expired } : {}), ...(r.debtRepaid ? { debtRepaid: r.debtRepaid } : {}),
  });
}

/**
 * Dates each take with its lot's expiry: recorded on the take by spends since expiry was recorded there,
 * else derived from the lot's credit entry (a lot's id is its credit entry's id; it was earned at that
 * entry's `createdAt`). A lot whose credit cannot be found is dated as expired at the spend (never revived).
 */
async function dated(tx: Tx, plan: Take[], spend: PointsEntry): Promise<DatedTake[]> {
  const out: DatedTake[] = [];
  for (const t of plan) {
    if (t.expiresAt !== undefined) {
      out.push({ lotId: t.lotId, points: t.points, expiresAt: t.expiresAt });
      continue;
    }
    const credited = await tx.collection('points_entries').doc<PointsEntry>(t.lotId).get();
    if (!credited) console.error(`[points] lot ${t.lotId} of spend ${spend.key} has no credit entry; its points come back expired`);
    out.push({ lotId: t.lotId, points: t.points, expiresAt: credited ? credited.createdAt + LOT_LIFETIME_MS : spend.createdAt });
  }
  return out;
}

/** Expires every lot of the user whose time has come; one entry per expired lot. */
export async function expirePoints(tx: Tx, userId: string, now: number): Promise<number> {
  const from = await load(tx, userId);
  const r = expire(from.account, now);
  if (r.expired.length === 0) return 0;
  await save(tx, userId, from, r.account);
  for (const e of r.expired) {
    const key = `expire:${e.lotId}`;
    await tx.collection('points_entries').doc(entryId(key)).set({ key, userId, delta: -e.points, kind: 'expire', refId: e.lotId, createdAt: now, takes: [e] });
  }
  return r.expired.reduce((s, e) => s + e.points, 0);
}
