/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import { runInAction } from 'mobx-miniprogram';
import type { CouponOffer } from '../../typings/api';
import { couponIdOf } from '../../miniprogram/utils/scene';
import { coupons } from '../../miniprogram/stores/coupons';
import { session } from '../../miniprogram/stores/session';
import { wallet } from '../../miniprogram/stores/wallet';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';

const anOffer = (overrides: Partial<CouponOffer> = {}): CouponOffer => ({
  couponId: 'cpn-10', title: '满 99 减 10', discountFen: 1000, minSpendFen: 9900, validUntil: Date.UTC(2026, 11, 31), remaining: 500, claimedByMe: false, ...overrides,
});

/** A coupon service: the centre's offers, and claims that count against `perUser`. */
function couponServer(offers: CouponOffer[], perUser = 1) {
  const held = new Map<string, number>();
  return fakeBackend({
    'user.login': () => ({ userId: 'u-me', isNew: false, tier: 'member', pointsBalance: 0, inviterUserId: null, roles: [] }),
    'coupon.available': () => ({ items: offers.map((o) => ({ ...o, claimedByMe: o.claimedByMe || (held.get(o.couponId) ?? 0) > 0 })) }),
    'coupon.claim': ({ couponId }) => {
      const count = held.get(couponId) ?? 0;
      if (!offers.some((o) => o.couponId === couponId)) return fail('NOT_FOUND');
      if (count >= perUser) return fail('LIMIT_EXCEEDED');
      held.set(couponId, count + 1);
      return { couponId, claimed: count + 1 };
    },
  });
}

const switchTab = jest.fn();
const navigateTo = jest.fn();
beforeEach(() => {
  switchTab.mockReset();
  navigateTo.mockReset();
  const wxAny = wx as unknown as Record<string, unknown>;
  wxAny.switchTab = switchTab;
  wxAny.navigateTo = navigateTo;
  runInAction(() => {
    coupons.offers = [];
    coupons.loaded = false;
  });
  coupons.clearNotice();
});

describe('the coupon centre', () => {
  it('lists each live coupon as a ticket with its value, minimum spend and validity', async () => {
    useBackend(couponServer([anOffer(), anOffer({ couponId: 'cpn-5', title: '新人立减', discountFen: 500, minSpendFen: 0, remaining: 3 })]));
    const page = await mountPage('packages/store/coupons/coupons');

    expect(page.$$('.tm-coupon')).toHaveLength(2);
    expect(page.text('.tm-coupon__amount')).toBe('¥10 ¥5');
    expect(page.text('.tm-coupon__rule')).toBe('满99可用 无门槛');
    expect(page.text('.tm-coupon__until')).toContain('有效期至 2026-12-31');
    expect(page.text('.tm-coupon__left')).toBe('仅剩 3 张');
  });

  it('claims a coupon in one tap, then offers 去使用 that leads to the mall', async () => {
    const backend = couponServer([anOffer()]);
    useBackend(backend);
    const page = await mountPage('packages/store/coupons/coupons');

    await page.tap('.tm-coupon__claim');

    expect(backend.callsOf('coupon.claim')).toEqual([{ couponId: 'cpn-10' }]);
    expect(page.text('.tm-coupons__notice')).toBe('领取成功，下单时自动可用');
    expect(page.$('.tm-coupon__claim')).toBeNull();
    await page.tap('.tm-coupon__use');
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/home' });
  });

  it('shows a sold-out coupon greyed, with its button disabled', async () => {
    useBackend(couponServer([anOffer({ remaining: 0 })]));
    const page = await mountPage('packages/store/coupons/coupons');

    expect(page.$('.tm-coupon--out')).not.toBeNull();
    expect(page.$('.tm-coupon__claim.t-button--disabled')).not.toBeNull();
    expect(page.text('.tm-coupon__claim')).toBe('已抢光');
  });
});

describe('我的优惠券 (the coupons page on its mine tab)', () => {
  const DAY = 86_400_000;
  const held = () => [
    { couponId: 'c-ok', title: '满 99 减 10', discountFen: 1000, minSpendFen: 9900, validUntil: Date.now() + 10 * DAY, used: false },
    { couponId: 'c-used', title: '新人立减', discountFen: 500, minSpendFen: 0, validUntil: Date.now() + 10 * DAY, used: true },
    { couponId: 'c-old', title: '中秋券', discountFen: 800, minSpendFen: 3900, validUntil: Date.now() - DAY, used: false },
  ];
  beforeEach(() => runInAction(() => { wallet.coupons = null; }));

  it('opens on 可使用 with 去使用, and sorts the others under 已使用 and 已过期, greyed and stamped', async () => {
    const backend = fakeBackend({ 'coupon.mine': () => ({ items: held() }) });
    useBackend(backend);
    const page = await mountPage('packages/store/coupons/coupons', { query: { tab: 'mine' } });

    expect(backend.callsOf('coupon.mine')).toHaveLength(1);
    expect(page.$$('.tm-mine')).toHaveLength(1);
    expect(page.text('.tm-mine')).toContain('满 99 减 10');
    expect(page.$('.tm-mine__use.t-button')).not.toBeNull();

    await page.tap(page.$$('.tm-coupons__filter')[1]);
    expect(page.text('.tm-mine')).toContain('新人立减');
    expect(page.$('.tm-mine.tm-ticket--off')).not.toBeNull();
    expect(page.text('.tm-mine__seal')).toBe('已使用');

    await page.tap(page.$$('.tm-coupons__filter')[2]);
    expect(page.text('.tm-mine')).toContain('中秋券');
    expect(page.text('.tm-mine__seal')).toBe('已过期');
    expect(page.$('.tm-mine__use')).toBeNull();
  });

  it('leads an empty wallet to the coupon centre', async () => {
    const backend = fakeBackend({ 'coupon.mine': () => ({ items: [] }), 'coupon.available': () => ({ items: [anOffer()] }) });
    useBackend(backend);
    const page = await mountPage('packages/store/coupons/coupons', { query: { tab: 'mine' } });

    expect(page.$('.tm-coupons__mine-empty .t-empty')).not.toBeNull();
    await page.tap('.tm-coupons__go-centre');

    expect(page.data.tab).toBe('centre');
    expect(page.$$('.tm-coupon')).toHaveLength(1);
  });
});

describe('the store QR landing (扫码领券)', () => {
  it('reads the coupon from the query or from the mini-program code’s scene', () => {
    expect(couponIdOf({ couponId: 'cpn-10' })).toBe('cpn-10');
    expect(couponIdOf({ scene: encodeURIComponent('c=cpn-10') })).toBe('cpn-10');
    expect(couponIdOf({ scene: 'cpn-10' })).toBe('cpn-10');
    expect(couponIdOf({ scene: encodeURIComponent('x=1&y=2') })).toBeNull();
    expect(couponIdOf({})).toBeNull();
  });

  it('logs in, claims the coupon at once, and offers 去使用', async () => {
    runInAction(() => { session.userId = null; });
    const backend = couponServer([anOffer()]);
    useBackend(backend);
    const page = await mountPage('packages/store/coupon/coupon', { query: { scene: encodeURIComponent('c=cpn-10') } });

    expect(backend.callsOf('user.login')).toHaveLength(1);
    expect(backend.callsOf('coupon.claim')).toEqual([{ couponId: 'cpn-10' }]);
    expect(page.text('.tm-landing__done')).toBe('领取成功，已放入你的券包');
    expect(page.text('.tm-landing__amount')).toBe('¥10');
    await page.tap('.tm-landing__use');
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/home' });
  });

  it('treats a second scan as already held, not as a failure', async () => {
    const backend = couponServer([anOffer()]);
    await backend('coupon', { action: 'claim', couponId: 'cpn-10' });
    useBackend(backend);
    const page = await mountPage('packages/store/coupon/coupon', { query: { couponId: 'cpn-10' } });

    expect(page.text('.tm-landing__done')).toBe('你已领过这张券，可直接使用');
    expect(page.$('.tm-landing__use')).not.toBeNull();
  });

  it('says so when the code names no coupon the shop has', async () => {
    useBackend(couponServer([anOffer()]));
    const page = await mountPage('packages/store/coupon/coupon', { query: { couponId: 'cpn-gone' } });

    expect(page.text('.tm-landing__failed')).toContain('优惠券不存在或已结束');
  });
});
