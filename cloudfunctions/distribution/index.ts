/**
 * distribution (分销): the member's commission center, ledger, withdrawals and share poster; the timer
 * settles commissions whose window after completion has passed.
 */
import { ensureUser } from '../../server/membership/users';
import { center, commissionPage, memberIdOf, requestWithdrawal, withdrawalPage } from '../../server/distribution/center';
import { auditCommissionLedger, settleDue } from '../../server/distribution/commission';
import { posterOf, POSTER_HOME } from '../../server/distribution/poster';
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
      return posterOf(user, req.page ?? POSTER_HOME, ctx.now);
    },
  },
}, {
  timers: { settle: ({ now }) => settleDue(now), audit: ({ now }) => auditCommissionLedger(now) },
});
