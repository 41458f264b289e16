/**
 * analytics (埋点 and experiments): batched event tracking, stable experiment assignment, operator
 * reports, and timers recomputing user tags and scanning for growth risks.
 */
import { checkBatch } from '../../domain/analytics/analytics';
import { rateLimit, sweepRateCounters } from '../../server/alliance/guard';
import { assign, funnelReport, ltvReport, recomputeTags, riskScan, roiReport, storeEvents } from '../../server/analytics/analytics';
import { findById } from '../../server/kernel/db';
import { fail, orFail } from '../../server/kernel/errors';
import { defineFunction } from '../../server/kernel/router';
import { userIdFor } from '../../server/membership/users';
import { id, v } from '../../server/kernel/validate';

const event = v.object({ name: v.string({ max: 64 }), props: v.optional(v.record({ maxKeys: 20 })), at: v.optional(v.time()) });
const time = v.time();

export const main = defineFunction('analytics', {
  track: {
    input: v.object({ events: v.array(event, { min: 1, max: 50 }) }),
    async run(req, ctx) {
      const events = orFail(checkBatch(req.events));
      const userId = userIdFor(ctx.caller.openid);
      await rateLimit('analytics', userId, ctx.now);
      return { accepted: await storeEvents(userId, events, ctx.now) };
    },
  },
  assign: {
    input: v.object({ experimentKey: v.string({ max: 64 }) }),
    async run(req, ctx) {
      const userId = userIdFor(ctx.caller.openid);
      await rateLimit('analytics', userId, ctx.now);
      return { variant: await assign(req.experimentKey, userId, ctx.now) };
    },
  },
  reportFunnel: {
    access: 'operator',
    input: v.object({ from: time, to: time, by: v.optional(v.literal('channel', 'variant')), experimentKey: v.optional(v.string({ max: 64 })) }),
    async run(req) {
      if (req.to <= req.from) throw fail('INVALID_ARGUMENT', 'to must be after from');
      return funnelReport(req.from, req.to, req.by ?? 'channel', req.experimentKey);
    },
  },
  reportLtv: {
    access: 'operator',
    input: v.object({ by: v.optional(v.literal('channel', 'tier')) }),
    async run(req) {
      return ltvReport(req.by ?? 'channel');
    },
  },
  reportRoi: {
    access: 'operator',
    input: v.object({ campaign: v.string({ max: 64 }), costFen: v.int(), from: time, to: time }),
    async run(req) {
      return roiReport(req.campaign, req.costFen, req.from, req.to);
    },
  },
  userTags: {
    access: 'operator',
    input: v.object({ userId: id }),
    async run(req) {
      const t = await findById<{ tags: string[]; purchaseFrequency: string; favouriteCategory: string | null; activeHours: string; computedAt: number }>('user_tags', req.userId);
      if (!t) return { userId: req.userId, tags: [], computedAt: null };
      return { userId: req.userId, tags: t.tags, purchaseFrequency: t.purchaseFrequency, favouriteCategory: t.favouriteCategory, activeHours: t.activeHours, computedAt: t.computedAt };
    },
  },
}, {
  timers: {
    // Hourly housekeeping rides along: rate counters (alliance and analytics) of windows that ended.
    tags: async ({ now }) => {
      const run = await recomputeTags(now);
      return { tagged: run.userIds.length, passCompleted: run.passCompleted, rateCountersSwept: await sweepRateCounters(now) };
    },
    riskScan: async ({ now }) => riskScan(now),
  },
});
