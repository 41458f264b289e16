/**
 * Coupons on the database. The total and the per-member limit hold however many claims race: both are
 * counters taken by conditional updates (`where({..., remaining: _.gt(0)}).update(_.inc(-1))`), never
 * read-then-write; a later step that fails gives back what was taken before answering.
 */
import type { Api } from '../../typings/api';
import { claimCounterId, couponValid, type CouponDoc, type UserCouponDoc } from '../../domain/store/coupon';
import { command, db, findById, type Tx } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';

interface ClaimCounter { _id: string; couponId: string; userId: string; count: number }

/** Takes one from the member's claim counter if it is below `limit`; false at the limit. */
async function takeFromCounter(couponId: string, userId: string, limit: number): Promise<boolean> {
  const _ = command();
  const counters = db().collection('coupon_claims');
  const id = claimCounterId(couponId, userId);
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = (await counters.where({ _id: id, count: _.lt(limit) }).update({ data: { count: _.inc(1) } })) as { stats: { updated: number } };
    if (res.stats.updated === 1) return true;
    if (await findById('coupon_claims', id)) return false;
    try {
      await counters.add({ data: { _id: id, couponId, userId, count: 1 } });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Someone created the counter first: count against it.
    }
  }
  return false;
}

async function giveBackToCounter(couponId: string, userId: string): Promise<void> {
  await db().collection('coupon_claims').doc(claimCounterId(couponId, userId)).update({ data: { count: command().inc(-1) } });
}

/** Claims one coupon for the member: COUPON_UNAVAILABLE when none are left or expired, LIMIT_EXCEEDED past the per-member limit. */
export async function claimCoupon(userId: string, couponId: string, now: number): Promise<Api['coupon.claim']['res']> {
  const _ = command();
  const coupon = await findById<CouponDoc>('coupons', couponId);
  if (!coupon) throw fail('NOT_FOUND', 'no such coupon');
  if (!couponValid(coupon, now)) throw fail('COUPON_UNAVAILABLE', 'the coupon has expired');
  if (coupon.remaining <= 0) throw fail('COUPON_UNAVAILABLE', 'no coupons left');
  if (!(await takeFromCounter(couponId, userId, coupon.perUserLimit))) throw fail('LIMIT_EXCEEDED', `at most ${coupon.perUserLimit} per member`);
  let tookOne = false;
  try {
    const res = (await db().collection('coupons').where({ _id: couponId, remaining: _.gt(0), validUntil: _.gt(now) }).update({ data: { remaining: _.inc(-1) } })) as { stats: { updated: number } };
    tookOne = res.stats.updated === 1;
    if (!tookOne) throw fail('COUPON_UNAVAILABLE', 'no coupons left');
    const mine: Omit<UserCouponDoc, '_id'> = { couponId, userId, used: false, orderId: null, claimedAt: now };
    await db().collection('user_coupons').add({ data: mine });
  } catch (err) {
    await giveBackToCounter(couponId, userId);
    if (tookOne) await db().collection('coupons').doc(couponId).update({ data: { remaining: _.inc(1) } });
    throw err;
  }
  const counter = await findById<ClaimCounter>('coupon_claims', claimCounterId(couponId, userId));
  return { couponId, claimed: counter?.count ?? 1 };
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
 * Marks one of the member's claimed, unused coupons of `couponId` as held by `orderId` (a conditional
 * update, so two orders never hold the same one). Returns its id; COUPON_UNAVAILABLE when there is none.
 */
export async function holdCoupon(userId: string, couponId: string, orderId: string): Promise<string> {
  const { data } = await db().collection('user_coupons').where({ userId, couponId, used: false }).limit(10).get();
  for (const c of data as UserCouponDoc[]) {
    const res = (await db().collection('user_coupons').where({ _id: c._id, used: false }).update({ data: { used: true, orderId } })) as { stats: { updated: number } };
    if (res.stats.updated === 1) return c._id;
  }
  throw fail('COUPON_UNAVAILABLE', 'no claimed, unused coupon of this kind');
}

/** Gives a held coupon back (compensation outside a transaction): only if `orderId` still holds it. */
export async function unholdCoupon(userCouponId: string, orderId: string): Promise<void> {
  await db().collection('user_coupons').where({ _id: userCouponId, orderId }).update({ data: { used: false, orderId: null } });
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
