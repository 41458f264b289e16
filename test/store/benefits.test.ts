/**
 * Benefits that really change what a member pays, through the local cloud: the tier's member price (会员价),
 * the shipping fee and free shipping, and joint promotions (联盟联名) for members of a partner brand too.
 * Every fact about the buyer comes from the server (tier from paid spend, links from alliance landings).
 */
import type { Api, Req } from '../../typings/api';
import { removeSettings } from '../support/config';
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';

const cloud = startCloud();

type TierReq = Api['admin.setTiers']['req']['rules'][number];
const aTier = (tier: string, minLifetimeSpendFen: number, o: Partial<TierReq['benefits']> = {}): TierReq => ({
  tier, minLifetimeSpendFen, benefits: { memberPriceBps: 10000, freeShipping: false, ...o },
});
/** member at 0 (full price), gold from 50 yuan of paid spend: 90 % and free shipping. */
const TIERS = [aTier('member', 0), aTier('gold', 5000, { memberPriceBps: 9000, freeShipping: true })];

/** A member who has paid `spentFen` in one order (through the real payment path). */
async function aMemberWhoPaid(openid: string, spentFen: number) {
  const skuId = await aSku(cloud, { priceFen: spentFen, stock: 1 });
  const placed = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('earn') });
  await cloud.pay(placed.payment.outTradeNo);
  return openid;
}

const orderDoc = (orderId: string) => cloud.docs<{ payableFen: number; shippingFen?: number; adjustments: { kind: string; amountFen: number }[] }>('orders', { _id: orderId })[0];

afterEach(async () => {
  await removeSettings('tiers', 'shipping');
});

describe('member price', () => {
  beforeEach(() => cloud.admin.ok('admin.setTiers', { rules: TIERS }));

  describe('when a gold member and a new member buy the same cart', () => {
    it('charges the gold member 90 % and the new member the full price, preview and order agreeing', async () => {
      const gold = await aMemberWhoPaid('o-gold-1', 5000);
      const skuId = await aSku(cloud, { priceFen: 2990 });
      const cart = { items: [{ skuId, quantity: 2 }] };

      const goldPreview = await cloud.as(gold).ok('order.preview', cart);
      const newPreview = await cloud.as('o-new-1').ok('order.preview', cart);
      // 5980 − floor(5980 × 9000 / 10000) = 598 off.
      expect(goldPreview).toMatchObject({ totalFen: 5980, discountFen: 598, payableFen: 5382 });
      expect(goldPreview.adjustments).toEqual([{ kind: 'memberPrice', label: '金卡会员价', amountFen: 598 }]);
      expect(newPreview).toMatchObject({ totalFen: 5980, discountFen: 0, payableFen: 5980, adjustments: [] });

      const goldOrder = await cloud.as(gold).ok('order.create', { ...cart, idempotencyKey: aKey() });
      const newOrder = await cloud.as('o-new-1').ok('order.create', { ...cart, idempotencyKey: aKey() });
      expect([goldOrder.payableFen, newOrder.payableFen]).toEqual([goldPreview.payableFen, newPreview.payableFen]);
      expect(orderDoc(goldOrder.orderId).adjustments).toEqual([expect.objectContaining({ kind: 'memberPrice', amountFen: 598 })]);
    });
  });

  it('reaches a member the moment their paid spend reaches the threshold, not a fen before', async () => {
    const almost = await aMemberWhoPaid('o-almost', 4999);
    const skuId = await aSku(cloud, { priceFen: 1000 });
    expect((await cloud.as(almost).ok('order.preview', { items: [{ skuId, quantity: 1 }] })).payableFen).toBe(1000);
    await aMemberWhoPaid(almost, 1);
    expect((await cloud.as(almost).ok('order.preview', { items: [{ skuId, quantity: 1 }] })).payableFen).toBe(900);
  });

  it('takes the tier from paid spend only: an unpaid order and a tier in the request count for nothing', async () => {
    const skuId = await aSku(cloud, { priceFen: 6000 });
    await cloud.as('o-unpaid').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    const claimed = { items: [{ skuId, quantity: 1 }], tier: 'gold', memberPriceBps: 1, idempotencyKey: aKey() } as Req<'order.create'>;
    expect((await cloud.as('o-unpaid').ok('order.create', claimed)).payableFen).toBe(6000);
  });

  it('gives no member price on a group-buy order, which is sold at the group price', async () => {
    const gold = await aMemberWhoPaid('o-gold-group', 5000);
    const skuId = await aSku(cloud, { priceFen: 3990 });
    const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 2990, groupSize: 2, durationMs: 3600_000, stock: 10 });
    const opened = await cloud.as(gold).ok('groupbuy.open', { campaignId, idempotencyKey: aKey() });
    expect(orderDoc(opened.orderId).payableFen).toBe(2990);
  });

  it('gives no member price on a flash-sale line', async () => {
    const gold = await aMemberWhoPaid('o-gold-flash', 5000);
    const skuId = await aSku(cloud, { priceFen: 1990 });
    const now = Date.now();
    const { flashSaleId } = await cloud.admin.ok('admin.createFlashSale', { skuId, priceFen: 990, stock: 10, perUserLimit: 2, startAt: now - 1000, endAt: now + 3600_000 });
    expect((await cloud.as(gold).ok('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() })).payableFen).toBe(990);
  });
});

describe('shipping', () => {
  beforeEach(() => cloud.admin.ok('admin.setShipping', { feeFen: 800, freeOverFen: 9900 }));

  it('adds the fee to an order under the threshold, and order.detail shows it', async () => {
    const skuId = await aSku(cloud, { priceFen: 1990 });
    const preview = await cloud.as('o-ship-1').ok('order.preview', { items: [{ skuId, quantity: 1 }] });
    expect(preview).toMatchObject({ totalFen: 1990, discountFen: 0, shippingFen: 800, payableFen: 2790 });
    expect(preview.adjustments).toEqual([{ kind: 'shipping', label: '运费', amountFen: 800 }]);
    const placed = await cloud.as('o-ship-1').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    expect(placed.payableFen).toBe(2790);
    expect(await cloud.as('o-ship-1').ok('order.detail', { orderId: placed.orderId })).toMatchObject({ totalFen: 1990, shippingFen: 800, payableFen: 2790 });
  });

  it('waives the fee at the threshold', async () => {
    const skuId = await aSku(cloud, { priceFen: 3300 });
    expect((await cloud.as('o-ship-2').ok('order.preview', { items: [{ skuId, quantity: 3 }] })).payableFen).toBe(9900);
  });

  it('waives the fee for a tier with free shipping', async () => {
    await cloud.admin.ok('admin.setTiers', { rules: TIERS });
    const gold = await aMemberWhoPaid('o-ship-gold', 5000);
    const skuId = await aSku(cloud, { priceFen: 1000 });
    expect(await cloud.as(gold).ok('order.preview', { items: [{ skuId, quantity: 1 }] })).toMatchObject({ shippingFen: 0, payableFen: 900 });
  });

  it('gives the fee back with a full refund, and credits points on what was paid', async () => {
    const skuId = await aSku(cloud, { priceFen: 1990 });
    const placed = await cloud.as('o-ship-refund').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    await cloud.pay(placed.payment.outTradeNo);
    // 27.90 yuan paid: 27 points.
    expect(await cloud.as('o-ship-refund').ok('points.balance', {})).toMatchObject({ balance: 27 });
    await cloud.as('o-ship-refund').ok('order.refund', { orderId: placed.orderId, reason: '不想要了' });
    expect(cloud.docs<{ refundFen: number }>('refunds', { orderId: placed.orderId })[0].refundFen).toBe(2790);
    expect((await cloud.as('o-ship-refund').ok('order.detail', { orderId: placed.orderId })).status).toBe('refunded');
  });

  const badRules: [string, unknown][] = [
    ['a negative fee', { feeFen: -1 }],
    ['a fractional fee', { feeFen: 1.5 }],
    ['no fee', { freeOverFen: 100 }],
    ['a threshold of 0', { feeFen: 800, freeOverFen: 0 }],
  ];
  it.each(badRules)('refuses %s with INVALID_ARGUMENT and keeps the rule', async (_label, rule) => {
    expect(await cloud.admin.call('admin.setShipping', rule as Req<'admin.setShipping'>)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.docs('settings', { _id: 'shipping' })[0]).toMatchObject({ feeFen: 800, freeOverFen: 9900 });
  });

  it('is FORBIDDEN to set for anyone but an operator', async () => {
    expect(await cloud.as('o-not-admin').call('admin.setShipping', { feeFen: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('a joint promotion with a partner brand', () => {
  let skuId: string;
  beforeAll(async () => {
    await cloud.admin.ok('admin.addPartner', { partnerId: 'coffee', name: '晨光咖啡', appId: 'wx-partner-coffee', ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000, tierMap: { gold: 'gold' } });
    skuId = await aSku(cloud, { priceFen: 3000 });
    await cloud.admin.ok('admin.createPromotion', { kind: 'fixed', params: { offFen: 500 }, label: '咖啡联名立减', skuIds: [skuId], requiresPartnerMember: 'coffee', idempotencyKey: aKey('joint') });
  });

  it('takes its discount for a member who came from the partner\'s mini-program', async () => {
    expect(await cloud.as('o-dual').ok('alliance.landing', { fromAppId: 'wx-partner-coffee' })).toMatchObject({ attributed: true });
    const preview = await cloud.as('o-dual').ok('order.preview', { items: [{ skuId, quantity: 1 }] });
    expect(preview).toMatchObject({ discountFen: 500, payableFen: 2500 });
    expect(preview.adjustments).toEqual([{ kind: 'promotion', label: '咖啡联名立减', amountFen: 500 }]);
    expect((await cloud.as('o-dual').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() })).payableFen).toBe(2500);
  });

  it('takes nothing off for a member who is not the partner\'s, or who came from another app', async () => {
    expect((await cloud.as('o-single').ok('order.preview', { items: [{ skuId, quantity: 1 }] })).payableFen).toBe(3000);
    await cloud.as('o-elsewhere').ok('alliance.landing', { fromAppId: 'wx-some-other-app' });
    expect((await cloud.as('o-elsewhere').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() })).payableFen).toBe(3000);
  });

  it('cannot be claimed through the request', async () => {
    const req = { items: [{ skuId, quantity: 1 }], dualMemberOf: ['coffee'], idempotencyKey: aKey() } as Req<'order.create'>;
    expect((await cloud.as('o-claimer').ok('order.create', req)).payableFen).toBe(3000);
  });

  it('refuses a promotion naming an unknown partner with NOT_FOUND, and a malformed one with INVALID_ARGUMENT, writing nothing', async () => {
    const before = cloud.count('promotions', {});
    const base = { kind: 'fixed' as const, params: { offFen: 100 }, label: 'x' };
    expect(await cloud.admin.call('admin.createPromotion', { ...base, requiresPartnerMember: 'nobody', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await cloud.admin.call('admin.createPromotion', { ...base, requiresPartnerMember: 'a b', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.admin.call('admin.createPromotion', { ...base, requiresPartnerMember: 7, idempotencyKey: aKey() } as unknown as Req<'admin.createPromotion'>)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('promotions', {})).toBe(before);
  });
});
