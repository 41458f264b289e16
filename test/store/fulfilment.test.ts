/**
 * Fulfilment through the local cloud: shipping with carrier and tracking number, the buyer's shipping
 * message, completion by the order timer 10 days after shipping, and paying later before the deadline.
 */
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';

const cloud = startCloud();
const DAY = 86_400_000;
const orderDoc = (orderId: string) => cloud.docs<Record<string, unknown>>('orders', { _id: orderId })[0];

async function aPaidOrder(buyer: string) {
  const skuId = await aSku(cloud, { priceFen: 8_800 });
  const placed = await cloud.as(buyer).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
  await cloud.pay(placed.payment.outTradeNo);
  return placed;
}

describe('shipping an order', () => {
  it('records carrier, tracking number and time, shown in the order detail', async () => {
    const o = await aPaidOrder('o-ful-ship');
    expect(await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: '中通快递', trackingNo: 'ZT7788990011' })).toEqual({ status: 'shipped' });
    expect(await cloud.as('o-ful-ship').ok('order.detail', { orderId: o.orderId })).toMatchObject({
      status: 'shipped', shipment: { carrier: '中通快递', trackingNo: 'ZT7788990011', shippedAt: expect.any(Number) },
    });
  });

  it.each([
    ['without a tracking number', { carrier: 'SF' }, 'trackingNo'],
    ['with a tracking number that is not one', { carrier: 'SF', trackingNo: 'SF 12 ?' }, 'trackingNo'],
    ['without a carrier', { trackingNo: 'SF1234567' }, 'carrier'],
  ])('%s is INVALID_ARGUMENT naming the field, and nothing is saved', async (_label, fields, field) => {
    const o = await aPaidOrder(`o-ful-bad-${field}-${Math.random()}`);
    const answer = await cloud.admin.call('admin.ship', { orderId: o.orderId, ...fields } as never);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining(field) } });
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'paid', shippedAt: null });
  });

  it('tells the buyer who opted in, once', async () => {
    const o = await aPaidOrder('o-ful-msg');
    expect(await cloud.as('o-ful-msg').ok('order.subscribe', { orderId: o.orderId, templateIds: ['tpl-shipped'] })).toEqual({ subscribed: 1 });
    await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: 'SF0001112223' });
    const sent = cloud.state.outbox.filter((x) => x.api === 'subscribeMessage.send' && (x.data as { page: string }).page.endsWith(o.orderId));
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toMatchObject({ touser: 'o-ful-msg', templateId: 'tpl-shipped' });
    expect(await cloud.as('o-ful-msg').call('order.subscribe', { orderId: o.orderId, templateIds: ['tpl-shipped'] })).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
  });

  it('sends nothing to a buyer who did not opt in', async () => {
    const o = await aPaidOrder('o-ful-quiet');
    await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: 'SF0001112224' });
    expect(cloud.state.outbox.filter((x) => x.api === 'subscribeMessage.send' && (x.data as { page: string }).page.endsWith(o.orderId))).toHaveLength(0);
  });

  it('refuses someone else subscribing to the order', async () => {
    const o = await aPaidOrder('o-ful-own');
    expect(await cloud.as('o-ful-other').call('order.subscribe', { orderId: o.orderId, templateIds: ['t'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('a shipped order the buyer never confirms', () => {
  it('is completed by the order timer 10 days after shipping, not before, once', async () => {
    const o = await aPaidOrder('o-ful-auto');
    await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF5550001' });
    cloud.advance(10 * DAY - 60_000);
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'shipped', completedAt: null });
    cloud.advance(120_000);
    await cloud.host.runTimer('order', 'cancelExpired');
    await cloud.host.runTimer('order', 'cancelExpired');
    expect(orderDoc(o.orderId)).toMatchObject({ status: 'completed', completedBy: 'timer', completedAt: expect.any(Number) });
    // The completion's reactions ran: the commission clock starts from completedAt, and a refund is now an after-sale request.
    expect(await cloud.as('o-ful-auto').ok('order.refund', { orderId: o.orderId, reason: 'x' })).toMatchObject({ status: 'completed', afterSale: { status: 'requested' } });
  });
});

describe('paying later', () => {
  it('answers the deadline and re-issues payment parameters before it', async () => {
    const skuId = await aSku(cloud);
    const o = await cloud.as('o-ful-later').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    const detail = await cloud.as('o-ful-later').ok('order.detail', { orderId: o.orderId });
    expect(detail.payDeadlineAt).toBe((orderDoc(o.orderId).createdAt as number) + 15 * 60_000);
    expect(await cloud.as('o-ful-later').ok('order.pay', { orderId: o.orderId })).toMatchObject({ orderId: o.orderId, payment: { outTradeNo: o.payment.outTradeNo, paySign: expect.any(String) } });
  });

  it('is refused past the deadline even before the timer cancels the order', async () => {
    const skuId = await aSku(cloud);
    const o = await cloud.as('o-ful-late').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    cloud.advance(15 * 60_000 + 1000);
    expect(await cloud.as('o-ful-late').call('order.pay', { orderId: o.orderId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});
