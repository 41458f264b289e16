/**
 * The merchant back-office's operator actions (issue 12): after-sales and refunds, products and stock,
 * order search, the dashboard, the withdrawal queue, campaigns, live rooms, partners, staff and settings.
 * Each validates its request (INVALID_ARGUMENT naming the field, nothing written) and is thin: the work is
 * in server/store (aftersales, products, backoffice, campaigns, settings), server/live/admin.ts,
 * server/membership/staff.ts and server/alliance/alliance.ts.
 */
import type { Reward } from '../../domain/points/rights';
import type { Actions } from '../../server/kernel/router';
import { command, db, findById } from '../../server/kernel/db';
import { fail } from '../../server/kernel/errors';
import { id, paging, v } from '../../server/kernel/validate';
import { merchantRefund, reviewRefund } from '../../server/store/aftersales';
import { adminOrderDetail, dashboard, listAfterSales, listAllOrders, listWithdrawals } from '../../server/store/backoffice';
import { listCampaigns, updateCoupon, updateFlashSale, updateGroupCampaign, updatePromotion } from '../../server/store/campaigns';
import { refundLines } from '../../server/store/inputs';
import { adminProductDetail, listAdminProducts, updateProduct, updateSku } from '../../server/store/products';
import { allSettings, rewardView, setNewMemberGift } from '../../server/store/settings';
import { listLiveRooms, updateLiveRoom } from '../../server/live/admin';
import { listStaff } from '../../server/membership/staff';
import { listPartnersForOperators } from '../../server/alliance/alliance';

type BackOffice = 'reviewRefund' | 'refund' | 'updateProduct' | 'updateSku' | 'listProducts' | 'productDetail' | 'listOrders' | 'orderDetail'
  | 'listAfterSales' | 'dashboard' | 'listWithdrawals' | 'listCampaigns' | 'updateGroupCampaign' | 'updateFlashSale' | 'stopFlashSale'
  | 'updateCoupon' | 'updatePromotion' | 'listLiveRooms' | 'updateLiveRoom' | 'listPartners' | 'listStaff' | 'settings' | 'setNewMemberGift' | 'updateReward';

const positiveFen = v.int({ min: 1, max: 100_000_000 });
const delta = v.int({ min: -10_000_000, max: 10_000_000 });
const image = v.string({ max: 500 });
const orderStatus = v.literal('pendingPayment', 'paid', 'shipped', 'completed', 'cancelled', 'refunding', 'refunded');
const liveStatus = v.literal('upcoming', 'live', 'ended');

export const backOfficeAdmin: Pick<Actions<'admin'>, BackOffice> = {
  reviewRefund: {
    input: v.object({ orderId: id, approve: v.boolean(), note: v.optional(v.string({ max: 200 })) }),
    run: (req, ctx) => reviewRefund(req.orderId, { approve: req.approve, note: req.note, by: ctx.caller.openid, at: ctx.now }),
  },
  refund: {
    input: v.object({ orderId: id, reason: v.string({ max: 200 }), skuIds: v.optional(v.array(id, { min: 1, max: 20 })), lines: v.optional(refundLines) }),
    run: (req, ctx) => merchantRefund(req.orderId, req, ctx.caller.openid, ctx.now),
  },
  updateProduct: {
    input: v.object({
      productId: id, title: v.optional(v.string({ max: 100 })), images: v.optional(v.array(image, { min: 1, max: 20 })), categoryId: v.optional(id),
      onShelf: v.optional(v.boolean()), detailImages: v.optional(v.array(image, { max: 30 })),
    }),
    run: (req, ctx) => updateProduct(req, ctx.now),
  },
  updateSku: {
    input: v.object({ skuId: id, priceFen: v.optional(positiveFen), stockDelta: v.optional(delta), name: v.optional(v.string({ max: 50 })) }),
    async run(req, ctx) {
      if (req.priceFen === undefined && !req.stockDelta && req.name === undefined) throw fail('INVALID_ARGUMENT', 'priceFen, stockDelta or name: give at least one change');
      return updateSku(req, ctx.now);
    },
  },
  listProducts: {
    input: v.object({ keyword: v.optional(v.string({ max: 30 })), status: v.optional(v.literal('onShelf', 'offShelf', 'soldOut')), ...paging }),
    run: (req) => listAdminProducts(req),
  },
  productDetail: {
    input: v.object({ productId: id }),
    run: (req) => adminProductDetail(req.productId),
  },
  listOrders: {
    input: v.object({ status: v.optional(orderStatus), keyword: v.optional(v.string({ max: 40 })), ...paging }),
    run: (req) => listAllOrders(req),
  },
  orderDetail: {
    input: v.object({ orderId: id }),
    run: (req) => adminOrderDetail(req.orderId),
  },
  listAfterSales: {
    input: v.object({ status: v.optional(v.literal('requested', 'approved', 'rejected')), ...paging }),
    run: (req) => listAfterSales(req),
  },
  dashboard: {
    input: v.object({}),
    run: (_req, ctx) => dashboard(ctx.now),
  },
  listWithdrawals: {
    input: v.object({ status: v.optional(v.literal('pendingApproval', 'approved', 'rejected')), ...paging }),
    run: (req) => listWithdrawals(req),
  },
  listCampaigns: {
    input: v.object({ kind: v.literal('group', 'flash', 'coupon', 'promotion'), active: v.optional(v.boolean()), ...paging }),
    run: (req) => listCampaigns(req),
  },
  updateGroupCampaign: {
    input: v.object({
      campaignId: id, groupPriceFen: v.optional(positiveFen), groupSize: v.optional(v.int({ min: 2, max: 50 })),
      durationMs: v.optional(v.int({ min: 60_000, max: 7 * 24 * 3600_000 })), stockDelta: v.optional(delta), active: v.optional(v.boolean()),
    }),
    run: (req, ctx) => updateGroupCampaign(req, ctx.now),
  },
  updateFlashSale: {
    input: v.object({
      flashSaleId: id, priceFen: v.optional(positiveFen), stockDelta: v.optional(delta), perUserLimit: v.optional(v.int({ min: 1, max: 1000 })),
      startAt: v.optional(v.time()), endAt: v.optional(v.time()), active: v.optional(v.boolean()),
    }),
    run: (req, ctx) => updateFlashSale(req, ctx.now),
  },
  stopFlashSale: {
    input: v.object({ flashSaleId: id }),
    run: (req, ctx) => updateFlashSale({ flashSaleId: req.flashSaleId, active: false }, ctx.now),
  },
  updateCoupon: {
    input: v.object({
      couponId: id, title: v.optional(v.string({ max: 50 })), totalDelta: v.optional(delta), perUserLimit: v.optional(v.int({ min: 1, max: 1000 })),
      validUntil: v.optional(v.time()), active: v.optional(v.boolean()),
    }),
    run: (req, ctx) => updateCoupon(req, ctx.now),
  },
  updatePromotion: {
    input: v.object({
      promotionId: id, label: v.optional(v.string({ max: 40 })), params: v.optional(v.record({ maxKeys: 5 }) as (value: unknown, path: string) => Record<string, number>),
      skuIds: v.optional(v.array(id, { min: 1, max: 100 })), startAt: v.optional(v.time()), endAt: v.optional(v.time()), active: v.optional(v.boolean()),
    }),
    run: (req, ctx) => updatePromotion(req, ctx.caller.openid, ctx.now),
  },
  listLiveRooms: {
    input: v.object({ status: v.optional(liveStatus), ...paging }),
    run: (req) => listLiveRooms(req),
  },
  updateLiveRoom: {
    input: v.object({ roomId: id, title: v.optional(v.string({ max: 100 })), cover: v.optional(image), hostOpenid: v.optional(v.string({ max: 64 })), productIds: v.optional(v.array(id, { min: 1, max: 50 })) }),
    run: (req, ctx) => updateLiveRoom(req, ctx.caller.openid, ctx.now),
  },
  listPartners: {
    input: v.object({}),
    run: async () => ({ items: await listPartnersForOperators() }),
  },
  listStaff: {
    input: v.object({ storeId: v.optional(id), active: v.optional(v.boolean()), ...paging }),
    run: (req) => listStaff(req),
  },
  settings: {
    input: v.object({}),
    run: () => allSettings(),
  },
  setNewMemberGift: {
    input: v.object({ couponId: v.optional(id) }),
    run: (req, ctx) => setNewMemberGift(req.couponId, ctx.caller.openid, ctx.now),
  },
  updateReward: {
    input: v.object({ rewardId: id, title: v.optional(v.string({ max: 60 })), costPoints: v.optional(v.int({ min: 1, max: 10_000_000 })), stockDelta: v.optional(delta) }),
    async run(req, ctx) {
      const _ = command();
      const patch: Record<string, unknown> = {};
      if (req.title !== undefined) patch.title = req.title;
      if (req.costPoints !== undefined) patch.costPoints = req.costPoints;
      if (Object.keys(patch).length) {
        const res = await db().collection('rewards').doc(req.rewardId).update({ data: { ...patch, updatedAt: ctx.now } });
        if (res.stats.updated === 0 && !(await findById('rewards', req.rewardId))) throw fail('NOT_FOUND', 'no such reward');
      }
      if (req.stockDelta) {
        // One conditional update, like every stock: racing redemptions and restocks all count, never below 0.
        const res = await db().collection('rewards').where({ _id: req.rewardId, stock: _.gte(Math.max(0, -req.stockDelta)) }).update({ data: { stock: _.inc(req.stockDelta) } });
        if (res.stats.updated !== 1) {
          if (!(await findById('rewards', req.rewardId))) throw fail('NOT_FOUND', 'no such reward');
          throw fail('OUT_OF_STOCK', 'stockDelta: removes more than the stock left');
        }
      }
      const reward = await findById<Reward>('rewards', req.rewardId);
      if (!reward) throw fail('NOT_FOUND', 'no such reward');
      return rewardView(reward);
    },
  },
};
