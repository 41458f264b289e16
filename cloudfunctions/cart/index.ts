/** cart: the member's server-side cart; lines are priced from current SKU data on every answer. */
import { MAX_LINE_QUANTITY } from '../../domain/store/catalog';
import { defineFunction } from '../../server/kernel/router';
import { addCartLine, listCart, removeCartLines, updateCart } from '../../server/store/cart';
import { userIdFor } from '../../server/membership/users';
import { id, v } from '../../server/kernel/validate';

const quantity = v.int({ min: 1, max: MAX_LINE_QUANTITY });

export const main = defineFunction('cart', {
  list: {
    input: v.object({}),
    run: (_req, ctx) => listCart(userIdFor(ctx.caller.openid)),
  },
  add: {
    input: v.object({ skuId: id, quantity }),
    run: (req, ctx) => addCartLine(userIdFor(ctx.caller.openid), req.skuId, req.quantity, ctx.now),
  },
  update: {
    // quantity 0 removes the line.
    input: v.object({ skuId: id, quantity: v.optional(v.int({ min: 0, max: MAX_LINE_QUANTITY })), selected: v.optional(v.boolean()) }),
    run: (req, ctx) => updateCart(userIdFor(ctx.caller.openid), req, ctx.now),
  },
  remove: {
    input: v.object({ skuIds: v.array(id, { min: 1, max: 50 }) }),
    run: (req, ctx) => removeCartLines(userIdFor(ctx.caller.openid), req.skuIds, ctx.now),
  },
});
