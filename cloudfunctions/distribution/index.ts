/**
 * distribution (分销): the member's commission center, ledger, withdrawals and share poster; the timer
 * settles commissions whose window after completion has passed.
 */
import { ensureUser } from '../../server/membership/users';
import { center, commissionPage, memberIdOf, requestWithdrawal, withdrawalPage } from '../../server/distribution/center';
import { auditCommissionLedger, settleDue } from '../../server/distribution/commission';
import { platform } from '../../server/kernel/platform';
import { defineFunction } from '../../server/kernel/router';
import { idempotencyKey, paging, v } from '../../server/kernel/validate';

export const main = defineFunction('distribution', {
  center: {
    input: v.object({}),
    run: async (_req, ctx) => center(await memberIdOf(ctx.caller.openid)),
  },
  commissions: {
    input: v.object(paging),
    run: async (req, ctx) => commissionPage(await memberIdOf(ctx.caller.openid), req),
  },
  withdraw: {
    input: v.object({ amountFen: v.int({ min: 1, max: 10 ** 9 }), idempotencyKey }),
    run: async (req, ctx) => requestWithdrawal(await memberIdOf(ctx.caller.openid), req.amountFen, req.idempotencyKey, ctx.now),
  },
  withdrawals: {
    input: v.object(paging),
    run: async (req, ctx) => withdrawalPage(await memberIdOf(ctx.caller.openid), req),
  },
  poster: {
    input: v.object({ page: v.optional(v.string({ max: 128, pattern: /^pages\/[A-Za-z0-9_/-]+$/ })) }),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      // The scene carries the 8-character share code (well under the 32-character limit); login binds from it.
      const scene = `i=${user.shareCode}`;
      const res = (await platform().openapi.wxacode.getUnlimited({ scene, page: req.page ?? 'pages/home/home', checkPath: false })) as { contentType: string; buffer: Buffer | Uint8Array };
      return { scene, contentType: res.contentType, imageBase64: Buffer.from(res.buffer).toString('base64') };
    },
  },
}, {
  timers: { settle: ({ now }) => settleDue(now), audit: ({ now }) => auditCommissionLedger(now) },
});
