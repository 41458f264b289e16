/**
 * The events the server records itself (order_create, pay_success), through the local cloud: a shopper
 * who views, adds to cart, orders and pays is counted at every funnel step even though the mini-program
 * reported only the first two, and ROI by campaign fills from real payments. The mini-program's events
 * are sent as its tracker sends them (miniprogram/utils/tracker.ts, product page and list pages): name,
 * own props plus the stamped `page` and `exp`, the client time, in one batch.
 */
import type { Api } from '../../typings/api';
import { startCloud } from '../support/cloud';
import { aKey } from '../store/fixtures';

const cloud = startCloud();

type Tracked = Api['analytics.track']['req']['events'][number];

/** An event as the mini-program's tracker queues it on `page`. */
const tracked = (name: string, page: string, props: Record<string, unknown>): Tracked =>
  ({ name, props: { ...props, page, exp: {} }, at: Date.now() });
const PRODUCT_PAGE = 'packages/store/product/product';

async function aProductIn(category: string, priceFen = 6_600) {
  const { categoryId } = await cloud.admin.ok('admin.createCategory', { name: category });
  const { productId, skus } = await cloud.admin.ok('admin.createProduct', { title: `${category}礼盒`, categoryId, skus: [{ name: '一盒', priceFen, stock: 10 }] });
  return { categoryId, productId, skuId: skus[0].skuId };
}

/** What the home feed and the product page track for a shopper who sees, opens and adds `item` to the cart. */
const browsing = (item: { categoryId: string; productId: string; skuId: string }, quantity = 1): Tracked[] => [
  tracked('product_impression', 'pages/home/home', { productId: item.productId, list: 'home', position: 0 }),
  tracked('product_view', PRODUCT_PAGE, { productId: item.productId, categoryId: item.categoryId }),
  tracked('add_to_cart', PRODUCT_PAGE, { skuId: item.skuId, quantity, productId: item.productId, categoryId: item.categoryId }),
];

describe('a shopper who views, adds to cart, orders and pays', () => {
  it('is counted at each funnel step, order and payment recorded by the server once each', async () => {
    const from = Date.now() - 1000;
    const me = cloud.as('o-journey');
    await me.ok('user.login', { channel: 'spring-poster' });
    const item = await aProductIn('糕点');
    const { categoryId, skuId } = item;
    expect(await me.ok('analytics.track', { events: browsing(item) })).toEqual({ accepted: 3 });
    await me.ok('cart.add', { skuId, quantity: 1 });
    const key = aKey('journey');
    const placed = await me.ok('order.create', { items: [{ skuId, quantity: 1 }], fromCart: true, idempotencyKey: key });
    await me.ok('order.create', { items: [{ skuId, quantity: 1 }], fromCart: true, idempotencyKey: key }); // a repeat
    await cloud.pay(placed.payment.outTradeNo);
    await cloud.pay(placed.payment.outTradeNo); // a repeated notification
    const report = await cloud.admin.ok('analytics.reportFunnel', { from, to: Date.now() + 1000, by: 'channel' });
    expect(report.segments['spring-poster'].map((r) => [r.step, r.users])).toEqual([['view', 1], ['cart', 1], ['order', 1], ['pay', 1]]);
    const userId = cloud.docs<{ _id: string }>('users', { openid: 'o-journey' })[0]._id;
    expect(cloud.count('events', { u: userId, n: 'order_create' })).toBe(1);
    expect(cloud.count('events', { u: userId, n: 'pay_success' })).toBe(1);
    const roi = await cloud.admin.ok('analytics.reportRoi', { campaign: 'spring-poster', costFen: 3_300, from, to: Date.now() + 1000 });
    expect(roi).toMatchObject({ revenueFen: 6_600, orders: 1, roiBps: 10_000 });
    await cloud.host.runTimer('analytics', 'tags');
    expect(await cloud.admin.ok('analytics.userTags', { userId })).toMatchObject({ purchaseFrequency: 'once', favouriteCategory: categoryId });
  });
});

describe('the client-side events as the tracker sends them', () => {
  it('are stored compactly with their page and props, the impression outside the funnel', async () => {
    const me = cloud.as('o-compact');
    await me.ok('user.login', { channel: 'compact-poster' });
    const item = await aProductIn('茶点');
    await me.ok('analytics.track', { events: browsing(item, 2) });

    const userId = cloud.docs<{ _id: string }>('users', { openid: 'o-compact' })[0]._id;
    const stored = cloud.docs<{ n: string; pg?: string; p?: Record<string, unknown>; ct?: number }>('events', { u: userId });
    const byName = new Map(stored.map((e) => [e.n, e]));
    expect(byName.get('product_impression')).toMatchObject({ pg: 'pages/home/home', p: { productId: item.productId, list: 'home', position: 0 } });
    expect(byName.get('product_view')).toMatchObject({ pg: PRODUCT_PAGE, p: { productId: item.productId, categoryId: item.categoryId } });
    expect(byName.get('add_to_cart')).toMatchObject({ pg: PRODUCT_PAGE, p: { skuId: item.skuId, quantity: 2, productId: item.productId } });
    expect(byName.get('add_to_cart')?.ct).toEqual(expect.any(Number));
  });

  describe('when one shopper buys and another only browses and adds to cart', () => {
    it('counts both at view and cart, only the buyer at order and pay, not the one who only opened pages; the browser’s tags come from the client events', async () => {
      const from = Date.now() - 1000;
      const buyer = cloud.as('o-buyer');
      const browser = cloud.as('o-browser');
      const onlySeen = cloud.as('o-seen');
      await buyer.ok('user.login', { channel: 'autumn-poster' });
      await browser.ok('user.login', { channel: 'autumn-poster' });
      await onlySeen.ok('user.login', { channel: 'autumn-poster' });
      const cake = await aProductIn('月饼', 8_800);
      const tea = await aProductIn('红茶');

      await buyer.ok('analytics.track', { events: browsing(cake) });
      await buyer.ok('cart.add', { skuId: cake.skuId, quantity: 1 });
      const placed = await buyer.ok('order.create', { items: [{ skuId: cake.skuId, quantity: 1 }], fromCart: true, idempotencyKey: aKey('autumn') });
      await cloud.pay(placed.payment.outTradeNo);
      await browser.ok('analytics.track', { events: [...browsing(tea), tracked('product_view', PRODUCT_PAGE, { productId: cake.productId, categoryId: cake.categoryId })] });
      // Pages opened and cards seen, no product opened: neither a page view nor an impression is a funnel step.
      await onlySeen.ok('analytics.track', { events: [
        tracked('page_view', 'pages/home/home', { route: 'pages/home/home', openType: 'appLaunch' }),
        tracked('product_impression', 'pages/home/home', { productId: tea.productId, list: 'home', position: 3 }),
        tracked('page_view', 'pages/category/category', { route: 'pages/category/category', openType: 'switchTab' }),
      ] });

      const report = await cloud.admin.ok('analytics.reportFunnel', { from, to: Date.now() + 1000, by: 'channel' });
      expect(report.segments['autumn-poster']).toEqual([
        { step: 'view', users: 2, rateBps: 10_000 },
        { step: 'cart', users: 2, rateBps: 10_000 },
        { step: 'order', users: 1, rateBps: 5_000 },
        { step: 'pay', users: 1, rateBps: 5_000 },
      ]);
      const roi = await cloud.admin.ok('analytics.reportRoi', { campaign: 'autumn-poster', costFen: 4_400, from, to: Date.now() + 1000 });
      expect(roi).toMatchObject({ revenueFen: 8_800, orders: 1, roiBps: 10_000 });

      await cloud.host.runTimer('analytics', 'tags');
      const idOf = (openid: string) => cloud.docs<{ _id: string }>('users', { openid })[0]._id;
      // The buyer viewed and bought cake; the browser viewed tea twice (view, cart) and cake once.
      expect(await cloud.admin.ok('analytics.userTags', { userId: idOf('o-buyer') })).toMatchObject({ purchaseFrequency: 'once', favouriteCategory: cake.categoryId });
      expect(await cloud.admin.ok('analytics.userTags', { userId: idOf('o-browser') })).toMatchObject({ purchaseFrequency: 'none', favouriteCategory: tea.categoryId });
      expect(await cloud.admin.ok('analytics.userTags', { userId: idOf('o-seen') })).toMatchObject({ purchaseFrequency: 'none', favouriteCategory: null });
    });
  });
});
