/**
 * alliance (联盟): exchange our points for a partner's, map a partner's tier to ours, land members
 * jumping in from partner mini-programs, tell whether a member belongs to both brands, and list the
 * partner brands with their terms.
 */
import { mapTier } from '../../domain/alliance/alliance';
import { claimOnce } from '../../server/alliance/landing';
import { exchangeInTx, findLink, linkMember, listPartners, loadPartner, partnerByAppId } from '../../server/alliance/alliance';
import { alertRateLimited, countCallTx, rateLimit } from '../../server/alliance/guard';
import { db } from '../../server/kernel/db';
import { orFail } from '../../server/kernel/errors';
import { once } from '../../server/kernel/idempotency';
import { defineFunction } from '../../server/kernel/router';
import { ensureUser, userIdFor } from '../../server/membership/users';
import { id, idempotencyKey, v } from '../../server/kernel/validate';

export const main = defineFunction('alliance', {
  exchange: {
    input: v.object({ partnerId: id, points: v.int({ min: 1, max: 1e9 }), idempotencyKey }),
    async run(req, ctx) {
      const userId = userIdFor(ctx.caller.openid);
      // The partner (its ratio, cap and chain head) is read once, inside the transaction that appends to its
      // chain; the call is counted in that transaction too: a refused exchange is not counted.
      return once('alliance.exchange', userId, req.idempotencyKey, ctx.now, async (tx) => {
        await countCallTx(tx, 'alliance', userId, ctx.now);
        return exchangeInTx(tx, { userId, partnerId: req.partnerId, points: req.points, idempotencyKey: req.idempotencyKey, now: ctx.now });
      }).catch((err: unknown) => alertRateLimited(err, ctx.now));
    },
  },
  mapTier: {
    input: v.object({ partnerId: id, partnerTier: v.string({ max: 64 }) }),
    async run(req, ctx) {
      await rateLimit('alliance', userIdFor(ctx.caller.openid), ctx.now);
      const partner = await loadPartner(req.partnerId);
      return { tier: orFail(mapTier(partner.tierMap, req.partnerTier)) };
    },
  },
  landing: {
    input: v.object({ fromAppId: v.string({ max: 64 }), extraData: v.optional(v.record({ maxKeys: 20 })) }),
    async run(req, ctx) {
      const userId = userIdFor(ctx.caller.openid);
      await rateLimit('alliance', userId, ctx.now);
      const partner = await partnerByAppId(req.fromAppId);
      await ensureUser(ctx.caller, ctx.now, partner ? `partner:${partner._id}` : 'miniprogram');
      const couponId = typeof req.extraData?.coupon_id === 'string' && req.extraData.coupon_id.length <= 64 ? req.extraData.coupon_id : null;
      // extraData is the partner's free-form object: kept exactly as sent (JSON text), never interpreted.
      const extra = req.extraData ? JSON.stringify(req.extraData) : null;
      await db().collection('alliance_landings').add({ data: { userId, fromAppId: req.fromAppId, partnerId: partner?._id ?? null, couponId, extra, at: ctx.now } });
      if (partner) await linkMember(userId, partner._id, 'landing', ctx.now);
      const claimed = couponId ? await claimOnce(userId, couponId, ctx.now) : false;
      return { attributed: !!partner, ...(claimed && couponId ? { couponId } : {}) };
    },
  },
  partners: {
    access: 'any',
    input: v.object({}),
    async run() {
      return { items: await listPartners() };
    },
  },
  dualMembership: {
    input: v.object({ partnerId: id }),
    async run(req, ctx) {
      const userId = userIdFor(ctx.caller.openid);
      await loadPartner(req.partnerId);
      const link = await findLink(userId, req.partnerId);
      return { dualMember: !!link, ...(link ? { via: link.via, since: link.at } : {}) };
    },
  },
});
