/**
 * The coupon centre (`coupon.available`): live coupons (valid, some left, not stopped), soonest to expire
 * first, with whether the caller already holds one. Two indexed queries: the coupons by `validUntil`, the
 * caller's claimed coupons by `userId`.
 */
import type { CouponOffer } from '../../typings/api';
import type { CouponDoc, UserCouponDoc } from '../../domain/store/coupon';
import { command, db } from '../kernel/db';

/** The most coupons the centre shows. */
export const COUPON_CENTRE_LIMIT = 50;

export async function availableCoupons(userId: string | null, now: number): Promise<{ items: CouponOffer[] }> {
  const _ = command();
  const [{ data: coupons }, mine] = await Promise.all([
    db().collection('coupons').where({ validUntil: _.gt(now), remaining: _.gt(0) }).orderBy('validUntil', 'asc').limit(COUPON_CENTRE_LIMIT).get(),
    userId ? db().collection('user_coupons').where({ userId }).limit(1000).get() : Promise.resolve({ data: [] }),
  ]);
  const held = new Set((mine.data as UserCouponDoc[]).map((c) => c.couponId));
  return {
    items: (coupons as (CouponDoc & { active?: boolean })[]).filter((c) => c.active !== false).map((c) => ({
      couponId: c._id, title: c.title, discountFen: c.discountFen, minSpendFen: c.minSpendFen, validUntil: c.validUntil, remaining: c.remaining, claimedByMe: held.has(c._id),
    })),
  };
}
