/**
 * What distribution (分销) does when an order changes: commission accrues on payment, its settlement window
 * starts on completion, and a refund reverses it (or claws it back once settled). Runs inside the order's
 * transaction (server/store/order-effects.ts).
 */
import type { OrderEffect } from '../store/order-doc';
import { accrueForOrder, reverseForRefund, startSettleWindow } from './commission';

export const commissionEffects: OrderEffect = {
  name: 'distribution.commission',
  paid: async (tx, order, now) => { await accrueForOrder(tx, order, now); },
  completed: startSettleWindow,
  refunded: (tx, order, now, refund) => reverseForRefund(tx, order, refund, now),
};
