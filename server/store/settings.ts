/**
 * The settings page's one read (`admin.settings`): tiers, shipping, commission plan, risk rules,
 * customer-service keywords, the rights-mall rewards and the new-member gift, in two queries (the
 * `settings` documents by id, and the rewards). Each is written by its own `admin.set*` action.
 */
import type { AdminSettingsView, RewardView } from '../../typings/api';
import { checkTierRules, DEFAULT_TIERS, type TierRule } from '../../domain/membership/tier';
import { DEFAULT_RISK_RULES, type RiskRule } from '../../domain/store/risk';
import type { Reward } from '../../domain/points/rights';
import { command, db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import type { CouponDoc } from '../../domain/store/coupon';

const KEYS = ['tiers', 'shipping', 'commission_plan', 'riskRules', 'csKeywords', 'newMemberGift'] as const;

export const rewardView = (r: Reward & { couponId?: string }): RewardView => ({ rewardId: r._id, title: r.title, kind: r.kind, costPoints: r.costPoints, stock: r.stock, ...(r.couponId ? { couponId: r.couponId } : {}) });

export async function allSettings(): Promise<AdminSettingsView> {
  const [{ data: docs }, { data: rewards }] = await Promise.all([
    db().collection('settings').where({ _id: command().in([...KEYS]) }).limit(KEYS.length).get(),
    db().collection('rewards').orderBy('createdAt', 'desc').limit(100).get(),
  ]);
  const byId = new Map((docs as { _id: string; [k: string]: unknown }[]).map((d) => [d._id, d]));
  const tiersDoc = byId.get('tiers') as { rules?: TierRule[] } | undefined;
  const checkedTiers = tiersDoc?.rules ? checkTierRules(tiersDoc.rules) : null;
  const shipping = byId.get('shipping') as { feeFen?: number; freeOverFen?: number | null } | undefined;
  const plan = byId.get('commission_plan') as { level1Bps: number; level2Bps: number; settleAfterMs: number } | undefined;
  const risk = byId.get('riskRules') as { rules?: RiskRule[] } | undefined;
  const cs = byId.get('csKeywords') as { rules?: { keywords: string[]; reply: string }[] } | undefined;
  const gift = byId.get('newMemberGift') as { couponId?: string | null } | undefined;
  return {
    tiers: (checkedTiers?.ok ? checkedTiers.value : DEFAULT_TIERS).map((t) => ({ tier: t.tier, minLifetimeSpendFen: t.minLifetimeSpendFen, benefits: { memberPriceBps: t.benefits.memberPriceBps, freeShipping: t.benefits.freeShipping } })),
    shipping: { feeFen: shipping?.feeFen ?? 0, freeOverFen: shipping?.freeOverFen ?? null },
    commissionPlan: plan ? { level1Bps: plan.level1Bps, level2Bps: plan.level2Bps, settleAfterMs: plan.settleAfterMs } : null,
    riskRules: (risk?.rules ?? DEFAULT_RISK_RULES).map((r) => ({ id: r.id, kind: r.kind, params: r.params as Record<string, number>, action: r.action, ...(r.enabled !== undefined ? { enabled: r.enabled } : {}) })),
    csKeywords: cs?.rules ?? [],
    rewards: (rewards as (Reward & { couponId?: string })[]).map(rewardView),
    newMemberCouponId: gift?.couponId ?? null,
  };
}

/** `admin.setNewMemberGift {couponId?}`: the coupon every new member gets on first login (none without couponId). */
export async function setNewMemberGift(couponId: string | undefined, by: string, now: number): Promise<{ newMemberCouponId: string | null }> {
  if (couponId && !(await findById('coupons', couponId))) throw fail('NOT_FOUND', 'couponId: no such coupon');
  await db().collection('settings').doc('newMemberGift').set({ data: { couponId: couponId ?? null, updatedAt: now, updatedBy: by } });
  return { newMemberCouponId: couponId ?? null };
}

/**
 * The new-member gift, on a member's first login: one of the gift coupon, taken from its `remaining` in the
 * same transaction that gives it (`user_coupons/gift:<userId>`: a retried or repeated login gives it once).
 * No gift when none is set, the coupon has expired or none is left. Answers the coupon given, if any.
 */
export async function grantNewMemberGift(userId: string, now: number): Promise<string | null> {
  const gift = await findById<{ couponId?: string | null }>('settings', 'newMemberGift');
  const couponId = gift?.couponId;
  if (!couponId) return null;
  return transaction(async (tx) => {
    const mine = tx.collection('user_coupons').doc(`gift:${userId}`);
    if (await mine.get()) return null;
    const ref = tx.collection('coupons').doc<CouponDoc>(couponId);
    const c = await ref.get();
    if (!c || c.remaining <= 0 || now >= c.validUntil) return null;
    await ref.update({ remaining: command().inc(-1) });
    await mine.set({ couponId, userId, used: false, orderId: null, claimedAt: now, source: 'newMemberGift' });
    return couponId;
  });
}
