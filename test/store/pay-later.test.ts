/**
 * Paying later and shipping addresses: an unpaid order can be paid from another device or after a
 * restart, and the address the buyer chose travels with the order.
 */
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';

const cloud = startCloud();
const alice = cloud.as('o-paylater-alice');
const bob = cloud.as('o-paylater-bob');
const home = { name: '张三', phone: '13800138000', region: '上海市 徐汇区', detail: '漕溪北路 1 号' };

describe('an order with a shipping address', () => {
  it('keeps the address and shows it in the detail', async () => {
    const skuId = await aSku(cloud, { priceFen: 2500 });
    const { orderId } = await alice.ok('order.create', { items: [{ skuId, quantity: 1 }], address: home, idempotencyKey: aKey() });
    expect((await alice.ok('order.detail', { orderId })).address).toEqual(home);
  });

  it('refuses a malformed address and writes nothing', async () => {
    const skuId = await aSku(cloud);
    const before = cloud.count('orders');
    const out = await alice.call('order.create', { items: [{ skuId, quantity: 1 }], address: { ...home, phone: 'call me' }, idempotencyKey: aKey() });
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('orders')).toBe(before);
  });
});

describe('paying an order later', () => {
  it('gives fresh payment parameters for the same outTradeNo and amount, and the payment then lands', async () => {
    const skuId = await aSku(cloud, { priceFen: 3300 });
    const created = await alice.ok('order.create', { items: [{ skuId, quantity: 2 }], idempotencyKey: aKey() });
    const later = await alice.ok('order.pay', { orderId: created.orderId });
    expect(later.payment.outTradeNo).toBe(created.payment.outTradeNo);
    expect(later.payment.package).toMatch(/^prepay_id=/);
    expect(cloud.state.payment(created.payment.outTradeNo)?.totalFee).toBe(6600);
    await cloud.pay(later.payment.outTradeNo);
    expect((await alice.ok('order.detail', { orderId: created.orderId })).status).toBe('paid');
    expect(await alice.call('order.pay', { orderId: created.orderId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it("answers NOT_FOUND for someone else's order", async () => {
    const skuId = await aSku(cloud);
    const { orderId } = await alice.ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    expect(await bob.call('order.pay', { orderId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
