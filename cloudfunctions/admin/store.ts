/** Operator actions of the store feature (served by the admin function; operators only). */
import type { Req } from '../../typings/api';
import type { Actions } from '../../server/kernel/router';
import { createPromotion, setPromotionActive, setRiskRules, setShipping } from '../../server/store/promotions';
import { shipOrder } from '../../server/store/fulfilment';
import { createCategory, createFlashSale, createProduct } from '../../server/store/catalog';
import { createCoupon } from '../../server/store/coupons';
import { id, idempotencyKey, v, type Check } from '../../server/kernel/validate';

const fen = v.int({ min: 0, max: 100_000_000 });
const positiveFen = v.int({ min: 1, max: 100_000_000 });
const count = v.int({ min: 0, max: 10_000_000 });
const time = v.time();

// Params are checked per kind by domain/store/pricing.ts `checkPromotion` and domain/store/risk.ts `checkRiskRules` (integers, known keys).
const params = v.record({ maxKeys: 5 }) as Check<Record<string, number>>;

const promotionInput = v.object({
  kind: v.literal('fullReduction', 'percentage', 'fixed'),
  label: v.string({ max: 40 }),
  params,
  skuIds: v.optional(v.array(id, { min: 1, max: 100 })),
  startAt: v.optional(time),
  endAt: v.optional(time),
  active: v.optional(v.boolean()),
  requiresPartnerMember: v.optional(id),
  idempotencyKey,
}) as Check<Req<'admin.createPromotion'>>;

const riskRule = v.object({ id, kind: v.string({ max: 64 }), params, action: v.literal('block', 'review'), enabled: v.optional(v.boolean()) });

export const storeAdmin: Pick<Actions<'admin'>, 'createCategory' | 'createProduct' | 'createFlashSale' | 'createCoupon' | 'ship' | 'createPromotion' | 'setPromotionActive' | 'setRiskRules' | 'setShipping'> = {
  createCategory: {
    input: v.object({ name: v.string({ max: 32 }), icon: v.optional(v.string({ max: 500 })), sort: v.optional(v.int({ min: -1_000_000, max: 1_000_000 })) }),
    run: (req, ctx) => createCategory(req, ctx.now),
  },
  createProduct: {
    input: v.object({
      title: v.string({ max: 100 }),
      categoryId: v.optional(id),
      images: v.optional(v.array(v.string({ max: 500 }), { max: 20 })),
      skus: v.array(v.object({ name: v.string({ max: 50 }), priceFen: positiveFen, stock: count }), { min: 1, max: 50 }),
    }),
    run: (req, ctx) => createProduct(req, ctx.now),
  },
  createFlashSale: {
    input: v.object({ skuId: id, priceFen: positiveFen, stock: count, perUserLimit: v.int({ min: 1, max: 1000 }), startAt: time, endAt: time }),
    run: (req, ctx) => createFlashSale(req, ctx.now),
  },
  createCoupon: {
    input: v.object({ title: v.string({ max: 50 }), discountFen: positiveFen, minSpendFen: fen, total: v.int({ min: 1, max: 10_000_000 }), perUserLimit: v.int({ min: 1, max: 1000 }), validUntil: time }),
    run: (req, ctx) => createCoupon(req, ctx.now),
  },
  createPromotion: {
    input: promotionInput,
    run: (req, ctx) => createPromotion(req, ctx.caller.openid, ctx.now),
  },
  setPromotionActive: {
    input: v.object({ promotionId: id, active: v.boolean() }),
    run: (req, ctx) => setPromotionActive(req.promotionId, req.active, ctx.caller.openid, ctx.now),
  },
  setRiskRules: {
    input: v.object({ rules: v.array(riskRule, { max: 50 }) }),
    run: (req, ctx) => setRiskRules(req.rules, ctx.caller.openid, ctx.now),
  },
  setShipping: {
    input: v.object({ feeFen: v.int({ min: 0, max: 1_000_000 }), freeOverFen: v.optional(v.int({ min: 1, max: 100_000_000 })) }),
    run: (req, ctx) => setShipping(req, ctx.caller.openid, ctx.now),
  },
  ship: {
    input: v.object({ orderId: id, carrier: v.string({ max: 32 }), trackingNo: v.string({ min: 4, max: 40, pattern: /^[A-Za-z0-9-]+$/ }) }),
    async run(req, ctx) {
      return { status: await shipOrder(req.orderId, req, ctx.now) };
    },
  },
};
