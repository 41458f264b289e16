/**
 * What login tells about the caller's roles, the new-member gift, and what a clerk may not do that a
 * manager may, through the local cloud.
 */
import { startCloud } from '../support/cloud';
import { aCoupon, aKey, aSku } from '../store/fixtures';
import { aMemberWithPoints } from './fixtures';

const cloud = startCloud();

describe('login answers roles', () => {
  it('is empty for a shopper', async () => {
    expect((await cloud.as('o-role-shopper').ok('user.login', {})).roles).toEqual([]);
  });

  it('names operators, active staff and live hosts', async () => {
    expect((await cloud.admin.ok('user.login', {})).roles).toEqual(['operator']);
    await cloud.admin.ok('admin.addStaff', { openid: 'o-role-clerk', role: 'clerk', storeId: 's1' });
    expect(await cloud.as('o-role-clerk').ok('user.login', {})).toMatchObject({ roles: ['staff'], staffRole: 'clerk' });
    const { productId } = await cloud.admin.ok('admin.createProduct', { title: '直播款', skus: [{ name: 'x', priceFen: 100, stock: 1 }] });
    await cloud.admin.ok('admin.createLiveRoom', { title: '今晚直播', hostOpenid: 'o-role-clerk', productIds: [productId] });
    expect((await cloud.as('o-role-clerk').ok('user.login', {})).roles).toEqual(['staff', 'host']);
    await cloud.admin.ok('admin.removeStaff', { openid: 'o-role-clerk' });
    expect((await cloud.as('o-role-clerk').ok('user.login', {})).roles).toEqual(['host']);
  });
});

describe('the new-member gift', () => {
  it('gives a new member the operator\'s gift coupon on first login, once, usable at checkout', async () => {
    const couponId = await aCoupon(cloud, { title: '新人券', discountFen: 500, total: 10 });
    await cloud.admin.ok('admin.setNewMemberGift', { couponId });
    const first = await cloud.as('o-gift-new').ok('user.login', {});
    expect(first).toMatchObject({ isNew: true, giftCouponId: couponId });
    expect((await cloud.as('o-gift-new').ok('user.login', {})).giftCouponId).toBeUndefined();
    const mine = await cloud.as('o-gift-new').ok('coupon.mine', {});
    expect(mine.items.filter((c) => c.couponId === couponId)).toHaveLength(1);
    const skuId = await aSku(cloud, { priceFen: 3_000 });
    expect((await cloud.as('o-gift-new').ok('order.create', { items: [{ skuId, quantity: 1 }], couponId, idempotencyKey: aKey() })).payableFen).toBe(2_500);
    expect(cloud.docs<{ remaining: number }>('coupons', { _id: couponId })[0].remaining).toBe(9);
  });

  it('is not given to members who were there before, nor when none is set', async () => {
    await cloud.as('o-gift-old').ok('user.login', {});
    const couponId = await aCoupon(cloud, { title: '新人券 2' });
    await cloud.admin.ok('admin.setNewMemberGift', { couponId });
    expect((await cloud.as('o-gift-old').ok('user.login', {})).giftCouponId).toBeUndefined();
    await cloud.admin.ok('admin.setNewMemberGift', {});
    expect((await cloud.as('o-gift-none').ok('user.login', {})).giftCouponId).toBeUndefined();
    expect((await cloud.admin.ok('admin.settings', {})).newMemberCouponId).toBeNull();
  });
});

describe('a clerk deducting points', () => {
  async function aCode(openid: string) {
    await aMemberWithPoints(cloud, openid, 5_000);
    return (await cloud.as(openid).ok('user.memberCode', {})).code;
  }

  it('may deduct up to 1000 points at once; more is a manager\'s (FORBIDDEN, nothing taken)', async () => {
    await cloud.admin.ok('admin.addStaff', { openid: 'o-limit-clerk', role: 'clerk', storeId: 's1' });
    await cloud.admin.ok('admin.addStaff', { openid: 'o-limit-manager', role: 'manager', storeId: 's1' });
    const code = await aCode('o-limit-member');
    expect(await cloud.as('o-limit-clerk').call('staff.deductPoints', { code, points: 1001, reason: '大额', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.as('o-limit-clerk').ok('staff.deductPoints', { code, points: 1000, reason: '抵扣', idempotencyKey: aKey() })).toEqual({ pointsBalance: 4_000 });
    expect(await cloud.as('o-limit-manager').ok('staff.deductPoints', { code, points: 3_000, reason: '大额抵扣', idempotencyKey: aKey() })).toEqual({ pointsBalance: 1_000 });
  });
});
