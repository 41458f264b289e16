/**
 * Races over HTTP with network-like database latency (DB_LATENCY_MS 5-15): calls arrive as the
 * mini-program sends them and every database request takes a round trip, so concurrent calls interleave
 * between their reads and writes as they do on WeChat cloud. First the proof that this setup can fail a
 * race test: the studied malls' check-then-add group join over-fills. Then ours, which must not.
 */
import { join } from 'node:path';
import { all, startHttpCloud } from '../support/cloud';
import { aProduct, key } from '../support/social';
import { aCoupon, aFlashSale, aKey, aSku } from '../store/fixtures';
import { aMemberWithPoints, aReward } from '../membership/fixtures';

const cloud = startHttpCloud({ latencyMs: '5-15', extraFunctionDirs: [join(__dirname, 'fixtures')] });

async function naive(openid: string, event: Record<string, unknown>) {
  await cloud.ready;
  const res = await fetch(`${cloud.url()}/functions/naivegroup`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(event) });
  return ((await res.json()) as { result: { ok: boolean; code?: string; groupId?: string } }).result;
}

describe('when 20 members join a 3-seat group at once through the check-then-add join', () => {
  it('over-fills the group (the race these tests exist to catch)', async () => {
    const { groupId } = await naive('o-naive-leader', { action: 'create', size: 3 });
    const outs = await all(20, (i) => naive(`o-naive-${i}`, { action: 'join', groupId }));
    const members = (cloud.docs<{ members: string[] }>('naive_groups', { _id: groupId })[0]).members;
    expect(outs.filter((o) => o.ok).length).toBeGreaterThan(3);
    expect(members.length).toBeGreaterThan(3);
  }, 20000);
});

describe('when 20 members join our 3-seat group at once', () => {
  it('never holds more than 3 seats, and refuses the rest as GROUP_FULL', async () => {
    const { skuId } = await aProduct(cloud, { priceFen: 3990 });
    const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 2990, groupSize: 3, durationMs: 3600_000, stock: 100 });
    const { groupId } = await cloud.as('o-hr-leader').ok('groupbuy.open', { campaignId, idempotencyKey: key('open') });
    const outs = await all(20, (i) => cloud.as(`o-hr-join-${i}`).call('groupbuy.join', { groupId, idempotencyKey: key('join') }));
    const codes = outs.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['GROUP_FULL']));
    expect(cloud.count('group_seats', { groupId })).toBe(3);
    expect(cloud.count('orders', { groupId })).toBe(3);
    expect(cloud.docs<{ seatsTaken: number }>('groups', { _id: groupId })[0].seatsTaken).toBe(3);
    expect(cloud.docs<{ stock: number }>('group_campaigns', { _id: campaignId })[0].stock).toBe(97);
  }, 20000);
});

describe('when 20 members rush a flash sale with 5 units at once', () => {
  it('sells exactly 5 and refuses the rest as OUT_OF_STOCK', async () => {
    const skuId = await aSku(cloud, { stock: 1000 });
    const flashSaleId = await aFlashSale(cloud, skuId, { stock: 5, perUserLimit: 1 });
    const outs = await all(20, (i) => cloud.as(`o-hr-flash-${i}`).call('order.create', { items: [{ skuId, quantity: 1 }], flashSaleId, idempotencyKey: aKey() }));
    const codes = outs.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['OUT_OF_STOCK']));
    expect(cloud.docs<{ stock: number }>('flash_sales', { _id: flashSaleId })[0].stock).toBe(0);
    expect(cloud.docs<{ quantity: number }>('flash_purchases', { flashSaleId }).reduce((s, c) => s + c.quantity, 0)).toBe(5);
  }, 20000);
});

describe('when 20 members order the last 4 units of a SKU at once', () => {
  it('never sells more than the stock', async () => {
    const skuId = await aSku(cloud, { stock: 4 });
    const outs = await all(20, (i) => cloud.as(`o-hr-stock-${i}`).call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() }));
    const codes = outs.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(4);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['OUT_OF_STOCK']));
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(0);
  }, 20000);
});

describe('when 20 members claim a coupon with 6 left at once', () => {
  it('gives out exactly 6 and answers COUPON_UNAVAILABLE to the rest', async () => {
    const couponId = await aCoupon(cloud, { total: 6, perUserLimit: 1 });
    const outs = await all(20, (i) => cloud.as(`o-hr-cpn-${i}`).call('coupon.claim', { couponId }));
    const codes = outs.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(6);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['COUPON_UNAVAILABLE']));
    expect(cloud.count('user_coupons', { couponId })).toBe(6);
    expect(cloud.docs('coupons', { _id: couponId })[0]).toMatchObject({ remaining: 0 });
  }, 20000);
});

describe('when one member fires 20 redemptions at once with points for 3', () => {
  it('redeems exactly 3 and never overdraws the points', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ costPoints: 100, stock: 50 }));
    const userId = await aMemberWithPoints(cloud, 'o-hr-redeem', 300);
    const outs = await all(20, (i) => cloud.as('o-hr-redeem').call('points.redeem', { rewardId, idempotencyKey: `hr-redeem-${i}` }));
    const codes = outs.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['INSUFFICIENT_POINTS']));
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0 });
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 47 });
  }, 20000);
});
