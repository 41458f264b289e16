/**
 * Operator reports through the local cloud: LTV by channel and by tier (tiers derived from lifetime paid
 * spend by the operator's thresholds), and the funnel by channel: product views and cart adds the
 * mini-program tracks, orders and payments the server records.
 */
import { startCloud } from '../support/cloud';
import { aKey, aSku } from '../store/fixtures';
import type { Api } from '../../typings/api';

const cloud = startCloud();

type TierReq = Api['admin.setTiers']['req']['rules'][number];
/** Full price in every tier, no shipping: what a member pays is exactly the SKU's price. */
const aTier = (tier: string, minLifetimeSpendFen: number): TierReq => ({ tier, minLifetimeSpendFen, benefits: { memberPriceBps: 10000, freeShipping: false } });

async function aMember(openid: string, channel: string) {
  await cloud.as(openid).ok('user.login', { channel });
  return openid;
}

/** One order of `fen`, paid through WeChat Pay's notification. */
async function pays(openid: string, fen: number) {
  const skuId = await aSku(cloud, { priceFen: fen, stock: 1 });
  const placed = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('ltv') });
  await cloud.pay(placed.payment.outTradeNo);
}

describe('analytics.reportLtv', () => {
  beforeAll(async () => {
    await cloud.admin.ok('admin.setTiers', { rules: [aTier('member', 0), aTier('silver', 5000), aTier('gold', 20000)] });
    await pays(await aMember('o-ltv-poster-1', 'poster'), 3000);
    await pays(await aMember('o-ltv-poster-2', 'poster'), 6000);
    // Placed, never paid: no spend.
    const skuId = await aSku(cloud, { priceFen: 9900, stock: 1 });
    await cloud.as(await aMember('o-ltv-poster-3', 'poster')).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('unpaid') });
    await pays(await aMember('o-ltv-share-1', 'share'), 25000);
    // Two orders: 5000 reaches silver exactly, 1000 more stays silver.
    const twice = await aMember('o-ltv-share-2', 'share');
    await pays(twice, 5000);
    await pays(twice, 1000);
    await aMember('o-ltv-share-3', 'share');
  });

  it('averages lifetime paid spend per member of each channel, rounded down to the fen', async () => {
    expect(await cloud.admin.ok('analytics.reportLtv', { by: 'channel' })).toEqual({ segments: {
      poster: { members: 3, totalFen: 9000, ltvFen: 3000 },
      share: { members: 3, totalFen: 31000, ltvFen: 10333 }, // 31000 / 3 = 10333.33
    } });
  });

  it('groups members by the tier their spend reaches under the operator\'s thresholds', async () => {
    expect(await cloud.admin.ok('analytics.reportLtv', { by: 'tier' })).toEqual({ segments: {
      member: { members: 3, totalFen: 3000, ltvFen: 1000 },
      silver: { members: 2, totalFen: 12000, ltvFen: 6000 },
      gold: { members: 1, totalFen: 25000, ltvFen: 25000 },
    } });
  });

  it('follows new thresholds at once, since tiers are derived and never stored', async () => {
    await cloud.admin.ok('admin.setTiers', { rules: [aTier('member', 0), aTier('silver', 3000), aTier('gold', 6000)] });
    expect(await cloud.admin.ok('analytics.reportLtv', { by: 'tier' })).toEqual({ segments: {
      member: { members: 2, totalFen: 0, ltvFen: 0 },
      silver: { members: 1, totalFen: 3000, ltvFen: 3000 },
      gold: { members: 3, totalFen: 37000, ltvFen: 12333 },
    } });
  });
});

describe('analytics.reportFunnel by channel', () => {
  const track = (openid: string, ...names: string[]) => cloud.as(openid).ok('analytics.track', { events: names.map((name) => ({ name })) });
  /** The order step is the server's `order_create` (order.create), the pay step its `pay_success` (the payment notification). */
  async function orders(openid: string, { pay }: { pay: boolean }) {
    const skuId = await aSku(cloud, { priceFen: 1990, stock: 1 });
    const placed = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('funnel') });
    if (pay) await cloud.pay(placed.payment.outTradeNo);
  }
  let from = 0;
  let to = 0;

  beforeAll(async () => {
    const [p1, p2, p3, p4, p5] = await Promise.all([1, 2, 3, 4, 5].map((i) => aMember(`o-funnel-poster-${i}`, 'poster')));
    const [s1, s2, s3, s4] = await Promise.all([1, 2, 3, 4].map((i) => aMember(`o-funnel-share-${i}`, 'share')));
    await track(p4, 'product_view'); // before the period
    from = cloud.advance(1000);
    await track(p1, 'product_view', 'add_to_cart');
    await orders(p1, { pay: true });
    await track(p2, 'product_view', 'add_to_cart');
    await track(p3, 'product_view');
    // Pages opened and cards scrolled past: neither is a product viewed.
    await track(p5, 'page_view', 'product_impression', 'view');
    await track(s1, 'product_view', 'add_to_cart');
    await orders(s1, { pay: false });
    await track(s2, 'product_view', 'add_to_cart');
    await orders(s2, { pay: true });
    await track(s3, 'add_to_cart'); // never viewed: counts at no step
    await track(s4, 'add_to_cart');
    cloud.advance(1000);
    await track(s4, 'product_view'); // viewed after the cart: the cart does not follow the view
    to = cloud.advance(1000);
    await orders(p2, { pay: true }); // after the period
  });

  it('counts each step per channel, strictly in order, inside [from, to) only', async () => {
    expect(await cloud.admin.ok('analytics.reportFunnel', { from, to, by: 'channel' })).toEqual({ segments: {
      poster: [
        { step: 'view', users: 3, rateBps: 10000 },
        { step: 'cart', users: 2, rateBps: 6666 },
        { step: 'order', users: 1, rateBps: 3333 },
        { step: 'pay', users: 1, rateBps: 3333 },
      ],
      share: [
        { step: 'view', users: 3, rateBps: 10000 },
        { step: 'cart', users: 2, rateBps: 6666 },
        { step: 'order', users: 2, rateBps: 6666 },
        { step: 'pay', users: 1, rateBps: 3333 },
      ],
    } });
  });

  it('counts the later payments once the period includes them', async () => {
    const report = await cloud.admin.ok('analytics.reportFunnel', { from, to: cloud.advance(1000), by: 'channel' });
    expect(report.segments.poster.map((r) => r.users)).toEqual([3, 2, 2, 2]);
  });
});
