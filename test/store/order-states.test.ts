import type { OrderStatus } from '../../typings/api';
import { paymentExpired, PAYMENT_TIMEOUT_MS, planRefund, transition, type OrderLine, type OrderState } from '../../domain/store/order';

const T = 1_700_000_000_000;
const aLine = (o: Partial<OrderLine> = {}): OrderLine => ({
  skuId: 'sku-a', productId: 'p', title: 't', skuName: 's', cover: '', priceFen: 1000, quantity: 1, lineTotalFen: 1000, discountFen: 0, payableFen: 1000,
  pointsShare: 0, stockPool: 'sku', refunded: false, ...o,
});
const anOrder = (o: Partial<OrderState> = {}): OrderState => ({ status: 'pendingPayment', items: [aLine()], payableFen: 1000, refundedFen: 0, refundFromStatus: null, ...o });

describe('the order state machine', () => {
  it.each<[OrderStatus, string, OrderStatus]>([
    ['pendingPayment', 'pay', 'paid'],
    ['paid', 'ship', 'shipped'],
    ['shipped', 'confirmReceipt', 'completed'],
    ['paid', 'requestRefund', 'refunding'],
    ['completed', 'requestRefund', 'refunding'],
  ])('moves %s on %s to %s', (from, type, to) => {
    const out = transition(anOrder({ status: from }), { type, at: T } as never);
    expect(out).toMatchObject({ ok: true, value: { status: to } });
  });

  it('keeps why an order was cancelled in its own field', () => {
    expect(transition(anOrder(), { type: 'cancel', reason: 'paymentTimeout', at: T })).toEqual({ ok: true, value: { status: 'cancelled', cancelReason: 'paymentTimeout', cancelledAt: T } });
  });

  it.each<[OrderStatus, string]>([
    ['paid', 'cancel'], ['cancelled', 'pay'], ['paid', 'pay'], ['pendingPayment', 'ship'], ['paid', 'confirmReceipt'], ['pendingPayment', 'requestRefund'], ['refunded', 'requestRefund'],
  ])('refuses %s on %s with a reason', (from, type) => {
    const out = transition(anOrder({ status: from }), { type, at: T, reason: 'userCancelled' } as never);
    expect(out).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(out.ok || out.reason).toMatch(/cannot/);
  });

  describe('when a refund succeeds', () => {
    const two = anOrder({ status: 'refunding', refundFromStatus: 'shipped', items: [aLine(), aLine({ skuId: 'sku-b' })], payableFen: 2000 });
    it('ends in refunded when every line is refunded', () => {
      expect(transition(two, { type: 'refundSucceeded', skuIds: ['sku-a', 'sku-b'], refundFen: 2000, at: T })).toMatchObject({ ok: true, value: { status: 'refunded', refundedFen: 2000 } });
    });
    it('goes back where it was when lines remain', () => {
      const out = transition(two, { type: 'refundSucceeded', skuIds: ['sku-a'], refundFen: 1000, at: T });
      expect(out).toMatchObject({ ok: true, value: { status: 'shipped', refundedFen: 1000, refundFromStatus: null } });
    });
  });

  it('says an unpaid order expires 15 minutes after creation, not before', () => {
    expect(paymentExpired({ status: 'pendingPayment', createdAt: T }, T + PAYMENT_TIMEOUT_MS - 1)).toBe(false);
    expect(paymentExpired({ status: 'pendingPayment', createdAt: T }, T + PAYMENT_TIMEOUT_MS)).toBe(true);
    expect(paymentExpired({ status: 'paid', createdAt: T }, T + 10 * PAYMENT_TIMEOUT_MS)).toBe(false);
  });

  describe('planning a refund', () => {
    const order = anOrder({ status: 'paid', items: [aLine({ payableFen: 700, pointsShare: 300 }), aLine({ skuId: 'sku-b', payableFen: 1000, refunded: true })] });
    it('covers every open line by default, with their payable amounts and points', () => {
      expect(planRefund(order)).toMatchObject({ ok: true, value: { skuIds: ['sku-a'], refundFen: 700, pointsBack: 300 } });
    });
    it('refuses a line already refunded and a line not on the order', () => {
      expect(planRefund(order, ['sku-b'])).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
      expect(planRefund(order, ['sku-x'])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    });
  });
});
