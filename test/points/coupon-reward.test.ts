/**
 * A rights-mall reward of kind coupon that names an operator coupon, through the local cloud: redeeming
 * it gives the member that coupon (in coupon.mine, usable at order.create), written with the right once the
 * points are taken (server/points/redeem.ts; the redemption timer writes it if the call died).
 */
import { all, startCloud } from '../support/cloud';
import { aCoupon, aKey, aSku } from '../store/fixtures';
import { aMemberWithPoints } from '../membership/fixtures';

const cloud = startCloud();

describe('redeeming a coupon reward', () => {
  it('puts the coupon in coupon.mine, and it takes its discount off an order', async () => {
    const couponId = await aCoupon(cloud, { title: '积分兑 10 元券', discountFen: 1_000 });
    const { rewardId } = await cloud.admin.ok('admin.createReward', { title: '10 元券', kind: 'coupon', costPoints: 300, stock: 5, couponId });
    await aMemberWithPoints(cloud, 'o-cr-member', 500);
    expect(await cloud.as('o-cr-member').ok('points.redeem', { rewardId, idempotencyKey: aKey() })).toMatchObject({ balance: 200 });
    expect((await cloud.as('o-cr-member').ok('coupon.mine', {})).items).toEqual([expect.objectContaining({ couponId, title: '积分兑 10 元券', used: false })]);
    const skuId = await aSku(cloud, { priceFen: 5_000 });
    expect((await cloud.as('o-cr-member').ok('order.create', { items: [{ skuId, quantity: 1 }], couponId, idempotencyKey: aKey() })).payableFen).toBe(4_000);
  });

  it('without enough points gives neither the coupon nor takes stock', async () => {
    const couponId = await aCoupon(cloud);
    const { rewardId } = await cloud.admin.ok('admin.createReward', { title: '券', kind: 'coupon', costPoints: 300, stock: 5, couponId });
    await aMemberWithPoints(cloud, 'o-cr-poor', 100);
    expect(await cloud.as('o-cr-poor').call('points.redeem', { rewardId, idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    expect((await cloud.as('o-cr-poor').ok('coupon.mine', {})).items).toEqual([]);
    expect(cloud.docs<{ stock: number }>('rewards', { _id: rewardId })[0].stock).toBe(5);
  });

  it('repeated with one key at once gives one coupon', async () => {
    const couponId = await aCoupon(cloud);
    const { rewardId } = await cloud.admin.ok('admin.createReward', { title: '券', kind: 'coupon', costPoints: 100, stock: 5, couponId });
    await aMemberWithPoints(cloud, 'o-cr-twins', 1_000);
    const k = aKey();
    await all(4, () => cloud.as('o-cr-twins').call('points.redeem', { rewardId, idempotencyKey: k }));
    expect((await cloud.as('o-cr-twins').ok('coupon.mine', {})).items).toHaveLength(1);
  });

  it('naming a coupon that does not exist is NOT_FOUND when the reward is created', async () => {
    expect(await cloud.admin.call('admin.createReward', { title: '券', kind: 'coupon', costPoints: 100, stock: 5, couponId: 'no-such-coupon' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
