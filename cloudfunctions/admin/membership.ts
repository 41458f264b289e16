/** Operator actions of the membership feature (served by the admin function; operators only). */
import { randomBytes } from 'node:crypto';
import type { Reward } from '../../domain/points/rights';
import type { Actions } from '../../server/kernel/router';
import { checkTierRules } from '../../domain/membership/tier';
import { db, findById } from '../../server/kernel/db';
import { fail, orFail } from '../../server/kernel/errors';
import { removeStaff } from '../../server/membership/staff';
import { id, v } from '../../server/kernel/validate';

const tierRule = v.object({
  tier: v.string({ max: 32 }),
  minLifetimeSpendFen: v.int({ max: 100_000_000_000 }),
  // No points rate: points are 1 per yuan for every tier (contract). Like every unknown field, a
  // `pointsRateBps` an older console still sends is dropped by the validator, never stored or applied.
  benefits: v.object({ memberPriceBps: v.int({ max: 10000 }), freeShipping: v.boolean() }),
});

export const membershipAdmin: Pick<Actions<'admin'>, 'createReward' | 'addStaff' | 'removeStaff' | 'setTiers'> = {
  createReward: {
    input: v.object({
      title: v.string({ max: 60 }),
      kind: v.literal('coupon', 'physical', 'service'),
      costPoints: v.int({ min: 1, max: 10_000_000 }),
      stock: v.int({ min: 0, max: 10_000_000 }),
      couponId: v.optional(id),
    }),
    async run(req, ctx) {
      if (req.couponId && req.kind !== 'coupon') throw fail('INVALID_ARGUMENT', 'couponId: only a coupon reward names a coupon');
      if (req.couponId && !(await findById('coupons', req.couponId))) throw fail('NOT_FOUND', 'couponId: no such coupon');
      const rewardId = `rw_${randomBytes(8).toString('hex')}`;
      const reward: Reward = { _id: rewardId, ...req, createdAt: ctx.now };
      await db().collection('rewards').add({ data: { ...reward } });
      return { rewardId };
    },
  },
  addStaff: {
    input: v.object({ openid: id, role: v.literal('clerk', 'manager'), storeId: id }),
    async run(req, ctx) {
      // Re-adding updates role and store (a clerk moving stores); the record keeps who added them.
      await db().collection('staff').doc(req.openid).set({ data: { role: req.role, storeId: req.storeId, active: true, createdAt: ctx.now, addedBy: ctx.caller.openid } });
      return {};
    },
  },
  removeStaff: {
    input: v.object({ openid: id }),
    run: (req, ctx) => removeStaff(req.openid, ctx.caller.openid, ctx.now),
  },
  setTiers: {
    input: v.object({ rules: v.array(tierRule, { min: 1, max: 20 }) }),
    async run(req, ctx) {
      // Checked whole (first at 0, thresholds rising, unique names) before the one document is replaced.
      const rules = orFail(checkTierRules(req.rules));
      await db().collection('settings').doc('tiers').set({ data: { rules, updatedAt: ctx.now, updatedBy: ctx.caller.openid } });
      return { tiers: rules.length };
    },
  },
};
