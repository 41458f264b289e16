/** Flash sales and coupons under concurrency, through the local cloud. */
import { all, startCloud } from '../support/cloud';
import { aCoupon, aFlashSale, aKey, aSku, stockOf } from './fixtures';

const cloud = startCloud();
const flashStock = (id: string) => cloud.docs<{ stock: number }>('flash_sales', { _id: id })[0].stock;

describe('a flash sale', () => {
  it('sells at its own price from its own stock', async () => {
    const skuId = await aSku(cloud, { priceFen: 1990, stock: 50 });
    const flashSaleId = await aFlashSale(cloud, skuId, { priceFen: 990, stock: 10, perUserLimit: 2 });
    const placed = await cloud.as('o-flash').ok('order.create', { items: [{ skuId, quantity: 2 }], flashSaleId, idempotencyKey: aKey() });
    expect(placed.payableFen).toBe(1980);
    expect([flashStock(flashSaleId), stockOf(cloud, skuId)]).toEqual([8, 50]);
  });

  it('shows in the product detail only while it runs', async () => {
    const skuId = await aSku(cloud);
    const productId = cloud.docs<{ productId: string }>('skus', { _id: skuId })[0].productId;
    const running = await aFlashSale(cloud, skuId);
    await aFlashSale(cloud, skuId, { startAt: Date.now() + 3600_000, endAt: Date.now() + 7200_000 });
    const detail = await cloud.as('o-look').ok('catalog.detail', { productId });
    expect(detail.flashSales.map((f) => f.flashSaleId)).toEqual([running]);
  });

  describe('when 30 members rush 10 units at once', () => {
    it('sells exactly 10', async () => {
      const skuId = await aSku(cloud, { stock: 1000 });
      const flashSaleId = await aFlashSale(cloud, skuId, { stock: 10, perUserLimit: 1 });
      const answers = await all(30, (i) => cloud.as(`o-fr-${i}`).call('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() }));
      expect(answers.filter((a) => a.ok)).toHaveLength(10);
      expect(answers.filter((a) => !a.ok && a.error.code === 'OUT_OF_STOCK')).toHaveLength(20);
      expect(flashStock(flashSaleId)).toBe(0);
      // Refused members' per-sale counts were given back.
      expect(cloud.docs<{ quantity: number }>('flash_purchases', { flashSaleId }).reduce((s, c) => s + c.quantity, 0)).toBe(10);
    });
  });

  describe('when one member fires 12 orders at once against a limit of 2', () => {
    it('lets them buy 2 in all and refuses the rest with LIMIT_EXCEEDED', async () => {
      const skuId = await aSku(cloud, { stock: 1000 });
      const flashSaleId = await aFlashSale(cloud, skuId, { stock: 100, perUserLimit: 2 });
      const answers = await all(12, () => cloud.as('o-greedy').call('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() }));
      expect(answers.filter((a) => a.ok)).toHaveLength(2);
      expect(new Set(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code))).toEqual(new Set(['LIMIT_EXCEEDED']));
      expect(flashStock(flashSaleId)).toBe(98);
    });
  });

  it('refuses more than the per-member limit in one order', async () => {
    const skuId = await aSku(cloud);
    const flashSaleId = await aFlashSale(cloud, skuId, { perUserLimit: 2 });
    const out = await cloud.as('o-big').call('order.create', { items: [{ skuId, quantity: 3 }], flashSaleId, idempotencyKey: aKey() });
    expect(out).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
  });

  it('gives back the per-member count when the order is cancelled', async () => {
    const skuId = await aSku(cloud);
    const flashSaleId = await aFlashSale(cloud, skuId, { perUserLimit: 1, stock: 5 });
    const first = await cloud.as('o-undo').ok('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() });
    await cloud.as('o-undo').ok('order.cancel', { orderId: first.orderId });
    expect(flashStock(flashSaleId)).toBe(5);
    await cloud.as('o-undo').ok('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() });
  });
});

describe('coupon.claim', () => {
  describe('when 40 members claim a coupon with 10 left at once', () => {
    it('gives out exactly 10 and answers COUPON_UNAVAILABLE to the rest', async () => {
      const couponId = await aCoupon(cloud, { total: 10, perUserLimit: 1 });
      const answers = await all(40, (i) => cloud.as(`o-cl-${i}`).call('coupon.claim', { couponId }));
      expect(answers.filter((a) => a.ok)).toHaveLength(10);
      expect(answers.filter((a) => !a.ok && a.error.code === 'COUPON_UNAVAILABLE')).toHaveLength(30);
      expect(cloud.count('user_coupons', { couponId })).toBe(10);
      expect(cloud.docs('coupons', { _id: couponId })[0]).toMatchObject({ remaining: 0 });
    });
  });

  describe('when one member claims 15 times at once against a limit of 3', () => {
    it('gives them 3 and answers LIMIT_EXCEEDED to the rest', async () => {
      const couponId = await aCoupon(cloud, { total: 100, perUserLimit: 3 });
      const answers = await all(15, () => cloud.as('o-hoard').call('coupon.claim', { couponId }));
      expect(answers.filter((a) => a.ok)).toHaveLength(3);
      expect(answers.filter((a) => !a.ok && a.error.code === 'LIMIT_EXCEEDED')).toHaveLength(12);
      expect(cloud.count('user_coupons', { couponId })).toBe(3);
      expect(cloud.docs('coupons', { _id: couponId })[0]).toMatchObject({ remaining: 97 });
    });
  });

  it('refuses an expired coupon with COUPON_UNAVAILABLE', async () => {
    const couponId = await aCoupon(cloud, { validUntil: Date.now() + 1000 });
    cloud.advance(2000);
    expect(await cloud.as('o-late').call('coupon.claim', { couponId })).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
    expect(cloud.count('user_coupons', { couponId })).toBe(0);
  });

  it('lists the member\'s coupons with whether each is used', async () => {
    const couponId = await aCoupon(cloud, { title: '立减 5 元', discountFen: 500, perUserLimit: 2 });
    expect(await cloud.as('o-two-cpn').ok('coupon.claim', { couponId })).toEqual({ couponId, claimed: 1 });
    expect(await cloud.as('o-two-cpn').ok('coupon.claim', { couponId })).toEqual({ couponId, claimed: 2 });
    const mine = await cloud.as('o-two-cpn').ok('coupon.mine', {});
    expect(mine.items).toEqual([expect.objectContaining({ couponId, title: '立减 5 元', used: false }), expect.objectContaining({ couponId, used: false })]);
  });
});
