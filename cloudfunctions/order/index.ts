/**
 * order: preview, create (reserve, pay, idempotent), detail, list, cancel, confirm receipt, refund.
 * Its timer cancels orders still unpaid 15 minutes after creation, giving back stock, coupon and points.
 */
import { defineFunction } from '../../server/kernel/router';
import { sweepHolds } from '../../server/store/holds';
import { cancelExpiredOrders, cancelOrder, confirmReceipt, listOrders, orderCounts, orderDetail, payLater, retryLatePaymentRefunds, placeOrder, quote, toBreakdown } from '../../server/store/orders';
import { memberRefund, retryStuckRefunds } from '../../server/store/aftersales';
import { completeShippedOrders, subscribeToShipping } from '../../server/store/fulfilment';
import { takeOrderedFromCart, type CartDoc } from '../../server/store/cart';
import { ensureUserWithConfig, userIdFor } from '../../server/membership/users';
import { id, idempotencyKey, paging, v } from '../../server/kernel/validate';
import { findById, readAhead } from '../../server/kernel/db';
import { address, refundLines } from '../../server/store/inputs';

const items = v.array(v.object({ skuId: id, quantity: v.int({ min: 1, max: 99 }) }), { min: 1, max: 20 });
const pointsToUse = v.optional(v.int({ min: 0, max: 100_000_000 }));
const status = v.literal('pendingPayment', 'paid', 'shipped', 'completed', 'cancelled', 'refunding', 'refunded');

export const main = defineFunction('order', {
  preview: {
    input: v.object({ items, couponId: v.optional(id), pointsToUse, flashSaleId: v.optional(id) }),
    async run(req, ctx) {
      const { priced } = await quote({ userId: userIdFor(ctx.caller.openid), lines: req.items, ...req }, ctx.now);
      return toBreakdown(priced);
    },
  },
  create: {
    input: v.object({
      items, couponId: v.optional(id), pointsToUse, flashSaleId: v.optional(id), liveRoomId: v.optional(id),
      region: v.optional(v.string({ max: 32 })), address: v.optional(address), fromCart: v.optional(v.boolean()), idempotencyKey,
    }),
    async run(req, ctx) {
      // The member is read together with everything else the placement reads first (see placeOrder).
      const userId = userIdFor(ctx.caller.openid);
      const memberRead = readAhead(ensureUserWithConfig(ctx.caller, ctx.now));
      // The cart is read alongside, so that taking the ordered lines out afterwards is one request.
      const cartRead = req.fromCart ? readAhead(findById<CartDoc>('carts', userId)) : null;
      const placed = await placeOrder({ ...req, userId, memberRead, openid: ctx.caller.openid, lines: req.items, now: ctx.now });
      // Once the order exists its lines leave the cart (idempotent per order: a repeat takes nothing twice).
      if (cartRead) {
        const member = await memberRead();
        await takeOrderedFromCart(member._id, placed.orderId, req.items, ctx.now, member._id === userId ? await cartRead() : undefined);
      }
      return placed;
    },
  },
  detail: {
    input: v.object({ orderId: id }),
    run: (req, ctx) => orderDetail(req.orderId, userIdFor(ctx.caller.openid)),
  },
  pay: {
    input: v.object({ orderId: id }),
    run: (req, ctx) => payLater(req.orderId, userIdFor(ctx.caller.openid), ctx.now),
  },
  list: {
    input: v.object({ status: v.optional(status), afterSale: v.optional(v.boolean()), ...paging }),
    run: (req, ctx) => listOrders(userIdFor(ctx.caller.openid), req),
  },
  cancel: {
    input: v.object({ orderId: id }),
    async run(req, ctx) {
      const order = await cancelOrder(req.orderId, 'userCancelled', ctx.now, userIdFor(ctx.caller.openid));
      return { status: order.status };
    },
  },
  confirmReceipt: {
    input: v.object({ orderId: id }),
    async run(req, ctx) {
      return { status: await confirmReceipt(req.orderId, userIdFor(ctx.caller.openid), ctx.now) };
    },
  },
  counts: {
    input: v.object({}),
    run: (_req, ctx) => orderCounts(userIdFor(ctx.caller.openid)),
  },
  subscribe: {
    input: v.object({ orderId: id, templateIds: v.array(v.string({ max: 64 }), { min: 1, max: 3 }) }),
    run: (req, ctx) => subscribeToShipping({ userId: userIdFor(ctx.caller.openid), openid: ctx.caller.openid }, req.orderId, req.templateIds, ctx.now),
  },
  refund: {
    input: v.object({ orderId: id, reason: v.string({ max: 200 }), skuIds: v.optional(v.array(id, { min: 1, max: 20 })), lines: v.optional(refundLines) }),
    run: (req, ctx) => memberRefund(req.orderId, userIdFor(ctx.caller.openid), req.reason, req.skuIds, req.lines, ctx.now),
  },
}, {
  timers: {
    cancelExpired: async ({ now }) => ({ ...(await cancelExpiredOrders(now)), lateRefundsAsked: await retryLatePaymentRefunds(now), refundsAskedAgain: await retryStuckRefunds(now), ...(await completeShippedOrders(now)) }),
    // Gives back what crashed or timed-out placements and coupon claims took and nothing owns.
    sweepHolds: async ({ now }) => sweepHolds(now),
  },
});
