/**
 * The shopper's journeys through the local cloud: checkout from the cart (the ordered lines leave it),
 * the order tabs' counts, the coupon centre and catalog search.
 */
import { startCloud } from '../support/cloud';
import { aCoupon, aKey, aProduct, aSku } from './fixtures';

const cloud = startCloud();

describe('ordering from the cart', () => {
  it('takes the ordered lines out of the cart once the order exists, and only those', async () => {
    const [a, b, c] = [await aSku(cloud), await aSku(cloud), await aSku(cloud)];
    const me = cloud.as('o-cart-buyer');
    await me.ok('cart.add', { skuId: a, quantity: 2 });
    await me.ok('cart.add', { skuId: b, quantity: 3 });
    await me.ok('cart.add', { skuId: c, quantity: 1 });
    const key = aKey('cart');
    const order = await me.ok('order.create', { items: [{ skuId: a, quantity: 2 }, { skuId: b, quantity: 1 }], fromCart: true, idempotencyKey: key });
    const cart = await me.ok('cart.list', {});
    expect(cart.items.map((l) => [l.skuId, l.quantity]).sort()).toEqual([[b, 2], [c, 1]].sort());
    // A repeated create (same key) answers the same order and takes nothing twice.
    expect(await me.ok('order.create', { items: [{ skuId: a, quantity: 2 }, { skuId: b, quantity: 1 }], fromCart: true, idempotencyKey: key })).toEqual(order);
    expect((await me.ok('cart.list', {})).items.map((l) => [l.skuId, l.quantity]).sort()).toEqual([[b, 2], [c, 1]].sort());
  });

  it('keeps what another device adds to the cart while the order is being placed', async () => {
    const a = await aSku(cloud, { stock: 100 });
    const me = cloud.as('o-cart-two-devices');
    await me.ok('cart.add', { skuId: a, quantity: 50 });
    const added: string[] = [];
    for (let round = 0; round < 8; round++) {
      const other = await aSku(cloud);
      added.push(other);
      // The cart is read with the placement's first reads and changed after it: the add lands in between.
      await Promise.all([
        me.ok('order.create', { items: [{ skuId: a, quantity: 1 }], fromCart: true, idempotencyKey: aKey('two-devices') }),
        me.ok('cart.add', { skuId: other, quantity: 1 }),
      ]);
    }
    const cart = (await me.ok('cart.list', {})).items;
    expect(cart.find((l) => l.skuId === a)?.quantity).toBe(50 - 8);
    expect(cart.filter((l) => added.includes(l.skuId)).map((l) => l.skuId).sort()).toEqual([...added].sort());
  });

  it('leaves the cart alone when the order is refused', async () => {
    const skuId = await aSku(cloud, { stock: 1 });
    const me = cloud.as('o-cart-refused');
    await me.ok('cart.add', { skuId, quantity: 2 });
    expect(await me.call('order.create', { items: [{ skuId, quantity: 2 }], fromCart: true, idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
    expect((await me.ok('cart.list', {})).items).toHaveLength(1);
  });

  it('without fromCart keeps the cart as it was (buying now)', async () => {
    const skuId = await aSku(cloud);
    const me = cloud.as('o-cart-buynow');
    await me.ok('cart.add', { skuId, quantity: 1 });
    await me.ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    expect((await me.ok('cart.list', {})).items).toHaveLength(1);
  });
});

describe('the order tabs\' counts', () => {
  it('count waiting for payment, to ship, to receive and after-sales', async () => {
    const me = cloud.as('o-counts');
    const skuId = await aSku(cloud);
    const place = () => me.ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    await place();
    const toShip = await place();
    await cloud.pay(toShip.payment.outTradeNo);
    const shipped = await place();
    await cloud.pay(shipped.payment.outTradeNo);
    await cloud.admin.ok('admin.ship', { orderId: shipped.orderId, carrier: 'SF', trackingNo: 'SF6060606' });
    const asked = await place();
    await cloud.pay(asked.payment.outTradeNo);
    await cloud.admin.ok('admin.ship', { orderId: asked.orderId, carrier: 'SF', trackingNo: 'SF6060607' });
    await me.ok('order.refund', { orderId: asked.orderId, reason: '坏了' });
    expect(await me.ok('order.counts', {})).toEqual({ pendingPayment: 1, toShip: 1, toReceive: 2, afterSale: 1 });
    expect((await me.ok('order.list', { afterSale: true })).items.map((o) => o.orderId)).toEqual([asked.orderId]);
    expect(await cloud.as('o-counts-nobody').ok('order.counts', {})).toEqual({ pendingPayment: 0, toShip: 0, toReceive: 0, afterSale: 0 });
  });
});

describe('the coupon centre', () => {
  it('lists live coupons only, with what is left and whether I hold one', async () => {
    const live = await aCoupon(cloud, { title: '满 50 减 5', total: 3 });
    const expired = await aCoupon(cloud, { title: '过期券', validUntil: Date.now() - 1000 });
    const gone = await aCoupon(cloud, { title: '抢光了', total: 1 });
    await cloud.as('o-cc-other').ok('coupon.claim', { couponId: gone });
    await cloud.as('o-cc-me').ok('coupon.claim', { couponId: live });
    const centre = await cloud.as('o-cc-me').ok('coupon.available', {});
    const ids = centre.items.map((c) => c.couponId);
    expect(ids).toContain(live);
    expect(ids).not.toContain(expired);
    expect(ids).not.toContain(gone);
    expect(centre.items.find((c) => c.couponId === live)).toMatchObject({ title: '满 50 减 5', remaining: 2, claimedByMe: true });
    expect((await cloud.as('o-cc-new').ok('coupon.available', {})).items.find((c) => c.couponId === live)).toMatchObject({ claimedByMe: false });
  });

  it('drops a coupon the operator stopped', async () => {
    const stopped = await aCoupon(cloud, { title: '停发' });
    await cloud.admin.ok('admin.updateCoupon', { couponId: stopped, active: false });
    expect((await cloud.as('o-cc-me').ok('coupon.available', {})).items.map((c) => c.couponId)).not.toContain(stopped);
    expect(await cloud.as('o-cc-me').call('coupon.claim', { couponId: stopped })).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
  });
});

describe('catalog search', () => {
  it('finds on-shelf products by any part of the title, newest first', async () => {
    const older = await aProduct(cloud, { title: '手工牛轧糖 原味' });
    const newer = await aProduct(cloud, { title: '蔓越莓牛轧糖' });
    await aProduct(cloud, { title: '芝麻薄脆' });
    const found = await cloud.as('o-search').ok('catalog.search', { keyword: '牛轧糖' });
    expect(found.items.map((c) => c.productId)).toEqual([newer.productId, older.productId]);
    expect((await cloud.as('o-search').ok('catalog.search', { keyword: '原味牛轧' })).items).toEqual([]);
    expect((await cloud.as('o-search').ok('catalog.search', { keyword: '蔓越莓' })).items.map((c) => c.productId)).toEqual([newer.productId]);
    expect(found.items[0]).toMatchObject({ title: '蔓越莓牛轧糖', minPriceFen: 1990, cover: expect.any(String) });
  });

  it('pages by cursor', async () => {
    for (let i = 0; i < 3; i++) await aProduct(cloud, { title: `搜索分页酥饼${i}` });
    const first = await cloud.as('o-search').ok('catalog.search', { keyword: '酥饼', limit: 2 });
    const second = await cloud.as('o-search').ok('catalog.search', { keyword: '酥饼', limit: 2, cursor: first.nextCursor! });
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });
});
