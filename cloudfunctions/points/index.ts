/**
 * points: the member's 积分 ledger. Balance and history are reads; check-in (once per China-time day),
 * share (at most 3 a day) and redeem (points + reward stock + the right, in ONE transaction) write through
 * the ledger (server/points/ledger.ts). Timers: `expireLots` closes lots whose 365 days are up; `auditLedger`
 * proves every balance equals its entries and its lots.
 */
import { randomBytes } from 'node:crypto';
import { chinaDay, stableId } from '../../domain/kernel/ids';
import { CHECKIN_POINTS, expiringSoon, shareReward } from '../../domain/points/points';
import { decideRedeem, verifyCodeFrom, type Reward, type Right } from '../../domain/points/rights';
import { defineFunction } from '../../server/kernel/router';
import { db, findById, transaction } from '../../server/kernel/db';
import { fail, orFail } from '../../server/kernel/errors';
import { once } from '../../server/kernel/idempotency';
import { creditPoints, debitPoints, type PointsEntry } from '../../server/points/ledger';
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
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const day = chinaDay(ctx.now);
      return transaction(async (tx) => {
        // One document per (member, day): concurrent check-ins conflict on it and the retry finds it.
        const mark = tx.collection('checkins').doc(`${user._id}:${day}`);
        if (await mark.get()) throw fail('ALREADY_DONE', `already checked in on ${day}`);
        await mark.set({ userId: user._id, day, at: ctx.now });
        const r = await creditPoints(tx, { userId: user._id, key: `checkin:${user._id}:${day}`, kind: 'checkin', refId: day, points: CHECKIN_POINTS, now: ctx.now });
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
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const redemptionId = stableId('rd', user._id, req.idempotencyKey);
      const verifyCode = verifyCodeFrom(randomBytes(8).toString('hex'));
      // Stock, points and the right change together or not at all; concurrent redemptions conflict and retry.
      return once('points.redeem', user._id, req.idempotencyKey, ctx.now, async (tx) => {
        const rewardDoc = tx.collection('rewards').doc<Reward>(req.rewardId);
        const reward = await rewardDoc.get();
        const { stockAfter } = orFail(decideRedeem(reward));
        const spent = await debitPoints(tx, { userId: user._id, key: `redeem:${redemptionId}`, kind: 'redeem', refId: redemptionId, points: reward!.costPoints, now: ctx.now });
        await rewardDoc.update({ stock: stockAfter });
        const right: Omit<Right, '_id'> = {
          userId: user._id, rewardId: reward!._id, kind: reward!.kind, title: reward!.title, costPoints: reward!.costPoints, verifyCode,
          status: 'issued', createdAt: ctx.now, usedAt: null, usedBy: null, storeId: null,
        };
        await tx.collection('redemptions').doc(redemptionId).set(right);
        // A coupon reward gives the member the operator's coupon itself (in coupon.mine, usable at order.create),
        // in this same transaction as the points debit: both happen or neither.
        if (reward!.kind === 'coupon' && reward!.couponId) {
          await tx.collection('user_coupons').doc(`redeem:${redemptionId}`).set({ couponId: reward!.couponId, userId: user._id, used: false, orderId: null, claimedAt: ctx.now, source: 'redeem', redemptionId });
        }
        return { redemptionId, balance: spent.balance };
      });
    },
  },
  myRights: {
    input: v.object(paging),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const { docs, nextCursor } = await keysetPage<Right>('redemptions', { userId: user._id }, 'createdAt', req);
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
    expireLots: async ({ now }) => sweepExpiredLots(now),
    auditLedger: async ({ now }) => auditLedger(now),
  },
});
