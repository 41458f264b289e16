/** Request shapes the store's actions share (order.create, groupbuy open/join, refunds, the back-office). */
import type { ShippingAddress } from '../../typings/api';
import { id, v, type Check } from '../kernel/validate';

/** Where an order ships: as order.create takes it (from wx.chooseAddress or typed in). */
export const address: Check<ShippingAddress> = v.object({
  name: v.string({ max: 32 }),
  phone: v.string({ min: 5, max: 20, pattern: /^[0-9+\- ]+$/ }),
  region: v.string({ max: 64 }),
  detail: v.string({ max: 200 }),
});

/** Units per line to refund (a partial refund by line and quantity). */
export const refundLines = v.array(v.object({ skuId: id, quantity: v.int({ min: 1, max: 99 }) }), { min: 1, max: 20 });
