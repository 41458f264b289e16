/**
 * The back-office's campaigns, live rooms, partners, staff and settings through the local cloud: listed,
 * edited and stopped, with stock by delta and every change checked before anything is saved.
 */
import { all, startCloud } from '../support/cloud';
import { aCoupon, aFlashSale, aKey, aProduct, aSku, stockOf } from '../store/fixtures';

const cloud = startCloud();

describe('group campaigns', () => {
  async function aCampaign(stock = 10) {
    const skuId = await aSku(cloud, { priceFen: 5_000 });
    return (await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 3_900, groupSize: 3, durationMs: 3600_000, stock })).campaignId;
  }

  it('are listed newest first with their product title', async () => {
    const id = await aCampaign();
    const page = await cloud.admin.ok('admin.listCampaigns', { kind: 'group' });
    expect(page.items[0]).toMatchObject({ kind: 'group', campaignId: id, active: true, title: '海盐芝士曲奇', groupPriceFen: 3_900 });
  });

  it('take edits checked as a whole, and stock by delta', async () => {
    const id = await aCampaign(10);
    expect(await cloud.admin.ok('admin.updateGroupCampaign', { campaignId: id, groupPriceFen: 3_500, stockDelta: 5 })).toMatchObject({ groupPriceFen: 3_500, stock: 15 });
    expect(await cloud.admin.call('admin.updateGroupCampaign', { campaignId: id, groupSize: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('groupSize') } });
    expect(await cloud.admin.call('admin.updateGroupCampaign', { campaignId: id, stockDelta: -16 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
    expect(cloud.docs('group_campaigns', { _id: id })[0]).toMatchObject({ groupPriceFen: 3_500, groupSize: 3, stock: 15 });
  });

  it('stopped, cannot be opened any more', async () => {
    const id = await aCampaign();
    await cloud.admin.ok('admin.updateGroupCampaign', { campaignId: id, active: false });
    expect(await cloud.as('o-camp-late').call('groupbuy.open', { campaignId: id, idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await cloud.admin.ok('admin.listCampaigns', { kind: 'group', active: false })).items.map((c) => c.kind === 'group' && c.campaignId)).toContain(id);
  });
});

describe('flash sales', () => {
  it('stopped, end now: buying at the flash price is refused', async () => {
    const skuId = await aSku(cloud);
    const flashSaleId = await aFlashSale(cloud, skuId);
    const stopped = await cloud.admin.ok('admin.stopFlashSale', { flashSaleId });
    expect(stopped).toMatchObject({ kind: 'flash', active: false });
    expect(await cloud.as('o-flash-late').call('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() })).toMatchObject({ ok: false });
  });

  it('take a stock delta racing buyers without overselling', async () => {
    const skuId = await aSku(cloud, { stock: 100 });
    const flashSaleId = await aFlashSale(cloud, skuId, { stock: 5, perUserLimit: 1 });
    const [orders, restock] = await Promise.all([
      all(12, (i) => cloud.as(`o-flash-${i}`).call('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() })),
      cloud.admin.call('admin.updateFlashSale', { flashSaleId, stockDelta: 3 }),
    ]);
    expect(restock.ok).toBe(true);
    const sold = orders.filter((o) => o.ok).length;
    expect(cloud.docs<{ stock: number }>('flash_sales', { _id: flashSaleId })[0].stock).toBe(5 + 3 - sold);
    expect(sold).toBeLessThanOrEqual(8);
    expect(stockOf(cloud, skuId)).toBe(100);
  });

  it('refuse a window that ends before it starts', async () => {
    const flashSaleId = await aFlashSale(cloud, await aSku(cloud));
    expect(await cloud.admin.call('admin.updateFlashSale', { flashSaleId, startAt: Date.now() + 7200_000, endAt: Date.now() + 3600_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('coupons and promotions', () => {
  it('a coupon\'s total grows by a delta, and never below what was claimed', async () => {
    const couponId = await aCoupon(cloud, { total: 2 });
    await cloud.as('o-cp-1').ok('coupon.claim', { couponId });
    expect(await cloud.admin.ok('admin.updateCoupon', { couponId, totalDelta: 3 })).toMatchObject({ total: 5, remaining: 4 });
    expect(await cloud.admin.call('admin.updateCoupon', { couponId, totalDelta: -5 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
  });

  it('a promotion takes new params checked by its kind, and can be stopped', async () => {
    const { promotionId } = await cloud.admin.ok('admin.createPromotion', { kind: 'fullReduction', label: '满100减10', params: { thresholdFen: 10_000, offFen: 1_000 }, idempotencyKey: aKey() });
    expect(await cloud.admin.ok('admin.updatePromotion', { promotionId, params: { thresholdFen: 20_000, offFen: 3_000 } })).toMatchObject({ kind: 'promotion', promotionKind: 'fullReduction', params: { thresholdFen: 20_000, offFen: 3_000 } });
    expect(await cloud.admin.call('admin.updatePromotion', { promotionId, params: { offBps: 10 } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.admin.ok('admin.updatePromotion', { promotionId, active: false })).toMatchObject({ active: false });
    await cloud.admin.ok('admin.setPromotionActive', { promotionId, active: false });
  });
});

describe('live rooms, partners and staff', () => {
  it('a live room takes a new title, cover, host and products (which must exist)', async () => {
    const a = await aProduct(cloud);
    const b = await aProduct(cloud);
    const { roomId } = await cloud.admin.ok('admin.createLiveRoom', { title: '周五直播', hostOpenid: 'o-host-1', productIds: [a.productId] });
    expect(await cloud.admin.ok('admin.updateLiveRoom', { roomId, title: '周六直播', cover: 'https://img/live.jpg', hostOpenid: 'o-host-2', productIds: [a.productId, b.productId] }))
      .toMatchObject({ roomId, title: '周六直播', cover: 'https://img/live.jpg', hostOpenid: 'o-host-2', productIds: [a.productId, b.productId], status: 'upcoming' });
    expect(await cloud.admin.call('admin.updateLiveRoom', { roomId, productIds: ['p-missing'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await cloud.admin.ok('admin.listLiveRooms', {})).items.find((r) => r.roomId === roomId)).toMatchObject({ title: '周六直播' });
    expect((await cloud.as('o-host-2').ok('user.login', {})).roles).toContain('host');
  });

  it('partners are listed with kind and tier map', async () => {
    await cloud.admin.ok('admin.addPartner', { partnerId: 'tea-shop', name: '茶饮', appId: 'wx-tea', ratio: { ours: 10, theirs: 1 }, dailyCapPoints: 1000, tierMap: { gold: '金卡会员' } });
    expect((await cloud.admin.ok('admin.listPartners', {})).items.find((p) => p.partnerId === 'tea-shop')).toMatchObject({ kind: 'partner', tierMap: { gold: '金卡会员' }, ratio: { ours: 10, theirs: 1 } });
  });

  it('staff are listed by store, removed ones marked', async () => {
    await cloud.admin.ok('admin.addStaff', { openid: 'o-st-a', role: 'clerk', storeId: 'store-x' });
    await cloud.admin.ok('admin.addStaff', { openid: 'o-st-b', role: 'manager', storeId: 'store-x' });
    await cloud.admin.ok('admin.removeStaff', { openid: 'o-st-a' });
    const page = await cloud.admin.ok('admin.listStaff', { storeId: 'store-x' });
    expect(page.items.map((s) => [s.openid, s.role, s.active]).sort()).toEqual([['o-st-a', 'clerk', false], ['o-st-b', 'manager', true]]);
    expect((await cloud.admin.ok('admin.listStaff', { storeId: 'store-x', active: true })).items.map((s) => s.openid)).toEqual(['o-st-b']);
  });
});

describe('the settings page', () => {
  it('reads every setting at once, as the set* actions wrote them', async () => {
    await cloud.admin.ok('admin.setShipping', { feeFen: 800, freeOverFen: 9_900 });
    await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 500, settleAfterMs: 7 * 86_400_000 });
    await cloud.admin.ok('admin.setCsKeywords', { rules: [{ keywords: ['发货'], reply: '48 小时内发货' }] });
    const couponId = await aCoupon(cloud);
    const { rewardId } = await cloud.admin.ok('admin.createReward', { title: '10 元券', kind: 'coupon', costPoints: 300, stock: 5, couponId });
    const s = await cloud.admin.ok('admin.settings', {});
    expect(s).toMatchObject({
      shipping: { feeFen: 800, freeOverFen: 9_900 },
      commissionPlan: { level1Bps: 1000, level2Bps: 500, settleAfterMs: 7 * 86_400_000 },
      csKeywords: [{ keywords: ['发货'], reply: '48 小时内发货' }],
      newMemberCouponId: null,
    });
    expect(s.tiers.length).toBeGreaterThan(0);
    expect(s.riskRules.length).toBeGreaterThan(0);
    expect(s.rewards.find((r) => r.rewardId === rewardId)).toMatchObject({ couponId, stock: 5 });
    expect(await cloud.admin.ok('admin.updateReward', { rewardId, stockDelta: -2, costPoints: 250 })).toMatchObject({ stock: 3, costPoints: 250 });
    expect(await cloud.admin.call('admin.updateReward', { rewardId, stockDelta: -4 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
  });

  it('is for operators only', async () => {
    expect(await cloud.as('o-set-nobody').call('admin.settings', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
