/**
 * Operator configuration of the store as data: promotions (the `promotions` collection, read by
 * `quote()` and evaluated by domain/pricing.ts) and risk rules (`settings/riskRules`, read by
 * server/store-risk.ts). Rules are checked by the pure checkers before anything is written.
 */
import { stableId } from '../domain/ids';
import { checkPromotion, type Promotion, type PromotionKind } from '../domain/pricing';
import { checkRiskRules, type RiskRule } from '../domain/risk';
import { db, transaction } from './db';
import { fail, isDuplicateKey, orFail } from './errors';

export interface PromotionRequest {
  kind: PromotionKind;
  label: string;
  params: Record<string, number>;
  skuIds?: string[];
  startAt?: number;
  endAt?: number;
  active?: boolean;
  idempotencyKey: string;
}

/**
 * Creates a promotion (INVALID_ARGUMENT when `checkPromotion` refuses it; nothing is written). Its id
 * is derived from the idempotency key, so a repeat answers the same promotion and creates nothing.
 */
export async function createPromotion(req: PromotionRequest, operator: string, now: number): Promise<{ promotionId: string }> {
  const promotionId = stableId('promo', req.idempotencyKey);
  const { idempotencyKey, ...fields } = req;
  const promo = orFail(checkPromotion({ id: promotionId, ...fields, active: req.active ?? true }));
  try {
    await db().collection('promotions').add({ data: { _id: promotionId, ...promo, createdAt: now, createdBy: operator, idempotencyKey } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return { promotionId };
}

/** Switches a promotion on or off (NOT_FOUND for an unknown id); the pricing evaluator skips inactive ones. */
export async function setPromotionActive(promotionId: string, active: boolean, operator: string, now: number): Promise<{ promotionId: string; active: boolean }> {
  return transaction(async (tx) => {
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
  await db().collection('settings').doc('riskRules').set({ data: { rules: checked, updatedAt: now, updatedBy: operator } });
  return { rules: checked.length };
}
