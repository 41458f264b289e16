/** Payment and refund notifications, the payment timeout, and the order's later life, through the local cloud. */
import { all, startCloud } from '../support/cloud';
import { aCoupon, aFlashSale, aKey, aProduct, aSku, pointsOf, stockOf } from './fixtures';
import { expectLogged } from '../support/quiet-console';

const cloud = startCloud();
const orderDoc = (orderId: string) => cloud.docs<Record<string, unknown>>('orders', { _id: orderId })[0];
const userOf = (openid: string) => cloud.docs<{ _id: string; lifetimeSpendFen: number }>('users', { openid })[0];

async function anOrder(openid: string, o: { priceFen?: number; quantity?: number; stock?: number } = {}) {
  const skuId = await aSku(cloud, { priceFen: o.priceFen ?? 12_800, stock: o.stock ?? 10 });
  const placed = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: o.quantity ?? 1 }], idempotencyKey: aKey() });
  return { skuId, ...placed };
}

/** WeChat Pay's notification with a chosen amount (what a forged or garbled notification looks like). */
async function notifyWithAmount(outTradeNo: string, totalFee: number) {
  const p = cloud.state.payment(outTradeNo)!;
  cloud.state.savePayment({ ...p, totalFee });
  try {
    return await cloud.pay(outTradeNo);
  } finally {
    cloud.state.savePayment({ ...cloud.state.payment(outTradeNo)!, totalFee: p.totalFee, state: 'NOTPAY' });
  }
}

describe('the payment notification', () => {
  it('marks the order paid, credits 1 point per whole yuan and adds to lifetime spend', async () => {
    const o = await anOrder('o-payer', { priceFen: 12_850 });
    expect(await cloud.pay(o.payment.outTradeNo)).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'paid' });
    expect(pointsOf(cloud, 'o-payer')).toBe(128);
    expect(userOf('o-payer').lifetimeSpendFen).toBe(12_850);
  });

  describe('when it arrives five times, two of them at once', () => {
    it('pays the order once and credits the points once', async () => {
      const o = await anOrder('o-dup');
      await all(2, () => cloud.pay(o.payment.outTradeNo));
      for (let i = 0; i < 3; i++) expect(await cloud.pay(o.payment.outTradeNo)).toEqual({ errcode: 0, errmsg: 'OK' });
      expect(pointsOf(cloud, 'o-dup')).toBe(128);
      expect(cloud.count('points_entries', { refId: o.orderId })).toBe(1);
      // The notification that paid it is recorded once, on the order (the repeats are recognised by it).
      expect(cloud.count('payments', { orderId: o.orderId })).toBe(0);
      expect(orderDoc(o.orderId)).toMatchObject({ paidNotice: expect.any(String), transactionId: expect.any(String) });
      expect(userOf('o-dup').lifetimeSpendFen).toBe(12_800);
    });
  });

  describe('with an amount that is not the order\'s payable amount', () => {
    it('is refused and changes nothing', async () => {
      expectLogged('error', /notification refused: amountMismatch/);
      const o = await anOrder('o-forged');
      const before = ['payments', 'points_entries', 'refunds'].map((c) => cloud.count(c));
      expect(await notifyWithAmount(o.payment.outTradeNo, 1)).toMatchObject({ errcode: -1 });
      expect(orderDoc(o.orderId)).toMatchObject({ status: 'pendingPayment', paidAt: null });
      expect(['payments', 'points_entries', 'refunds'].map((c) => cloud.count(c))).toEqual(before);
      expect(pointsOf(cloud, 'o-forged')).toBe(0);
    });
  });

  it('that reports a failed payment leaves the order waiting for payment', async () => {
    const o = await anOrder('o-fail');
    expect(await cloud.pay(o.payment.outTradeNo, 'FAIL')).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'pendingPayment' });
  });

  describe('when it arrives after the order was cancelled', () => {
    it('refunds the payment in full and leaves the order cancelled without points', async () => {
      const o = await anOrder('o-slow');
      await cloud.as('o-slow').ok('order.cancel', { orderId: o.orderId });
      expect(await cloud.pay(o.payment.outTradeNo)).toEqual({ errcode: 0, errmsg: 'OK' });
      expect(orderDoc(o.orderId)).toMatchObject({ status: 'cancelled', cancelReason: 'userCancelled' });
      expect(cloud.state.payment(o.payment.outTradeNo)?.refunds).toEqual([expect.objectContaining({ refundFee: 12_800 })]);
      expect(cloud.docs('refunds', { orderId: o.orderId })).toEqual([expect.objectContaining({ kind: 'latePayment', status: 'succeeded', refundFen: 12_800 })]);
      expect(pointsOf(cloud, 'o-slow')).toBe(0);
      expect(stockOf(cloud, o.skuId)).toBe(10);
      // A repeat of that notification asks for nothing more.
      await cloud.pay(o.payment.outTradeNo);
      expect(cloud.state.payment(o.payment.outTradeNo)?.refunds).toHaveLength(1);
    });
  });
});

describe('the payment timeout', () => {
  it('cancels an order unpaid after 15 minutes and gives back stock, flash-sale stock, coupon and points', async () => {
    // Earn 300 points first.
    const earn = await anOrder('o-idle', { priceFen: 30_000 });
    await cloud.pay(earn.payment.outTradeNo);
    const { skus } = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 10_000, stock: 5 }, { name: 'b', priceFen: 1990, stock: 5 }] });
    const flashSaleId = await aFlashSale(cloud, skus[1].skuId, { stock: 3, perUserLimit: 1 });
    const couponId = await aCoupon(cloud, { discountFen: 1000, minSpendFen: 5000 });
    await cloud.as('o-idle').ok('coupon.claim', { couponId });
    const o = await cloud.as('o-idle').ok('order.create', { items: [{ skuId: skus[0].skuId, quantity: 2 }, { skuId: skus[1].skuId, quantity: 1 }], flashSaleId, couponId, pointsToUse: 200, idempotencyKey: aKey() });
    expect(o.payableFen).toBe(20_000 + 990 - 1000 - 200);
    expect([stockOf(cloud, skus[0].skuId), pointsOf(cloud, 'o-idle')]).toEqual([3, 100]);

    cloud.advance(14 * 60_000);
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'pendingPayment' });

    cloud.advance(60_000);
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'cancelled', cancelReason: 'paymentTimeout' });
    expect(stockOf(cloud, skus[0].skuId)).toBe(5);
    expect(stockOf(cloud, skus[1].skuId)).toBe(5);
    expect(cloud.docs('flash_sales', { _id: flashSaleId })[0]).toMatchObject({ stock: 3 });
    expect(cloud.docs('flash_purchases', { flashSaleId })[0]).toMatchObject({ quantity: 0 });
    expect((await cloud.as('o-idle').ok('coupon.mine', {})).items).toEqual([expect.objectContaining({ couponId, used: false })]);
    expect(pointsOf(cloud, 'o-idle')).toBe(300);

    // The coupon really is usable again.
    cloud.advance(60_000);
    await cloud.as('o-idle').ok('order.create', { items: [{ skuId: skus[0].skuId, quantity: 1 }], couponId, idempotencyKey: aKey() });
  });

  it('does not cancel an order paid in time', async () => {
    const o = await anOrder('o-ontime');
    cloud.advance(10 * 60_000);
    await cloud.pay(o.payment.outTradeNo);
    cloud.advance(10 * 60_000);
    await cloud.tick();
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'paid' });
  });
});

describe('after payment', () => {
  it('goes paid → shipped → completed, recording completedAt', async () => {
    const o = await anOrder('o-life');
    await cloud.pay(o.payment.outTradeNo);
    expect(await cloud.as('o-life').call('order.confirmReceipt', { orderId: o.orderId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await cloud.as('o-life').call('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF100200300' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF100200300' })).toEqual({ status: 'shipped' });
    expect(await cloud.as('o-life').ok('order.confirmReceipt', { orderId: o.orderId })).toEqual({ status: 'completed' });
    expect(orderDoc(o.orderId).completedAt).toEqual(expect.any(Number));
  });

  it('cannot be cancelled', async () => {
    const o = await anOrder('o-nocancel');
    await cloud.pay(o.payment.outTradeNo);
    expect(await cloud.as('o-nocancel').call('order.cancel', { orderId: o.orderId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  describe('a refund', () => {
    it('of a completed order ends in refunded, returns the stock and takes the points back', async () => {
      const o = await anOrder('o-refund', { quantity: 2 });
      await cloud.pay(o.payment.outTradeNo);
      await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF100200300' });
      await cloud.as('o-refund').ok('order.confirmReceipt', { orderId: o.orderId });
      expect(pointsOf(cloud, 'o-refund')).toBe(256);
      // Completed: an after-sale request the merchant approves.
      await cloud.as('o-refund').ok('order.refund', { orderId: o.orderId, reason: '不想要了' });
      await cloud.admin.ok('admin.reviewRefund', { orderId: o.orderId, approve: true });
      expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: 25_600 });
      expect(stockOf(cloud, o.skuId)).toBe(10);
      expect(pointsOf(cloud, 'o-refund')).toBe(0);
      expect(userOf('o-refund').lifetimeSpendFen).toBe(0);
      expect(await cloud.as('o-refund').call('order.refund', { orderId: o.orderId, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    });

    it('of some lines returns only their stock and goes back to where the order was', async () => {
      const { skus } = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 5_000, stock: 5 }, { name: 'b', priceFen: 3_000, stock: 5 }] });
      const o = await cloud.as('o-part').ok('order.create', { items: [{ skuId: skus[0].skuId, quantity: 1 }, { skuId: skus[1].skuId, quantity: 2 }], idempotencyKey: aKey() });
      await cloud.pay(o.payment.outTradeNo);
      expect(pointsOf(cloud, 'o-part')).toBe(110);
      await cloud.as('o-part').ok('order.refund', { orderId: o.orderId, reason: '一件有破损', skuIds: [skus[1].skuId] });
      expect(orderDoc(o.orderId)).toMatchObject({ status: 'paid', refundedFen: 6_000 });
      expect([stockOf(cloud, skus[0].skuId), stockOf(cloud, skus[1].skuId)]).toEqual([4, 5]);
      expect(pointsOf(cloud, 'o-part')).toBe(50);
      await cloud.as('o-part').ok('order.refund', { orderId: o.orderId, reason: '都不要了' });
      expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: 11_000 });
      expect(pointsOf(cloud, 'o-part')).toBe(0);
      expect(cloud.state.payment(o.payment.outTradeNo)?.refunds.map((r) => r.refundFee)).toEqual([6_000, 5_000]);
    });

    it('of an unpaid order is refused with INVALID_STATE', async () => {
      const o = await anOrder('o-unpaid');
      expect(await cloud.as('o-unpaid').call('order.refund', { orderId: o.orderId, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    });

    it('notified twice settles once', async () => {
      const o = await anOrder('o-refund-dup');
      await cloud.pay(o.payment.outTradeNo);
      await cloud.as('o-refund-dup').ok('order.refund', { orderId: o.orderId, reason: 'x' });
      const r = cloud.state.payment(o.payment.outTradeNo)!.refunds[0];
      const again = await cloud.host.invoke('pay', { returnCode: 'SUCCESS', refundStatus: 'SUCCESS', outTradeNo: o.payment.outTradeNo, outRefundNo: r.outRefundNo, refundFee: r.refundFee, totalFee: o.payableFen }, { source: 'wx_paycallback' });
      expect(again).toEqual({ errcode: 0, errmsg: 'OK' });
      expect(stockOf(cloud, o.skuId)).toBe(10);
      expect(userOf('o-refund-dup').lifetimeSpendFen).toBe(0);
    });
  });
});
