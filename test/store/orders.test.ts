/** order.create through the local cloud: stock, idempotency, validation, coupons, points, risk. */
import { all, startCloud } from '../support/cloud';
import { aCoupon, aKey, aProduct, aSku, pointsOf, stockOf } from './fixtures';

const cloud = startCloud();

/** Gives a member `points` by paying for an order worth that many yuan (1 point per whole yuan). */
async function withPoints(openid: string, points: number) {
  const skuId = await aSku(cloud, { priceFen: points * 100, stock: 1 });
  const o = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('earn') });
  await cloud.pay(o.payment.outTradeNo);
}

describe('order.create', () => {
  describe('when 40 members order at once and only 5 units are left', () => {
    it('sells exactly 5 and refuses the rest with OUT_OF_STOCK', async () => {
      const skuId = await aSku(cloud, { stock: 5 });
      const answers = await all(40, (i) => cloud.as(`o-rush-${i}`).call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() }));
      const sold = answers.filter((a) => a.ok);
      expect(sold).toHaveLength(5);
      expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(Array(35).fill('OUT_OF_STOCK'));
      expect(stockOf(cloud, skuId)).toBe(0);
      expect(cloud.count('orders', { 'items.skuId': skuId })).toBe(5);
    });

    it('never sells more than is left when orders ask for several units each', async () => {
      const skuId = await aSku(cloud, { stock: 7 });
      const answers = await all(20, (i) => cloud.as(`o-multi-${i}`).call('order.create', { items: [{ skuId, quantity: 1 + (i % 3) }], idempotencyKey: aKey() }));
      const units = cloud.docs<{ items: { quantity: number }[] }>('orders', { 'items.skuId': skuId }).reduce((s, o) => s + o.items[0].quantity, 0);
      expect(stockOf(cloud, skuId)).toBeGreaterThanOrEqual(0);
      expect(units + stockOf(cloud, skuId)).toBe(7);
      expect(answers.filter((a) => a.ok).length).toBe(cloud.count('orders', { 'items.skuId': skuId }));
    });
  });

  describe('when an order spans two SKUs and the second runs out', () => {
    it('gives back the first SKU\'s stock before refusing', async () => {
      const { skus } = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 100, stock: 5 }, { name: 'b', priceFen: 100, stock: 1 }] });
      const out = await cloud.as('o-two').call('order.create', { items: [{ skuId: skus[0].skuId, quantity: 2 }, { skuId: skus[1].skuId, quantity: 2 }], idempotencyKey: aKey() });
      expect(out).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
      expect([stockOf(cloud, skus[0].skuId), stockOf(cloud, skus[1].skuId)]).toEqual([5, 1]);
    });
  });

  describe('with the same idempotencyKey', () => {
    it('returns the first order again and reserves once', async () => {
      const skuId = await aSku(cloud, { stock: 10 });
      const req = { items: [{ skuId, quantity: 2 }], idempotencyKey: aKey('same') };
      const first = await cloud.as('o-idem').ok('order.create', req);
      const again = await cloud.as('o-idem').ok('order.create', req);
      expect(again).toEqual(first);
      expect(stockOf(cloud, skuId)).toBe(8);
      expect(cloud.count('orders', { 'items.skuId': skuId })).toBe(1);
    });

    it('ends with one order and one reservation when ten copies race', async () => {
      const skuId = await aSku(cloud, { stock: 10 });
      const req = { items: [{ skuId, quantity: 3 }], idempotencyKey: aKey('race') };
      const answers = await all(10, () => cloud.as('o-idem-race').ok('order.create', req));
      expect(new Set(answers.map((a) => a.orderId)).size).toBe(1);
      expect(stockOf(cloud, skuId)).toBe(7);
      expect(cloud.count('orders', { 'items.skuId': skuId })).toBe(1);
    });

    it('is a different order for another member', async () => {
      const skuId = await aSku(cloud);
      const idempotencyKey = aKey('shared');
      const a = await cloud.as('o-k1').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey });
      const b = await cloud.as('o-k2').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey });
      expect(a.orderId).not.toBe(b.orderId);
    });
  });

  describe('with a malformed request', () => {
    it.each([
      ['no items', { items: [], idempotencyKey: 'abcdefgh' }],
      ['a zero quantity', { items: [{ skuId: 'x', quantity: 0 }], idempotencyKey: 'abcdefgh' }],
      ['a fractional quantity', { items: [{ skuId: 'x', quantity: 1.5 }], idempotencyKey: 'abcdefgh' }],
      ['no idempotencyKey', { items: [{ skuId: 'x', quantity: 1 }] }],
      ['negative points', { items: [{ skuId: 'x', quantity: 1 }], pointsToUse: -1, idempotencyKey: 'abcdefgh' }],
      ['an item without a skuId', { items: [{ sku: 'x', quantity: 1 }], idempotencyKey: 'abcdefgh' }],
      ['a too-short idempotencyKey', { items: [{ skuId: 'x', quantity: 1 }], idempotencyKey: 'short' }],
    ])('refuses %s with INVALID_ARGUMENT and writes nothing', async (_label, req) => {
      const before = ['orders', 'idempotency', 'risk_decisions', 'users', 'payments'].map((c) => cloud.count(c));
      const out = await cloud.as('o-bad').call('order.create', req as never);
      expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(['orders', 'idempotency', 'risk_decisions', 'users', 'payments'].map((c) => cloud.count(c))).toEqual(before);
    });

    it('refuses an unknown SKU with NOT_FOUND and takes nothing', async () => {
      const skuId = await aSku(cloud, { stock: 3 });
      const out = await cloud.as('o-bad').call('order.create', { items: [{ skuId, quantity: 1 }, { skuId: 'sku_missing', quantity: 1 }], idempotencyKey: aKey() });
      expect(out).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(stockOf(cloud, skuId)).toBe(3);
    });
  });

  describe('the price', () => {
    it('is computed on the server from the SKU, and order.preview shows the same breakdown', async () => {
      const skuId = await aSku(cloud, { priceFen: 2990 });
      const preview = await cloud.as('o-price').ok('order.preview', { items: [{ skuId, quantity: 3 }] });
      const placed = await cloud.as('o-price').ok('order.create', { items: [{ skuId, quantity: 3 }], idempotencyKey: aKey() });
      expect(preview).toMatchObject({ totalFen: 8970, discountFen: 0, payableFen: 8970 });
      expect(placed.payableFen).toBe(preview.payableFen);
      expect(cloud.state.payment(placed.payment.outTradeNo)?.totalFee).toBe(8970);
    });
  });

  describe('with a coupon', () => {
    it('uses one of the caller\'s claimed coupons, and refuses COUPON_UNAVAILABLE once it is used', async () => {
      const skuId = await aSku(cloud, { priceFen: 5000 });
      const couponId = await aCoupon(cloud, { discountFen: 1000, minSpendFen: 3000 });
      await cloud.as('o-cpn').ok('coupon.claim', { couponId });
      const placed = await cloud.as('o-cpn').ok('order.create', { items: [{ skuId, quantity: 1 }], couponId, idempotencyKey: aKey() });
      expect(placed.payableFen).toBe(4000);
      expect((await cloud.as('o-cpn').ok('coupon.mine', {})).items).toEqual([expect.objectContaining({ couponId, used: true })]);
      const again = await cloud.as('o-cpn').call('order.create', { items: [{ skuId, quantity: 1 }], couponId, idempotencyKey: aKey() });
      expect(again).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
    });

    it('refuses a coupon the caller never claimed', async () => {
      const skuId = await aSku(cloud);
      const couponId = await aCoupon(cloud);
      const out = await cloud.as('o-nocpn').call('order.create', { items: [{ skuId, quantity: 1 }], couponId, idempotencyKey: aKey() });
      expect(out).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
      expect(stockOf(cloud, (skuId))).toBe(100);
    });
  });

  describe('with points', () => {
    it('takes 100 points per yuan off and debits them in the order\'s transaction', async () => {
      await withPoints('o-pts', 50);
      const skuId = await aSku(cloud, { priceFen: 3000 });
      const placed = await cloud.as('o-pts').ok('order.create', { items: [{ skuId, quantity: 1 }], pointsToUse: 30, idempotencyKey: aKey() });
      expect(placed.payableFen).toBe(2970);
      expect(pointsOf(cloud, 'o-pts')).toBe(20);
    });

    it('refuses more points than the balance with INSUFFICIENT_POINTS and takes no stock', async () => {
      await withPoints('o-pts-short', 5);
      const skuId = await aSku(cloud, { stock: 4 });
      const out = await cloud.as('o-pts-short').call('order.create', { items: [{ skuId, quantity: 1 }], pointsToUse: 6, idempotencyKey: aKey() });
      expect(out).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
      expect(stockOf(cloud, skuId)).toBe(4);
      expect(pointsOf(cloud, 'o-pts-short')).toBe(5);
    });

    it('marks an order paid at once when points pay all of it', async () => {
      await withPoints('o-pts-all', 1020);
      const skuId = await aSku(cloud, { priceFen: 1000 });
      const placed = await cloud.as('o-pts-all').ok('order.create', { items: [{ skuId, quantity: 1 }], pointsToUse: 5000, idempotencyKey: aKey() });
      expect(placed).toMatchObject({ status: 'paid', payableFen: 0 });
      // Earning 1020 points took 1020 yuan of spend: a silver member (98 %) pays 980 for the 1000 fen SKU.
      expect(pointsOf(cloud, 'o-pts-all')).toBe(1020 - 980);
      expect(cloud.state.payment(placed.payment.outTradeNo)).toBeUndefined();
    });
  });

  describe('the risk check', () => {
    it('blocks the eleventh order within a minute with RISK_BLOCKED and records why', async () => {
      const skuId = await aSku(cloud);
      for (let i = 0; i < 10; i++) await cloud.as('o-fast').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
      const out = await cloud.as('o-fast').call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
      expect(out).toMatchObject({ ok: false, error: { code: 'RISK_BLOCKED' } });
      expect(stockOf(cloud, skuId)).toBe(90);
      const decisions = cloud.docs<{ verdict: string; reasons: { kind: string }[] }>('risk_decisions', { verdict: 'block' });
      expect(decisions.at(-1)?.reasons.map((r) => r.kind)).toEqual(['orderVelocity']);
    });

    it('lets a large order from a new account through, flagged for review', async () => {
      const skuId = await aSku(cloud, { priceFen: 200_000 });
      const placed = await cloud.as('o-new-rich').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
      expect(cloud.docs('orders', { _id: placed.orderId })[0]).toMatchObject({ risk: 'review' });
      expect(cloud.docs('risk_decisions', { orderId: placed.orderId })[0]).toMatchObject({ verdict: 'review', reasons: [{ ruleId: 'new-account-high-value' }] });
    });
  });
});

describe('order.detail and order.list', () => {
  it('shows a member their own orders and NOT_FOUND for anyone else\'s', async () => {
    const skuId = await aSku(cloud);
    const placed = await cloud.as('o-mine').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    expect(await cloud.as('o-mine').ok('order.detail', { orderId: placed.orderId })).toMatchObject({ orderId: placed.orderId, status: 'pendingPayment', totalFen: 1990 });
    expect(await cloud.as('o-stranger').call('order.detail', { orderId: placed.orderId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await cloud.as('o-stranger').call('order.cancel', { orderId: placed.orderId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers each line with the picture it had when ordered, in the list and the detail', async () => {
    const p = await aProduct(cloud, { images: ['https://img/tea-front.jpg', 'https://img/tea-back.jpg'] });
    const placed = await cloud.as('o-thumbs').ok('order.create', { items: [{ skuId: p.skus[0].skuId, quantity: 1 }], idempotencyKey: aKey() });
    // A later change of the product's pictures does not rewrite what was bought.
    await cloud.admin.ok('admin.updateProduct', { productId: p.productId, images: ['https://img/tea-new.jpg'] });

    const detail = await cloud.as('o-thumbs').ok('order.detail', { orderId: placed.orderId });
    const listed = await cloud.as('o-thumbs').ok('order.list', {});
    expect(detail.items.map((i) => i.cover)).toEqual(['https://img/tea-front.jpg']);
    expect(listed.items[0].items.map((i) => i.cover)).toEqual(['https://img/tea-front.jpg']);
  });

  it('pages through the member\'s orders newest first without repeats', async () => {
    const skuId = await aSku(cloud);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await cloud.as('o-lister').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() })).orderId);
      cloud.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await cloud.as('o-lister').ok('order.list', { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((o) => o.orderId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });
});
