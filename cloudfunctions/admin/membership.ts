/** Operator actions of the membership feature (served by the admin function; operators only). */
import { randomBytes } from 'node:crypto';
import type { Reward } from '../../domain/rights';
import type { Actions } from '../../server/router';
import { db } from '../../server/db';
import { id, v } from '../../server/validate';

export const membershipAdmin: Pick<Actions<'admin'>, 'createReward' | 'addStaff'> = {
  createReward: {
    input: v.object({
      title: v.string({ max: 60 }),
      kind: v.literal('coupon', 'physical', 'service'),
      costPoints: v.int({ min: 1, max: 10_000_000 }),
      stock: v.int({ min: 0, max: 10_000_000 }),
    }),
    async run(req, ctx) {
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
};
