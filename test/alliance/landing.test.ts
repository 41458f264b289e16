/** alliance.landing and dual membership through the local cloud, with the store's real coupon claim. */
import { all, startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { aPartner } from '../support/growth';

const cloud = startCloud();
let couponId = '';
const aCoupon = (over = {}) => ({ title: '联名券', discountFen: 500, minSpendFen: 0, total: 100, perUserLimit: 5, validUntil: Date.now() + 7 * 86_400_000, ...over });

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner());
  ({ couponId } = await cloud.admin.ok('admin.createCoupon', aCoupon()));
});

describe('landing from a partner mini-program', () => {
  it('attributes a known partner app and claims the named coupon', async () => {
    const out = await cloud.as('o-land-1').ok('alliance.landing', { fromAppId: 'wx-partner-coffee', extraData: { coupon_id: couponId } });
    expect(out).toEqual({ attributed: true, couponId });
    expect(cloud.count('user_coupons', { userId: userIdFor('o-land-1'), couponId })).toBe(1);
    expect(cloud.count('alliance_landings', { userId: userIdFor('o-land-1'), partnerId: 'coffee' })).toBe(1);
  });

  it('claims once however often the member lands again', async () => {
    for (let i = 0; i < 3; i++) await cloud.as('o-land-2').ok('alliance.landing', { fromAppId: 'wx-partner-coffee', extraData: { coupon_id: couponId } });
    expect(cloud.count('user_coupons', { userId: userIdFor('o-land-2'), couponId })).toBe(1);
    expect(cloud.count('alliance_landings', { userId: userIdFor('o-land-2') })).toBe(3);
  });

  it('claims once when 15 landings race, even with a per-user limit above one', async () => {
    const results = await all(15, () => cloud.as('o-land-3').ok('alliance.landing', { fromAppId: 'wx-partner-coffee', extraData: { coupon_id: couponId } }));
    expect(cloud.count('user_coupons', { userId: userIdFor('o-land-3'), couponId })).toBe(1);
    expect(results.filter((r) => r.couponId === couponId).length).toBeGreaterThanOrEqual(1);
  });

  it('records an unknown app as unattributed and claims nothing for a dead coupon', async () => {
    const { couponId: expired } = await cloud.admin.ok('admin.createCoupon', aCoupon({ validUntil: Date.now() + 1000 }));
    cloud.advance(2000);
    const out = await cloud.as('o-land-4').ok('alliance.landing', { fromAppId: 'wx-stranger', extraData: { coupon_id: expired } });
    expect(out).toEqual({ attributed: false });
    expect(cloud.count('user_coupons', { userId: userIdFor('o-land-4') })).toBe(0);
    expect(cloud.count('alliance_landings', { userId: userIdFor('o-land-4'), partnerId: null })).toBe(1);
  });
});

describe('dual membership', () => {
  it('holds after a landing from the partner, not before', async () => {
    expect(await cloud.as('o-dual').ok('alliance.dualMembership', { partnerId: 'coffee' })).toEqual({ dualMember: false });
    await cloud.as('o-dual').ok('alliance.landing', { fromAppId: 'wx-partner-coffee' });
    expect(await cloud.as('o-dual').ok('alliance.dualMembership', { partnerId: 'coffee' })).toMatchObject({ dualMember: true, via: 'landing' });
  });
});
