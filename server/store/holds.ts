/**
 * Holds: what a placement or a coupon claim takes before it owns it, recorded durably so that nothing is
 * lost when the platform stops a function between two database requests (a crash, a timeout).
 *
 * Stock, flash-sale stock, per-member counters and coupon totals are taken by conditional updates outside
 * any transaction (the platform runs no `where().update()` inside one), and become owned only when the
 * order (or the claimed coupon) is written afterwards. So:
 *
 * 1. Before the first take, ONE `holds/{id}` document lists every unit about to be taken, with a `tag`
 *    unique to this attempt. For a placement its id is derived from (scope, member, idempotencyKey): it is
 *    also the key's claim, so identical requests racing take once (the others wait for the answer).
 * 2. Each take marks the document it changes with the tag in the same update
 *    (`{stock: _.inc(-q), 'holds.<tag>': -q}`), so whether a take really happened is on the document itself,
 *    even when the answer to the update was lost.
 * 3. The owner is written: the order (its transaction re-reads the hold and refuses if it was given up), or
 *    the member's coupon (`user_coupons/{holdId}`).
 * 4. The `order` function's `sweepHolds` timer looks at holds older than `HOLD_SWEEP_AGE_MS` (well past the
 *    60 s function timeout, so their call is over): owned → clear the markers; not owned → give back each
 *    unit whose marker is still there (conditional on the marker, so giving back twice changes nothing),
 *    then delete the hold. A refused placement or claim does the same at once, in process.
 *
 * The success path costs one request (writing the hold); markers of owned holds are cleared in batches by
 * the timer.
 */
import { randomBytes } from 'node:crypto';
import { stableId } from '../../domain/kernel/ids';
import { command, db, findByIds, transaction } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';
import { sameRequest } from '../kernel/idempotency';

/** Past the function timeout (60 s on WeChat cloud) with margin: a hold this old belongs to a call that has ended. */
export const HOLD_SWEEP_AGE_MS = 2 * 60_000;

/** A counter or stock field taken on one document: `delta` is what the take added (−q for stock, +q for a count). */
export interface CounterUnit { coll: 'skus' | 'flash_sales' | 'flash_purchases' | 'coupons' | 'coupon_claims'; docId: string; field: string; delta: number }
/** One of the member's claimed coupons of `couponId`, marked used by the order being placed. */
export interface CouponUnit { coll: 'user_coupons'; couponId: string }
export type HoldUnit = CounterUnit | CouponUnit;

export interface Hold {
  _id: string;
  kind: 'order' | 'couponClaim';
  /** Marks the taken documents (`holds.<tag>`); unique per attempt. */
  tag: string;
  userId: string;
  /** The document whose existence makes the hold owned: `orders/<ownerId>` or `user_coupons/<ownerId>`. */
  ownerId: string;
  units: HoldUnit[];
  /** Fingerprints of the request (placements), to refuse another request under the same key. */
  fp?: string[];
  /** Set once the hold is being given back: the owner may no longer be written. */
  releasing?: boolean;
  createdAt: number;
}

const ownerCollection = (h: Pick<Hold, 'kind'>) => (h.kind === 'order' ? 'orders' : 'user_coupons');
export const markerOf = (tag: string) => `holds.${tag}`;
export const newTag = () => `h${randomBytes(12).toString('hex')}`;
/** The hold (and idempotency claim) of a placement keyed by (scope, member, idempotencyKey). */
export const placementHoldId = (scope: string, userId: string, key: string) => stableId('hold', scope, userId, key);

type Updated = { stats: { updated: number } };

/**
 * Takes a counter unit if `condition` holds on its document, marking it with the tag in the same update.
 * True when taken.
 */
export async function take(tag: string, unit: CounterUnit, condition: Record<string, unknown> = {}): Promise<boolean> {
  const res = (await db().collection(unit.coll).where({ ...condition, _id: unit.docId }).update({ data: { [unit.field]: command().inc(unit.delta), [markerOf(tag)]: unit.delta } })) as Updated;
  return res.stats.updated === 1;
}

/** Gives back every unit of `h` whose marker is still on its document; safe to run any number of times. */
export async function giveBack(h: Hold): Promise<void> {
  const _ = command();
  const m = markerOf(h.tag);
  await Promise.all(h.units.map((u) => {
    if (u.coll === 'user_coupons') {
      return db().collection('user_coupons').where({ userId: h.userId, couponId: u.couponId, [m]: _.exists(true) }).update({ data: { used: false, orderId: null, [m]: _.remove() } });
    }
    return db().collection(u.coll).where({ _id: u.docId, [m]: _.exists(true) }).update({ data: { [u.field]: _.inc(-u.delta), [m]: _.remove() } });
  }));
}

/**
 * Clears the markers of owned holds: one request per collection for the whole batch (a marker that is
 * not there is simply not there), and one per held coupon (its document is found by the marker).
 */
async function clearMarkers(holds: Hold[]): Promise<void> {
  const _ = command();
  const byColl = new Map<string, { ids: Set<string>; markers: Set<string> }>();
  const coupons: Promise<unknown>[] = [];
  for (const h of holds) {
    for (const u of h.units) {
      const m = markerOf(h.tag);
      if (u.coll === 'user_coupons') {
        coupons.push(db().collection('user_coupons').where({ userId: h.userId, couponId: u.couponId, [m]: _.exists(true) }).update({ data: { [m]: _.remove() } }));
        continue;
      }
      const entry = byColl.get(u.coll) ?? { ids: new Set<string>(), markers: new Set<string>() };
      entry.ids.add(u.docId);
      entry.markers.add(m);
      byColl.set(u.coll, entry);
    }
  }
  await Promise.all([
    ...coupons,
    ...[...byColl].map(([coll, { ids, markers }]) =>
      db().collection(coll).where({ _id: _.in([...ids]) }).update({ data: Object.fromEntries([...markers].map((m) => [m, _.remove()])) })),
  ]);
}

/** Deletes a hold, only if it is still this attempt's. */
async function dropHold(h: Pick<Hold, '_id' | 'tag'>): Promise<void> {
  await db().collection('holds').where({ _id: h._id, tag: h.tag }).remove();
}

/** A refused placement or claim: gives back what it took and drops its hold, before the refusal answers. */
export async function release(h: Hold): Promise<void> {
  await giveBack(h);
  await dropHold(h);
}

/**
 * Settles one hold whose call is over: in a transaction, owned (its owner exists) or given up (marked
 * `releasing`, so a straggling owner write is refused); then give back (if given up), clear and drop.
 */
async function settle(h: Hold): Promise<'owned' | 'released' | 'gone'> {
  const verdict = await transaction(async (tx) => {
    const ref = tx.collection('holds').doc<Hold>(h._id);
    const current = await ref.get();
    if (!current || current.tag !== h.tag) return 'gone' as const;
    if (await tx.collection(ownerCollection(h)).doc(h.ownerId).get()) return 'owned' as const;
    if (!current.releasing) await ref.update({ releasing: true });
    return 'released' as const;
  });
  if (verdict === 'gone') return verdict;
  if (verdict === 'owned') await clearMarkers([h]);
  else await giveBack(h);
  await dropHold(h);
  return verdict;
}

/**
 * The timer: settles every hold older than `HOLD_SWEEP_AGE_MS` (batches of 100, until none is left or
 * `budgetMs` has passed). Owned holds are recognised in batch (one read of their owners); only holds
 * without an owner are settled one by one.
 */
export async function sweepHolds(now: number, budgetMs = 30_000): Promise<{ owned: number; released: number }> {
  const _ = command();
  const started = Date.now();
  let owned = 0;
  let released = 0;
  for (;;) {
    const { data } = await db().collection('holds').where({ createdAt: _.lte(now - HOLD_SWEEP_AGE_MS) }).orderBy('createdAt', 'asc').limit(100).get();
    const batch = data as Hold[];
    if (batch.length === 0) break;
    const [orders, coupons] = await Promise.all([
      findByIds<{ _id: string }>('orders', batch.filter((h) => h.kind === 'order').map((h) => h.ownerId)),
      findByIds<{ _id: string }>('user_coupons', batch.filter((h) => h.kind === 'couponClaim').map((h) => h.ownerId)),
    ]);
    const isOwned = (h: Hold) => (h.kind === 'order' ? orders : coupons).has(h.ownerId);
    const done = batch.filter(isOwned);
    if (done.length) {
      await clearMarkers(done);
      await db().collection('holds').where({ _id: _.in(done.map((h) => h._id)) }).remove();
      owned += done.length;
    }
    for (const h of batch.filter((x) => !isOwned(x))) {
      const v = await settle(h);
      if (v === 'owned') owned++;
      if (v === 'released') released++;
    }
    if (batch.length < 100 || Date.now() - started > budgetMs) break;
  }
  return { owned, released };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long an identical request waits for a twin's answer before answering RATE_LIMITED. */
const TWIN_WAIT_MS = 10_000;

/**
 * Claims a placement's key by writing its hold (before anything is taken). When the key is already held:
 * another request under it → INVALID_ARGUMENT; a twin still running → wait for its answer (`answered`),
 * or claim once it was refused; a hold older than `HOLD_SWEEP_AGE_MS` (its call has ended) is settled
 * here and then claimed. Returns 'claimed' or the twin's answer.
 */
export async function claimPlacement<T>(hold: Hold, answered: () => Promise<T | null>): Promise<'claimed' | T> {
  const started = Date.now();
  for (let i = 0; ; i++) {
    try {
      const { _id, ...doc } = hold;
      await db().collection('holds').add({ data: { _id, ...doc } });
      return 'claimed';
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const [answer, other] = await Promise.all([answered(), findByIds<Hold>('holds', [hold._id]).then((m) => m.get(hold._id) ?? null)]);
    if (answer) return answer;
    if (!other) continue;
    if (!sameRequest(other.fp, hold.fp ?? [])) throw fail('INVALID_ARGUMENT', 'this idempotencyKey was already used for a different request');
    if (Date.now() - other.createdAt > HOLD_SWEEP_AGE_MS) {
      await settle(other);
      continue;
    }
    if (Date.now() - started > TWIN_WAIT_MS) throw fail('RATE_LIMITED', 'the same request is still being processed; ask again');
    await sleep(Math.min(200, 10 + i * 10));
  }
}
