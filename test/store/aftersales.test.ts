/**
 * After-sales (售后) through the local cloud: where a member's refund goes (at once, or to the merchant's
 * review), the review itself, two operators reviewing one request at once, and the merchant's own refunds
 * by line and quantity, with stock, points and the order's detail following each one.
 */
import { all, startCloud } from '../support/cloud';
import { aKey, aProduct, aSku, pointsOf, stockOf } from './fixtures';
import { expectLogged } from '../support/quiet-console';

const cloud = startCloud();
const DAY = 86_400_000;
const orderDoc = (orderId: string) => cloud.docs<Record<string, unknown>>('orders', { _id: orderId })[0];
const ship = (orderId: string) => cloud.admin.ok('admin.ship', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' });

async function aPaidOrder(buyer: string, o: { priceFen?: number; quantity?: number; stock?: number } = {}) {
  const skuId = await aSku(cloud, { priceFen: o.priceFen ?? 10_000, stock: o.stock ?? 10 });
  const placed = await cloud.as(buyer).ok('order.create', { items: [{ skuId, quantity: o.quantity ?? 1 }], idempotencyKey: aKey() });
  await cloud.pay(placed.payment.outTradeNo);
  return { skuId, ...placed };
}

describe('a member asking for a refund', () => {
  it('of a paid order not shipped yet is refunded at once, as before', async () => {
    const o = await aPaidOrder('o-as-paid');
    expect(await cloud.as('o-as-paid').ok('order.refund', { orderId: o.orderId, reason: '拍错了' })).toEqual({ status: 'refunding' });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: 10_000 });
    expect(await cloud.as('o-as-paid').ok('order.detail', { orderId: o.orderId })).toMatchObject({ status: 'refunded', refundedFen: 10_000, afterSale: null });
  });

  describe('of a shipped order', () => {
    it('keeps the order shipped with an after-sale request, and moves no money', async () => {
      const o = await aPaidOrder('o-as-ship');
      await ship(o.orderId);
      const answer = await cloud.as('o-as-ship').ok('order.refund', { orderId: o.orderId, reason: '坏了' });
      expect(answer).toMatchObject({ status: 'shipped', afterSale: { status: 'requested', reason: '坏了', note: null, reviewedAt: null, requestedAt: expect.any(Number) } });
      expect(cloud.count('refunds', { orderId: o.orderId })).toBe(0);
      expect(pointsOf(cloud, 'o-as-ship')).toBe(100);
      const detail = await cloud.as('o-as-ship').ok('order.detail', { orderId: o.orderId });
      expect(detail).toMatchObject({ status: 'shipped', afterSale: { status: 'requested' }, refundedFen: 0, shipment: { carrier: '顺丰速运', trackingNo: 'SF1234567890' } });
    });

    it('asked twice is ALREADY_DONE while the first waits', async () => {
      const o = await aPaidOrder('o-as-twice');
      await ship(o.orderId);
      await cloud.as('o-as-twice').ok('order.refund', { orderId: o.orderId, reason: '坏了' });
      expect(await cloud.as('o-as-twice').call('order.refund', { orderId: o.orderId, reason: '还是坏了' })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
    });
  });

  describe('of a completed order', () => {
    it('within 7 days of completion becomes a request', async () => {
      const o = await aPaidOrder('o-as-done');
      await ship(o.orderId);
      await cloud.as('o-as-done').ok('order.confirmReceipt', { orderId: o.orderId });
      expect(await cloud.as('o-as-done').ok('order.refund', { orderId: o.orderId, reason: '质量问题' })).toMatchObject({ status: 'completed', afterSale: { status: 'requested' } });
    });

    it('more than 7 days after completion is INVALID_STATE and writes nothing', async () => {
      const o = await aPaidOrder('o-as-late');
      await ship(o.orderId);
      await cloud.as('o-as-late').ok('order.confirmReceipt', { orderId: o.orderId });
      cloud.advance(7 * DAY + 60_000);
      const before = JSON.stringify(orderDoc(o.orderId));
      expect(await cloud.as('o-as-late').call('order.refund', { orderId: o.orderId, reason: '太晚了' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
      expect(JSON.stringify(orderDoc(o.orderId))).toBe(before);
    });
  });

  it('naming more units than the line has is INVALID_ARGUMENT and records nothing', async () => {
    const o = await aPaidOrder('o-as-units', { quantity: 2 });
    await ship(o.orderId);
    expect(await cloud.as('o-as-units').call('order.refund', { orderId: o.orderId, reason: 'x', lines: [{ skuId: o.skuId, quantity: 3 }] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(orderDoc(o.orderId).afterSale).toBeUndefined();
  });
});

describe('the merchant reviewing an after-sale request', () => {
  async function aRequest(buyer: string, o: { quantity?: number; lines?: { quantity: number } } = {}) {
    const order = await aPaidOrder(buyer, { quantity: o.quantity ?? 1 });
    await ship(order.orderId);
    await cloud.as(buyer).ok('order.refund', { orderId: order.orderId, reason: '破损', ...(o.lines ? { lines: [{ skuId: order.skuId, quantity: o.lines.quantity }] } : {}) });
    return order;
  }

  it('approving it refunds the order: stock and points come back', async () => {
    const o = await aRequest('o-rv-ok');
    const answer = await cloud.admin.ok('admin.reviewRefund', { orderId: o.orderId, approve: true, note: '同意退款' });
    expect(answer).toMatchObject({ afterSale: { status: 'approved', note: '同意退款', reviewedAt: expect.any(Number) } });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: 10_000 });
    expect(stockOf(cloud, o.skuId)).toBe(10);
    expect(pointsOf(cloud, 'o-rv-ok')).toBe(0);
    expect(await cloud.as('o-rv-ok').ok('order.counts', {})).toMatchObject({ afterSale: 0, toReceive: 0 });
  });

  it('approving a request for some units refunds just those units', async () => {
    const o = await aRequest('o-rv-part', { quantity: 3, lines: { quantity: 1 } });
    await cloud.admin.ok('admin.reviewRefund', { orderId: o.orderId, approve: true });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'shipped', refundedFen: 10_000 });
    expect(stockOf(cloud, o.skuId)).toBe(8);
    expect(await cloud.as('o-rv-part').ok('order.detail', { orderId: o.orderId })).toMatchObject({ refundedQuantities: { [o.skuId]: 1 } });
  });

  it('rejecting it keeps the order as it was, with the note', async () => {
    const o = await aRequest('o-rv-no');
    const answer = await cloud.admin.ok('admin.reviewRefund', { orderId: o.orderId, approve: false, note: '已超出退货条件' });
    expect(answer).toMatchObject({ status: 'shipped', afterSale: { status: 'rejected', note: '已超出退货条件' } });
    expect(cloud.count('refunds', { orderId: o.orderId })).toBe(0);
    expect(await cloud.as('o-rv-no').ok('order.detail', { orderId: o.orderId })).toMatchObject({ status: 'shipped', afterSale: { status: 'rejected', note: '已超出退货条件' } });
  });

  it('with no request waiting is INVALID_STATE', async () => {
    const o = await aPaidOrder('o-rv-none');
    expect(await cloud.admin.call('admin.reviewRefund', { orderId: o.orderId, approve: true })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('is for operators only', async () => {
    const o = await aRequest('o-rv-forbid');
    expect(await cloud.as('o-rv-forbid').call('admin.reviewRefund', { orderId: o.orderId, approve: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'shipped', afterSaleStatus: 'requested' });
  });

  describe('when five operators approve one request at once', () => {
    it('refunds it once', async () => {
      const o = await aRequest('o-rv-race', { quantity: 2 });
      const answers = await all(5, () => cloud.admin.call('admin.reviewRefund', { orderId: o.orderId, approve: true }));
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['ALREADY_DONE', 'ALREADY_DONE', 'ALREADY_DONE', 'ALREADY_DONE']);
      expect(cloud.count('refunds', { orderId: o.orderId })).toBe(1);
      expect(cloud.state.payment(o.payment.outTradeNo)?.refunds).toHaveLength(1);
      expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: 20_000 });
      expect(stockOf(cloud, o.skuId)).toBe(10);
    });
  });
});

describe('the merchant refunding at once (admin.refund)', () => {
  it('refunds a shipped order in full', async () => {
    const o = await aPaidOrder('o-mr-full');
    await ship(o.orderId);
    expect(await cloud.admin.ok('admin.refund', { orderId: o.orderId, reason: '缺货' })).toEqual({ status: 'refunding', refundedFen: 10_000 });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded' });
  });

  it('refunds by line and quantity; the parts sum to what was paid, stock and points follow each', async () => {
    const { skus } = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 3_333, stock: 10 }, { name: 'b', priceFen: 1_000, stock: 10 }] });
    const [a, b] = skus.map((s) => s.skuId);
    const o = await cloud.as('o-mr-part').ok('order.create', { items: [{ skuId: a, quantity: 3 }, { skuId: b, quantity: 1 }], idempotencyKey: aKey() });
    await cloud.pay(o.payment.outTradeNo);
    expect(pointsOf(cloud, 'o-mr-part')).toBe(109);
    await cloud.admin.ok('admin.refund', { orderId: o.orderId, reason: '少发一件', lines: [{ skuId: a, quantity: 1 }] });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'paid', refundedFen: 3_333 });
    expect(stockOf(cloud, a)).toBe(8);
    await cloud.admin.ok('admin.refund', { orderId: o.orderId, reason: '再退一件', lines: [{ skuId: a, quantity: 1 }] });
    await cloud.admin.ok('admin.refund', { orderId: o.orderId, reason: '全退', skuIds: [a, b] });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: o.payableFen });
    expect([stockOf(cloud, a), stockOf(cloud, b)]).toEqual([10, 10]);
    expect(pointsOf(cloud, 'o-mr-part')).toBe(0);
    expect(cloud.state.payment(o.payment.outTradeNo)?.refunds.map((r) => r.refundFee)).toEqual([3_333, 3_333, 3_333 + 1_000]);
  });

  it('approves a request that was waiting', async () => {
    const o = await aPaidOrder('o-mr-req');
    await ship(o.orderId);
    await cloud.as('o-mr-req').ok('order.refund', { orderId: o.orderId, reason: '坏了' });
    await cloud.admin.ok('admin.refund', { orderId: o.orderId, reason: '直接退' });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', afterSaleStatus: 'approved' });
  });

  it('of an unpaid order is INVALID_STATE', async () => {
    const skuId = await aSku(cloud);
    const o = await cloud.as('o-mr-unpaid').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    expect(await cloud.admin.call('admin.refund', { orderId: o.orderId, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});

describe('when the call dies between the refund\'s transaction and the request to WeChat Pay', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as { cloudPay: { refund: (data: Record<string, unknown>) => Promise<Record<string, unknown>> } };

  it('the order timer asks again after 5 minutes and the refund settles once', async () => {
    const o = await aPaidOrder('o-as-crash');
    await ship(o.orderId);
    await cloud.as('o-as-crash').ok('order.refund', { orderId: o.orderId, reason: '坏了' });
    const real = sdk.cloudPay;
    sdk.cloudPay = new Proxy(real, { get: (t, k) => (k === 'refund' ? async () => { throw new Error('socket hang up'); } : (t as Record<string | symbol, unknown>)[k]) });
    expectLogged('error', /\[admin\.reviewRefund\] internal error[\s\S]*socket hang up/);
    try {
      expect(await cloud.admin.call('admin.reviewRefund', { orderId: o.orderId, approve: true })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      sdk.cloudPay = real;
    }
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunding', afterSaleStatus: 'approved' });
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunding' }); // too early to ask again
    cloud.advance(5 * 60_000 + 1000);
    await cloud.host.runTimer('order', 'cancelExpired');
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'refunded', refundedFen: 10_000 });
    expect(cloud.state.payment(o.payment.outTradeNo)?.refunds).toHaveLength(1);
    expect(stockOf(cloud, o.skuId)).toBe(10);
  });
});
