/**
 * The events the server records itself (order_create, pay_success), through the local cloud: a shopper
 * who views, adds to cart, orders and pays is counted at every funnel step even though the mini-program
 * reported only the first two, and ROI by campaign fills from real payments.
 */
import { startCloud } from '../support/cloud';
import { aKey } from '../store/fixtures';

const cloud = startCloud();

describe('a shopper who views, adds to cart, orders and pays', () => {
  it('is counted at each funnel step, order and payment recorded by the server once each', async () => {
    const from = Date.now() - 1000;
    const me = cloud.as('o-journey');
    await me.ok('user.login', { channel: 'spring-poster' });
    const { categoryId } = await cloud.admin.ok('admin.createCategory', { name: '糕点' });
    const { skus } = await cloud.admin.ok('admin.createProduct', { title: '绿豆糕', categoryId, skus: [{ name: '一盒', priceFen: 6_600, stock: 10 }] });
    const skuId = skus[0].skuId;
    await me.ok('analytics.track', { events: [{ name: 'product_view', props: { skuId } }, { name: 'add_to_cart', props: { skuId } }] });
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
