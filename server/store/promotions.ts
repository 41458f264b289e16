/**
 * Operator configuration of the store as data: promotions (the `promotions` collection, read by
 * `quote()` and evaluated by domain/store/pricing.ts) and risk rules (`settings/riskRules`, read by
 * server/store/risk.ts). Rules are checked by the pure checkers before anything is written.
 */
import { stableId } from '../../domain/kernel/ids';
import { checkPromotion, promotionLive, type Promotion, type ShippingRule } from '../../domain/store/pricing';
import { checkRiskRules, type RiskRule } from '../../domain/store/risk';
import { findLink } from '../alliance/alliance';
import { configured, changeConfig } from '../kernel/config';
import { db, findById } from '../kernel/db';
import { fail, orFail } from '../kernel/errors';

/** A promotion as the operator asks for it: the promotion's own fields, and the key that makes it once. */
export type PromotionRequest = Omit<Promotion, 'id'> & { idempotencyKey: string };

/**
 * Creates a promotion (INVALID_ARGUMENT when `checkPromotion` refuses it; nothing is written). Its id
 * is derived from the idempotency key, so a repeat answers the same promotion and creates nothing.
 * A joint promotion (`requiresPartnerMember`) must name an existing partner, else NOT_FOUND.
 */
export async function createPromotion(req: PromotionRequest, operator: string, now: number): Promise<{ promotionId: string }> {
  const promotionId = stableId('promo', req.idempotencyKey);
  const { idempotencyKey, ...fields } = req;
  const promo = orFail(checkPromotion({ id: promotionId, ...fields, active: req.active ?? true }));
  if (promo.requiresPartnerMember !== undefined && !(await findById('partners', promo.requiresPartnerMember))) throw fail('NOT_FOUND', `no partner ${promo.requiresPartnerMember}`);
  // With the version bump in one transaction: the very next order, in any instance, prices with it.
  await changeConfig(now, async (tx) => {
    const ref = tx.collection('promotions').doc<Omit<Promotion, 'id'>>(promotionId);
    if (!(await ref.get())) await ref.set({ ...promo, createdAt: now, createdBy: operator, idempotencyKey } as unknown as Omit<Promotion, 'id'>);
  });
  return { promotionId };
}

/** Switches a promotion on or off (NOT_FOUND for an unknown id); the pricing evaluator skips inactive ones. */
export async function setPromotionActive(promotionId: string, active: boolean, operator: string, now: number): Promise<{ promotionId: string; active: boolean }> {
  return changeConfig(now, async (tx) => {
    const p = await tx.collection('promotions').doc<Promotion>(promotionId).get();
    if (!p) throw fail('NOT_FOUND', 'no such promotion');
    await tx.collection('promotions').doc(promotionId).update({ active, updatedAt: now, updatedBy: operator });
    return { promotionId, active };
  });
}

/**
 * Replaces the risk rule set as a whole (one document, so an order never sees half of a change).
 * Refused with INVALID_ARGUMENT, writing nothing, when `checkRiskRules` refuses it (unknown kinds included).
 * An empty set means no rules at all (not the defaults).
 */
export async function setRiskRules(rules: RiskRule[], operator: string, now: number): Promise<{ rules: number }> {
  const checked = orFail(checkRiskRules(rules));
  await changeConfig(now, (tx) => tx.collection('settings').doc('riskRules').set({ rules: checked, updatedAt: now, updatedBy: operator }));
  return { rules: checked.length };
}

/**
 * The partners (among those the live joint promotions name) the member is dual member of, i.e. linked to
 * through `alliance_links` (a landing from the partner's app, or the partner API confirming them) at or
 * before `now`. One read per partner named; none when no joint promotion is live.
 */
export async function dualMemberOf(userId: string, promotions: readonly Promotion[], now: number): Promise<string[]> {
  const named = [...new Set(promotions.filter((p) => p.requiresPartnerMember !== undefined && promotionLive(p, now)).map((p) => p.requiresPartnerMember!))];
  const links = await Promise.all(named.map((partnerId) => findLink(userId, partnerId)));
  return named.filter((_, i) => links[i] !== null && links[i]!.at <= now);
}

/** The store's shipping rule (`settings/shipping`); no fee when the operator never set one. */
export function shippingRule(): Promise<ShippingRule> {
  return configured('shipping', async () => {
    const doc = await findById<{ feeFen?: number; freeOverFen?: number | null }>('settings', 'shipping');
    return { feeFen: doc?.feeFen ?? 0, ...(doc?.freeOverFen != null ? { freeOverFen: doc.freeOverFen } : {}) };
  });
}

/** The operator's promotions (at most 50, live or not: pricing decides which apply), cached per configuration version. */
export function promotions(): Promise<Promotion[]> {
  return configured('promotions', async () => {
    const { data } = await db().collection('promotions').limit(50).get();
    return data as Promotion[];
  });
}

/**
 * Replaces the shipping rule: `feeFen` per order (0 = none), waived when the goods payable after discounts
 * reach `freeOverFen` (absent = only tiers with free shipping skip it). One document: an order sees all of it.
 */
export async function setShipping(rule: { feeFen: number; freeOverFen?: number }, operator: string, now: number): Promise<{ feeFen: number; freeOverFen: number | null }> {
  await changeConfig(now, (tx) => tx.collection('settings').doc('shipping').set({ feeFen: rule.feeFen, freeOverFen: rule.freeOverFen ?? null, updatedAt: now, updatedBy: operator }));
  return { feeFen: rule.feeFen, freeOverFen: rule.freeOverFen ?? null };
}
