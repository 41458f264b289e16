/**
 * groupbuy (拼团): open a group as its leader (团长), join one, see it; the timer fails groups still forming
 * at their expiry (refunding every paid member) and tells opted-in members how their group ended (成团 or not).
 */
import * as groupbuy from '../../server/groupbuy/groupbuy';
import { defineFunction, type Ctx } from '../../server/kernel/router';
import { ensureUser, ensureUserWithConfig, userIdFor } from '../../server/membership/users';
import { id, idempotencyKey, paging, v } from '../../server/kernel/validate';
import { address } from '../../server/store/inputs';
import { readAhead } from '../../server/kernel/db';
import type { ShippingAddress } from '../../typings/api';

const member = async (ctx: Ctx, address?: ShippingAddress) => {
  const { user } = await ensureUser(ctx.caller, ctx.now);
  return { userId: user._id, openid: ctx.caller.openid, member: user, ...(address ? { address } : {}) };
};


export const main = defineFunction('groupbuy', {
  open: {
    input: v.object({ campaignId: id, address: v.optional(address), idempotencyKey }),
    run: async (req, ctx) => groupbuy.open(await member(ctx, req.address), req.campaignId, req.idempotencyKey, ctx.now),
  },
  join: {
    input: v.object({ groupId: id, address: v.optional(address), idempotencyKey }),
    // The member is read together with the group (see groupbuy.join).
    run: (req, ctx) => groupbuy.join({
      userId: userIdFor(ctx.caller.openid), openid: ctx.caller.openid, memberRead: readAhead(ensureUserWithConfig(ctx.caller, ctx.now)), ...(req.address ? { address: req.address } : {}),
    }, req.groupId, req.idempotencyKey, ctx.now),
  },
  detail: {
    access: 'any',
    input: v.object({ groupId: id }),
    run: (req, ctx) => groupbuy.detail(req.groupId, ctx.caller.openid ? userIdFor(ctx.caller.openid) : null, ctx.now),
  },
  campaigns: {
    access: 'any',
    input: v.object({ skuId: v.optional(id), ...paging }),
    run: (req) => groupbuy.campaigns(req),
  },
  mine: {
    input: v.object(paging),
    run: async (req, ctx) => groupbuy.mine((await member(ctx)).userId, req),
  },
  subscribe: {
    input: v.object({ groupId: id, templateIds: v.array(v.string({ max: 64 }), { min: 1, max: 3 }) }),
    run: async (req, ctx) => groupbuy.subscribe(await member(ctx), req.groupId, req.templateIds, ctx.now),
  },
}, {
  timers: {
    expire: async ({ now }) => {
      const expired = await groupbuy.failExpiredGroups(now);
      return { ...expired, notices: await groupbuy.sendOutcomeNotices(now) };
    },
  },
});
