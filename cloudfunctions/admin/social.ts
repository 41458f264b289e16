/** Operator actions of the social feature (served by the admin function; operators only). */
import { randomBytes } from 'node:crypto';
import { checkCampaign, type Campaign } from '../../domain/groupbuy/groupbuy';
import { MAX_HOST_COMMISSION_BPS, planProblem } from '../../domain/distribution/commission';
import type { LiveRoom } from '../../domain/live/live';
import { changeConfig } from '../../server/kernel/config';
import { command, db, findById } from '../../server/kernel/db';
import { fail, orFail } from '../../server/kernel/errors';
import { COMMISSION_PLAN_KEY } from '../../server/distribution/commission';
import { reviewWithdrawal } from '../../server/distribution/center';
import type { Actions } from '../../server/kernel/router';
import { id, v } from '../../server/kernel/validate';

/** A live host's commission rate, bps: 0..MAX_HOST_COMMISSION_BPS (30 %). */
const hostCommissionBps = v.int({ min: 0, max: MAX_HOST_COMMISSION_BPS });

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export const socialAdmin: Pick<Actions<'admin'>, 'createGroupCampaign' | 'setCommissionPlan' | 'createLiveRoom' | 'setLiveHostCommission' | 'approveWithdrawal' | 'rejectWithdrawal'> = {
  createGroupCampaign: {
    input: v.object({
      skuId: id, groupPriceFen: v.int({ min: 1, max: 10 ** 9 }), groupSize: v.int({ min: 2, max: 50 }),
      durationMs: v.int({ min: 60_000, max: 7 * 24 * 3600_000 }), stock: v.int({ min: 0, max: 10 ** 7 }),
    }),
    async run(req, ctx) {
      orFail(checkCampaign(req));
      const sku = await findById<{ productId: string; priceFen: number }>('skus', req.skuId);
      if (!sku) throw fail('NOT_FOUND', 'no such sku');
      const campaign: Campaign = { _id: newId('gc'), productId: sku.productId, ...req, createdAt: ctx.now };
      await db().collection('group_campaigns').add({ data: { ...campaign, active: true } });
      return { campaignId: campaign._id };
    },
  },
  setCommissionPlan: {
    input: v.object({ level1Bps: v.int({ max: 10000 }), level2Bps: v.int({ max: 10000 }), settleAfterMs: v.int({ max: 365 * 24 * 3600_000 }) }),
    async run(req, ctx) {
      const problem = planProblem(req);
      if (problem) throw fail('INVALID_ARGUMENT', problem);
      // Commissions keep the plan they accrued under; a new plan applies to payments from now on.
      await changeConfig(ctx.now, (tx) => tx.collection('settings').doc(COMMISSION_PLAN_KEY).set({ ...req, updatedAt: ctx.now }));
      return {};
    },
  },
  createLiveRoom: {
    input: v.object({ title: v.string({ max: 100 }), hostOpenid: v.string({ max: 64 }), productIds: v.array(id, { min: 1, max: 50 }), hostCommissionBps: v.optional(hostCommissionBps) }),
    async run(req, ctx) {
      const productIds = [...new Set(req.productIds)];
      const { data } = await db().collection('products').where({ _id: command().in(productIds) }).limit(100).get();
      if (data.length !== productIds.length) throw fail('NOT_FOUND', 'some products do not exist');
      const room: LiveRoom = { _id: newId('lr'), title: req.title, hostOpenid: req.hostOpenid, productIds, status: 'upcoming', currentGoods: null, hostCommissionBps: req.hostCommissionBps ?? 0, createdAt: ctx.now };
      await db().collection('live_rooms').add({ data: { ...room } });
      return { roomId: room._id };
    },
  },
  /** The host's rate for payments from now on; commissions already accrued keep the rate they accrued at. */
  setLiveHostCommission: {
    input: v.object({ roomId: id, hostCommissionBps }),
    async run(req, ctx) {
      const { stats } = (await db().collection('live_rooms').doc(req.roomId).update({ data: { hostCommissionBps: req.hostCommissionBps, hostCommissionSetAt: ctx.now } })) as { stats: { updated: number } };
      if (stats.updated === 0 && !(await findById('live_rooms', req.roomId))) throw fail('NOT_FOUND', 'no such live room');
      return { roomId: req.roomId, hostCommissionBps: req.hostCommissionBps };
    },
  },
  approveWithdrawal: {
    input: v.object({ withdrawalId: id }),
    run: (req, ctx) => reviewWithdrawal(req.withdrawalId, { type: 'approve', by: ctx.caller.openid, at: ctx.now }),
  },
  rejectWithdrawal: {
    input: v.object({ withdrawalId: id, reason: v.string({ min: 1, max: 200 }) }),
    run: (req, ctx) => reviewWithdrawal(req.withdrawalId, { type: 'reject', by: ctx.caller.openid, at: ctx.now, reason: req.reason }),
  },
};
