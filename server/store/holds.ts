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
 * 3. The hold is OWNED, in one conditional update of the hold (`own`: unless it is being given back), which
 *    also stores the documents the owner writes (the order, its risk decision and its `order_create` event);
 *    then those are inserted (`writeOwner`, all at once). An order placed in a transaction (points spent, a
 *    free order, a group opened) marks the hold owned in that transaction instead. The member's coupon
 *    (`user_coupons/{holdId}`) owns a coupon claim's hold by existing.
 * 4. The `order` function's `sweepHolds` timer looks at holds older than `HOLD_SWEEP_AGE_MS` (well past the
 *    60 s function timeout, so their call is over): owned → write whatever of the owner's documents is
 *    missing (a crash between owning and writing), clear the markers; not owned → mark it `releasing` (a
 *    conditional update: exactly one of that and `own` wins), give back each unit whose marker is still there
 *    (conditional on the marker, so giving back twice changes nothing), then delete the hold. A refused
 *    placement or claim gives back at once, in process.
 *
 * The success path costs two requests (writing the hold, owning it); markers of owned holds are cleared in
 * batches by the timer.
 */
import { randomBytes } from 'node:crypto';
import { stableId } from '../../domain/kernel/ids';
import { command, db, findById, findByIds } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';
import { sameRequest } from '../kernel/idempotency';

/** Past the function timeout (60 s on WeChat cloud) with margin: a hold this old belongs to a call that has ended. */
export const HOLD_SWEEP_AGE_MS = 2 * 60_000;

/** A counter or stock field taken on one document: `delta` is what the take added (−q for stock, +q for a count). */
export interface CounterUnit { coll: 'skus' | 'flash_sales' | 'flash_purchases' | 'coupons' | 'coupon_claims' | 'group_campaigns' | 'groups'; docId: string; field: string; delta: number }
/** One of the member's claimed coupons of `couponId`, marked used by the order being placed. */
export interface CouponUnit { coll: 'user_coupons'; couponId: string }
/** A document created by the take (a group seat: its id makes a second one impossible), removed to give it back. */
export interface InsertUnit { coll: 'group_seats'; docId: string; insert: true }
export type HoldUnit = CounterUnit | CouponUnit | InsertUnit;

/** A document the owner of a hold writes (the owner itself first), by insert: one that exists is left as it is. */
export interface OwnerDoc { coll: 'orders' | 'risk_decisions' | 'events'; doc: { _id: string } & Record<string, unknown> }

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
  /** Set once the owner may be written (`own`, or the order's transaction): the hold is no longer given back. */
  owned?: boolean;
  /** What the owner writes, stored by `own` so that anyone (a twin, the timer) can finish writing it. */
  owner?: OwnerDoc[];
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

/** Creates the document of an insert unit, marked with the tag. False when it exists already. */
export async function takeInsert(tag: string, unit: InsertUnit, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await db().collection(unit.coll).add({ data: { ...doc, _id: unit.docId, holds: { [tag]: 1 } } });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Owns the hold unless it is being given back (one conditional update, so exactly one of this and the timer's
 * `releasing` wins), storing what the owner will write. True when owned; false when the hold was given up
 * (or replaced by a later attempt) meanwhile.
 */
export async function own(h: Pick<Hold, '_id' | 'tag'>, owner: OwnerDoc[]): Promise<boolean> {
  const _ = command();
  const res = (await db().collection('holds').where({ _id: h._id, tag: h.tag, releasing: _.neq(true) }).update({ data: { owned: true, owner: _.set(owner) } })) as Updated;
  return res.stats.updated === 1;
}

/**
 * Inserts the owner's documents, all at once; one that exists already (written by a twin or the timer) is left
 * as it is. Answers whether the owner itself (the first) existed already.
 */
export async function writeOwner(owner: OwnerDoc[]): Promise<{ ownerExisted: boolean }> {
  const existed = await Promise.all(owner.map(async ({ coll, doc }) => {
    try {
      await db().collection(coll).add({ data: doc });
      return false;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return true;
    }
  }));
  return { ownerExisted: existed[0] ?? false };
}

/** Inserts those of `docs` that do not exist: one read per collection for the whole batch, then the missing ones. */
async function writeMissing(docs: OwnerDoc[]): Promise<void> {
  const byColl = new Map<OwnerDoc['coll'], OwnerDoc[]>();
  for (const d of docs) byColl.set(d.coll, [...(byColl.get(d.coll) ?? []), d]);
  await Promise.all([...byColl].map(async ([coll, list]) => {
    const have = await findByIds<{ _id: string }>(coll, list.map((d) => d.doc._id));
    await writeOwner(list.filter((d) => !have.has(d.doc._id)));
  }));
}

/**
 * Finishes an owned hold: writes what its owner lists and is missing, then clears its markers, unless the owner
 * turned out to be another attempt's (an order placed under the same key by an earlier attempt whose hold was
 * swept: its `holdTag` is not this hold's), in which case what this hold took is given back. Then drops it.
 */
export async function finishOwned(h: Hold): Promise<'owned' | 'released'> {
  if (h.owner) await writeOwner(h.owner);
  const owner = await findById<{ holdTag?: string }>(ownerCollection(h), h.ownerId);
  const mine = !owner?.holdTag || owner.holdTag === h.tag;
  if (mine) await clearMarkers([h]);
  else await giveBack(h);
  await dropHold(h);
  return mine ? 'owned' : 'released';
}

/** Gives back every unit of `h` whose marker is still on its document; safe to run any number of times. */
export async function giveBack(h: Hold): Promise<void> {
  const _ = command();
  const m = markerOf(h.tag);
  await Promise.all(h.units.map((u) => {
    if ('insert' in u) return db().collection(u.coll).where({ _id: u.docId, [m]: _.exists(true) }).remove();
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
 * Settles one hold whose call is over: given up (marked `releasing` unless it was owned: one conditional
 * update, so a straggling `own` is refused from then on) or owned; then give back (if given up) or finish
 * the owner's writes, clear and drop. A hold given up whose owner exists all the same (a coupon claim, or an
 * order placed before holds were owned explicitly) counts as owned.
 */
async function settle(h: Hold): Promise<'owned' | 'released' | 'gone'> {
  const _ = command();
  await db().collection('holds').where({ _id: h._id, tag: h.tag, owned: _.neq(true) }).update({ data: { releasing: true } });
  const current = await findById<Hold>('holds', h._id);
  if (!current || current.tag !== h.tag) return 'gone';
  if (current.owned === true || (await findById(ownerCollection(h), h.ownerId))) return finishOwned(current);
  await giveBack(h);
  await dropHold(h);
  return 'released';
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
    // Owned by the owner that exists (an order placed by another attempt under the same key, `holdTag`
    // not this hold's, owns nothing of it: those are settled one by one below and give back).
    const isOwned = (h: Hold) => {
      const o = (h.kind === 'order' ? orders : coupons).get(h.ownerId) as { holdTag?: string } | undefined;
      return !!o && (!o.holdTag || o.holdTag === h.tag);
    };
    const done = batch.filter(isOwned);
    if (done.length) {
      // The owner exists; what it writes alongside (its risk decision, its event) may not, after a crash.
      await writeMissing(done.flatMap((h) => h.owner?.slice(1) ?? []));
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
    const [answer, other] = await Promise.all([answered(), findById<Hold>('holds', hold._id)]);
    if (answer) return answer;
    if (!other) continue;
    if (!sameRequest(other.fp, hold.fp ?? [])) throw fail('INVALID_ARGUMENT', 'this idempotencyKey was already used for a different request');
    if (other.owner) {
      // The twin owned its hold and stopped before writing the order (or is writing it now): finish it.
      await writeOwner(other.owner);
      continue;
    }
    if (Date.now() - other.createdAt > HOLD_SWEEP_AGE_MS) {
      await settle(other);
      continue;
    }
    if (Date.now() - started > TWIN_WAIT_MS) throw fail('RATE_LIMITED', 'the same request is still being processed; ask again');
    await sleep(Math.min(200, 10 + i * 10));
  }
}
