/**
 * Coupons on the database. The total and the per-member limit hold however many claims race: both are
 * counters taken by conditional updates (`where({..., remaining: _.gt(0)}).update(_.inc(-1))`), never
 * read-then-write. A claim writes its hold first (server/store/holds.ts) and marks each counter it takes,
 * so a refusal gives them back at once and a crash or timeout before the member's coupon exists is given
 * back by the `sweepHolds` timer: the claim counter always equals the member's coupons.
 */
import type { Api } from '../../typings/api';
import { claimCounterId, couponValid, type CouponDoc, type UserCouponDoc } from '../../domain/store/coupon';
import { command, db, findById, type Tx } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';
import { markerOf, newTag, release, take, type CounterUnit, type Hold } from './holds';

interface ClaimCounter { _id: string; couponId: string; userId: string; count: number }

/** Takes one from the member's claim counter if it is below `limit`, marked with `tag`; false at the limit. */
async function takeFromCounter(tag: string, unit: CounterUnit, couponId: string, userId: string, limit: number): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await take(tag, unit, { count: command().lt(limit) })) return true;
    if (await findById('coupon_claims', unit.docId)) return false;
    if (limit < 1) return false;
    try {
      await db().collection('coupon_claims').add({ data: { _id: unit.docId, couponId, userId, count: 1, holds: { [tag]: 1 } } });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Someone created the counter first: count against it.
    }
  }
  return false;
}

/**
 * Claims one coupon for the member: COUPON_UNAVAILABLE when none are left or expired, LIMIT_EXCEEDED past
 * the per-member limit. The member's coupon is `user_coupons/<holdId>`: its existence owns the hold.
 */
export async function claimCoupon(userId: string, couponId: string, now: number): Promise<Api['coupon.claim']['res']> {
  const _ = command();
  const coupon = await findById<CouponDoc>('coupons', couponId);
  if (!coupon) throw fail('NOT_FOUND', 'no such coupon');
  if (!couponValid(coupon, now)) throw fail('COUPON_UNAVAILABLE', 'the coupon has expired');
  if (coupon.remaining <= 0) throw fail('COUPON_UNAVAILABLE', 'no coupons left');
  const tag = newTag();
  const counter: CounterUnit = { coll: 'coupon_claims', docId: claimCounterId(couponId, userId), field: 'count', delta: 1 };
  const total: CounterUnit = { coll: 'coupons', docId: couponId, field: 'remaining', delta: -1 };
  const hold: Hold = { _id: tag, kind: 'couponClaim', tag, userId, ownerId: tag, units: [counter, total], createdAt: now };
  const { _id, ...doc } = hold;
  await db().collection('holds').add({ data: { _id, ...doc } });
  try {
    if (!(await takeFromCounter(tag, counter, couponId, userId, coupon.perUserLimit))) throw fail('LIMIT_EXCEEDED', `at most ${coupon.perUserLimit} per member`);
    if (!(await take(tag, total, { remaining: _.gt(0), validUntil: _.gt(now) }))) throw fail('COUPON_UNAVAILABLE', 'no coupons left');
    const mine: Omit<UserCouponDoc, '_id'> = { couponId, userId, used: false, orderId: null, claimedAt: now };
    await db().collection('user_coupons').add({ data: { _id: tag, ...mine } });
  } catch (err) {
    // Nothing owns what was taken: give it back now (the timer would, if this call died first).
    await release(hold);
    throw err;
  }
  const claimed = await findById<ClaimCounter>('coupon_claims', counter.docId);
  return { couponId, claimed: claimed?.count ?? 1 };
}

/** The member's claimed coupons, with whether each is used (held by an order). */
export async function myCoupons(userId: string): Promise<Api['coupon.mine']['res']> {
  const { data } = await db().collection('user_coupons').where({ userId }).orderBy('claimedAt', 'desc').limit(100).get();
  const mine = data as UserCouponDoc[];
  const ids = [...new Set(mine.map((c) => c.couponId))];
  const defs = ids.length ? ((await db().collection('coupons').where({ _id: command().in(ids) }).limit(100).get()).data as CouponDoc[]) : [];
  const byId = new Map(defs.map((c) => [c._id, c]));
  return {
    items: mine.flatMap((c) => {
      const def = byId.get(c.couponId);
      return def ? [{ couponId: def._id, title: def.title, discountFen: def.discountFen, minSpendFen: def.minSpendFen, validUntil: def.validUntil, used: c.used }] : [];
    }),
  };
}

/**
 * Marks one of the member's claimed, unused coupons of `couponId` as held by `orderId` and the placement's
 * hold `tag` (a conditional update, so two orders never hold the same one). Returns its id; COUPON_UNAVAILABLE when there is none.
 */
export async function holdCoupon(tag: string, userId: string, couponId: string, orderId: string): Promise<string> {
  const { data } = await db().collection('user_coupons').where({ userId, couponId, used: false }).limit(10).get();
  for (const c of data as UserCouponDoc[]) {
    const res = (await db().collection('user_coupons').where({ _id: c._id, used: false }).update({ data: { used: true, orderId, [markerOf(tag)]: 1 } })) as { stats: { updated: number } };
    if (res.stats.updated === 1) return c._id;
  }
  throw fail('COUPON_UNAVAILABLE', 'no claimed, unused coupon of this kind');
}

/** Gives a held coupon back inside a transaction (an order cancelled or timed out). */
export async function unholdCouponTx(tx: Tx, userCouponId: string, orderId: string): Promise<void> {
  const ref = tx.collection('user_coupons').doc<UserCouponDoc>(userCouponId);
  const c = await ref.get();
  if (c && c.orderId === orderId) await ref.update({ used: false, orderId: null });
}

export async function createCoupon(req: Api['admin.createCoupon']['req'], now: number): Promise<Api['admin.createCoupon']['res']> {
  const coupon: Omit<CouponDoc, '_id'> = { ...req, remaining: req.total, createdAt: now };
  const { _id } = (await db().collection('coupons').add({ data: coupon })) as { _id: string };
  return { couponId: _id };
}
