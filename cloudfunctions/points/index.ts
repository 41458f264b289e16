/**
 * points: the member's 积分 ledger. Balance and history are reads; check-in (once per China-time day) and
 * share (at most 3 a day) write through the ledger (server/points/ledger.ts); redeem (points + reward stock +
 * the right) claims, takes and issues outside any transaction (server/points/redeem.ts). Timers:
 * `sweepRedemptions` settles redemptions whose call is over; `expireLots` closes lots whose 365 days are up;
 * `auditLedger` proves every balance equals its entries and its lots.
 */
import { chinaDay } from '../../domain/kernel/ids';
import { CHECKIN_POINTS, expiringSoon, shareReward } from '../../domain/points/points';
import { RIGHT_STATUSES, type Reward, type Right } from '../../domain/points/rights';
import { defineFunction } from '../../server/kernel/router';
import { command, db, findById, readAhead, transaction } from '../../server/kernel/db';
import { fail, orFail } from '../../server/kernel/errors';
import { once } from '../../server/kernel/idempotency';
import { creditPoints, type PointsEntry } from '../../server/points/ledger';
import { redeem, sweepRedemptions } from '../../server/points/redeem';
import { ensureUser } from '../../server/membership/users';
import { auditLedger, liveAccount, sweepExpiredLots } from '../../server/points/jobs';
import { keysetPage } from '../../server/kernel/keyset';
import { idempotencyKey, id, paging, v } from '../../server/kernel/validate';
import type { PointsAccount } from '../../domain/points/points';
import type { RightView } from '../../typings/api';

const EXPIRING_WINDOW_MS = 30 * 24 * 3600_000;

export const rightView = (r: Right): RightView => ({
  redemptionId: r._id, rewardId: r.rewardId, title: r.title, kind: r.kind, costPoints: r.costPoints, verifyCode: r.verifyCode,
  status: r.status, createdAt: r.createdAt, usedAt: r.usedAt, storeId: r.storeId,
});

export const main = defineFunction('points', {
  balance: {
    input: v.object({}),
    async run(_req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const account = liveAccount(await findById<PointsAccount>('points_accounts', user._id), ctx.now);
      return { balance: account.balance, expiring: expiringSoon(account, ctx.now, EXPIRING_WINDOW_MS) };
    },
  },
  history: {
    input: v.object(paging),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const { docs, nextCursor } = await keysetPage<PointsEntry>('points_entries', { userId: user._id }, 'createdAt', req);
      return { items: docs.map((e) => ({ id: e._id, delta: e.delta, kind: e.kind, refId: e.refId, createdAt: e.createdAt })), nextCursor };
    },
  },
  checkin: {
    input: v.object({}),
    async run(_req, ctx) {
      // The member is read while the transaction starts (one round trip for both).
      const member = readAhead(ensureUser(ctx.caller, ctx.now));
      const day = chinaDay(ctx.now);
      return transaction(async (tx) => {
        const { user } = await member();
        // The day's ledger entry (keyed by member and day) is the check-in: concurrent check-ins conflict on
        // it, the retry finds it. The `checkins` mark is written with it for the record.
        const r = await creditPoints(tx, { userId: user._id, key: `checkin:${user._id}:${day}`, kind: 'checkin', refId: day, points: CHECKIN_POINTS, now: ctx.now });
        if (!r.applied) throw fail('ALREADY_DONE', `already checked in on ${day}`);
        await tx.collection('checkins').doc(`${user._id}:${day}`).set({ userId: user._id, day, at: ctx.now });
        return { awarded: r.entry?.delta ?? 0, balance: r.balance };
      });
    },
  },
  share: {
    input: v.object({ idempotencyKey }),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const day = chinaDay(ctx.now);
      return once('points.share', user._id, req.idempotencyKey, ctx.now, async (tx) => {
        const counter = tx.collection('share_rewards').doc<{ userId: string; day: string; count: number }>(`${user._id}:${day}`);
        const count = (await counter.get())?.count ?? 0;
        const reward = orFail(shareReward(count));
        await counter.set({ userId: user._id, day, count: reward.nth });
        const r = await creditPoints(tx, { userId: user._id, key: `share:${user._id}:${day}:${reward.nth}`, kind: 'share', refId: day, points: reward.points, now: ctx.now });
        return { awarded: r.entry?.delta ?? 0, balance: r.balance, sharesLeft: reward.sharesLeft };
      });
    },
  },
  redeem: {
    input: v.object({ rewardId: id, idempotencyKey }),
    // Claim, take points and stock together, issue, write the entry: server/points/redeem.ts.
    run: (req, ctx) => redeem(ctx.caller, req.rewardId, req.idempotencyKey, ctx.now),
  },
  myRights: {
    input: v.object(paging),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      // Only rights: a redemption still pending (or void) is not shown.
      const { docs, nextCursor } = await keysetPage<Right>('redemptions', { userId: user._id, status: command().in([...RIGHT_STATUSES]) }, 'createdAt', req);
      return { items: docs.map(rightView), nextCursor };
    },
  },
  rewards: {
    input: v.object({}),
    async run() {
      const { data } = await db().collection('rewards').orderBy('costPoints', 'asc').limit(100).get();
      return { items: (data as Reward[]).map((r) => ({ rewardId: r._id, title: r.title, kind: r.kind, costPoints: r.costPoints, stock: r.stock })) };
    },
  },
}, {
  timers: {
    // Within the function's 20 s timeout; a sweep cut short is picked up by the next one.
    sweepRedemptions: async ({ now }) => sweepRedemptions(now, 15_000),
    expireLots: async ({ now }) => sweepExpiredLots(now),
    auditLedger: async ({ now }) => auditLedger(now),
  },
});
