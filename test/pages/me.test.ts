/** @jest-environment jsdom */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInAction } from 'mobx-miniprogram';
import type { Res, Role } from '../../typings/api';
import { session } from '../../miniprogram/stores/session';
import { orderList } from '../../miniprogram/stores/orders';
import { wallet } from '../../miniprogram/stores/wallet';
import { classesOf, fakeBackend, mountPage, useBackend, type DomElement, type FakeHandlers } from '../support/simulate';

/* eslint-disable @typescript-eslint/no-explicit-any */
const wxAny = (globalThis as any).wx;

const DAY = 86_400_000;

function aLogin(overrides: Partial<Res<'user.login'>> = {}): Res<'user.login'> {
  return { userId: 'u1', isNew: false, tier: 'gold', pointsBalance: 320, inviterUserId: null, roles: [], ...overrides };
}

function aCoupon(overrides: Partial<Res<'coupon.mine'>['items'][number]> = {}): Res<'coupon.mine'>['items'][number] {
  return { couponId: 'c1', title: '满100减10', discountFen: 1000, minSpendFen: 10000, validUntil: Date.now() + DAY, used: false, ...overrides };
}

/** A backend for the tab: login as `login`, the given order counts and coupons. */
function meBackend(login: Res<'user.login'> = aLogin(), more: FakeHandlers = {}) {
  return fakeBackend({
    'user.login': () => login,
    'points.balance': () => ({ balance: login.pointsBalance, expiring: [] }),
    'order.counts': () => ({ pendingPayment: 0, toShip: 0, toReceive: 0, afterSale: 0 }),
    'coupon.mine': () => ({ items: [] }),
    ...more,
  });
}

const navigateTo = jest.fn();

beforeEach(() => {
  navigateTo.mockReset();
  wxAny.navigateTo = navigateTo;
  // Each test logs in afresh, as a cold start would.
  runInAction(() => {
    session.userId = null;
    session.roles = [];
    session.giftCouponId = null;
    orderList.counts = null;
    wallet.coupons = null;
  });
});

const entryTitles = (page: Awaited<ReturnType<typeof mountPage>>) =>
  Array.from(page.$$('.tm-me__entries .tm-me__entry-title'), (el) => el.textContent?.trim());

describe('me page', () => {
  it('logs in and shows the tier in Chinese in a TDesign tag and the points balance', async () => {
    const backend = meBackend();
    useBackend(backend);
    const page = await mountPage('pages/me/me');

    expect(backend.callsOf('user.login')).toHaveLength(1);
    expect(page.text('.tm-me__tier .t-tag')).toBe('黄金会员');
    expect(page.text('.tm-me__points-value')).toBe('320');
    expect(page.$('.tm-me__profile .t-avatar')).not.toBeNull();
  });

  it('refreshes the points balance when the tab shows again', async () => {
    const backend = meBackend();
    useBackend(backend);
    const page = await mountPage('pages/me/me');

    backend.on({ 'points.balance': () => ({ balance: 1000, expiring: [] }) });
    await page.show();

    expect(page.text('.tm-me__points-value')).toBe('1000');
    expect(page.text('.tm-me__tier .t-tag')).toBe('黄金会员');
  });

  describe('the order row', () => {
    it('shows each tab’s count from order.counts as a badge, none for an empty tab', async () => {
      useBackend(meBackend(aLogin(), { 'order.counts': () => ({ pendingPayment: 2, toShip: 0, toReceive: 1, afterSale: 120 }) }));
      const page = await mountPage('pages/me/me');

      const tabs = page.$$('.tm-me__order-tab');
      const inside = (tab: DomElement, cls: string) => Array.from(tab.querySelectorAll('*')).find((el) => classesOf(el).includes(cls));
      expect(tabs.map((t) => inside(t, 'tm-me__order-title')?.textContent)).toEqual(['待付款', '待发货', '待收货', '售后']);
      expect(tabs.map((t) => inside(t, 'tm-me__order-badge')?.textContent ?? null)).toEqual(['2', null, '1', '99+']);
    });

    it('opens the order list on the tapped tab', async () => {
      useBackend(meBackend());
      const page = await mountPage('pages/me/me');

      await page.tap(page.$$('.tm-me__order-tab')[2]);
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/orders/orders?status=shipped' });
      await page.tap(page.$$('.tm-me__order-tab')[3]);
      expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/store/orders/orders?status=afterSale' });
    });
  });

  it('counts only the coupons still usable: unused and not expired', async () => {
    useBackend(meBackend(aLogin(), { 'coupon.mine': () => ({ items: [
      aCoupon({ couponId: 'c1' }),
      aCoupon({ couponId: 'c2', used: true }),
      aCoupon({ couponId: 'c3', validUntil: Date.now() - 1000 }),
      aCoupon({ couponId: 'c4' }),
    ] }) }));
    const page = await mountPage('pages/me/me');

    expect(page.text('.tm-me__coupons-value')).toBe('2');
  });

  describe('entries by role', () => {
    it.each<[string, Role[], string[]]>([
      ['a shopper', [], []],
      ['a store clerk', ['staff'], ['门店核销（店员）']],
      ['a live host', ['host'], ['主播控制台']],
      ['a host who is also staff', ['host', 'staff'], ['主播控制台', '门店核销（店员）']],
    ])('shows %s the member entries plus only their own role’s', async (_who, roles, extra) => {
      useBackend(meBackend(aLogin({ roles })));
      const page = await mountPage('pages/me/me');

      expect(entryTitles(page)).toEqual(['我的拼团', '会员码', '分销中心', '直播', '联盟权益', '隐私中心', ...extra]);
    });
  });

  it('offers customer service through the platform’s contact button', async () => {
    useBackend(meBackend());
    const page = await mountPage('pages/me/me');

    expect(page.text('.tm-me__contact')).toBe('联系客服');
    // simulate renders no attributes of native buttons: the template is what WeChat reads.
    const wxml = readFileSync(join(__dirname, '../../miniprogram/pages/me/me.wxml'), 'utf8');
    expect(wxml).toMatch(/<button class="tm-me__contact" open-type="contact"/);
  });

  describe('when the login granted a new-member gift', () => {
    it('says the gift coupon is in the wallet and opens the member’s coupons on tap', async () => {
      useBackend(meBackend(aLogin({ isNew: true, giftCouponId: 'cpn_welcome' })));
      const page = await mountPage('pages/me/me');

      expect(page.text('.tm-me__gift-text')).toContain('新人礼券');
      await page.tap('.tm-me__gift');
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/coupons/coupons?tab=mine' });
      expect(page.$('.tm-me__gift')).toBeNull();
    });

    it('promises nothing when the login granted none', async () => {
      useBackend(meBackend(aLogin({ isNew: true })));
      const page = await mountPage('pages/me/me');
      expect(page.$('.tm-me__gift')).toBeNull();
    });
  });
});
