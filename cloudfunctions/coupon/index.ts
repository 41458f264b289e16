/** coupon: claim an operator's coupon (total and per-member limit hold under races) and list mine. */
import { defineFunction } from '../../server/kernel/router';
import { claimCoupon, myCoupons } from '../../server/store/coupons';
import { ensureUser } from '../../server/membership/users';
import { id, v } from '../../server/kernel/validate';
import { availableCoupons } from '../../server/store/coupon-centre';

export const main = defineFunction('coupon', {
  claim: {
    input: v.object({ couponId: id }),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      return claimCoupon(user._id, req.couponId, ctx.now);
    },
  },
  available: {
    input: v.object({}),
    async run(_req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      return availableCoupons(user._id, ctx.now);
    },
  },
  mine: {
    input: v.object({}),
    async run(_req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      return myCoupons(user._id);
    },
  },
});
