/** @jest-environment jsdom */
import { runInAction } from 'mobx-miniprogram';
import { session } from '../../miniprogram/stores/session';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { aDashboard } from './admin-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
// The first test of a file builds the mirror and compiles the templates: slow on a busy machine.
jest.setTimeout(90_000);
const wxApi = (globalThis as any).wx;
let urls: string[] = [];
beforeEach(() => {
  urls = [];
  wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
});

describe('back-office home', () => {
  it('shows today’s paid amount in yuan, the orders and the new members', async () => {
    useBackend(fakeBackend({ 'admin.dashboard': () => aDashboard() }));
    const page = await mountPage('packages/admin/index/index');

    expect(page.text('.tm-admin-home__paid')).toBe('1288.00');
    expect(page.text('.tm-admin-home__orders')).toBe('12');
    expect(page.text('.tm-admin-home__members')).toBe('5');
    expect(page.text('.tm-admin-home__refunded')).toBe('39.90');
  });

  it('lists what waits, and each count opens its list', async () => {
    useBackend(fakeBackend({ 'admin.dashboard': () => aDashboard({ pending: { toShip: 3, afterSales: 2, withdrawals: 1, riskFlagged: 4, riskAlerts: 0 } }) }));
    const page = await mountPage('packages/admin/index/index');

    expect(page.text('.tm-admin-home__tile-label')).toBe('待发货 待审售后 待审提现 风控订单 风险告警');
    expect(page.text('.tm-admin-home__tile-count')).toBe('3 2 1 4 0');
    expect(page.$$('.tm-admin-home__tile--hot')).toHaveLength(4);

    await page.tap('.tm-admin-home__tile--toShip');
    await page.tap('.tm-admin-home__tile--afterSales');
    await page.tap('.tm-admin-home__tile--withdrawals');
    expect(urls).toEqual(['/packages/admin/orders/orders?status=paid', '/packages/admin/aftersales/aftersales', '/packages/admin/withdrawals/withdrawals']);
  });

  it('draws the last 7 days as bars scaled to the best day', async () => {
    useBackend(fakeBackend({ 'admin.dashboard': () => aDashboard() }));
    const page = await mountPage('packages/admin/index/index');

    const bars = page.$$('.tm-admin-home__bar');
    expect(bars).toHaveLength(7);
    expect(bars.map((b) => b.getAttribute('style'))).toEqual([14, 29, 43, 57, 71, 86, 100].map((h) => `height: ${h}%`));
    expect(page.text('.tm-admin-home__bar-label')).toBe('11/25 11/26 11/27 11/28 11/29 11/30 12/1');
    expect(page.text('.tm-admin-home__chart .tm-admin-card__sub')).toBe('¥2800.00 · 28 单');
  });

  it('opens every section from the menu, with TDesign icons', async () => {
    useBackend(fakeBackend({ 'admin.dashboard': () => aDashboard() }));
    const page = await mountPage('packages/admin/index/index');

    expect(page.$$('.tm-admin-home__menu-item .t-icon')).toHaveLength(8);
    await page.tap('.tm-admin-home__menu-item--products');
    await page.tap('.tm-admin-home__menu-item--settings');
    expect(urls).toEqual(['/packages/admin/products/products', '/packages/admin/settings/settings']);
  });

  it('tells a shopper who found the page that it is for operators, and retries', async () => {
    const backend = fakeBackend({ 'admin.dashboard': () => fail('FORBIDDEN') });
    useBackend(backend);
    const page = await mountPage('packages/admin/index/index');
    expect(page.text('.tm-admin-home__error')).toContain('没有后台权限');

    backend.on({ 'admin.dashboard': () => aDashboard() });
    await page.tap('.tm-admin-home__retry');
    expect(page.$('.tm-admin-home__error')).toBeNull();
    expect(page.text('.tm-admin-home__paid')).toBe('1288.00');
  });
});

describe('the 我的 tab’s back-office entry', () => {
  const login = (roles: ('operator' | 'staff' | 'host')[]) => ({ userId: 'u1', isNew: false, tier: 'member', pointsBalance: 0, inviterUserId: null, roles });

  it('is shown to operators only, labelled 商家后台, and opens the back-office', async () => {
    const backend = fakeBackend({ 'user.login': () => login([]), 'points.balance': () => ({ balance: 0, expiring: [] }), 'order.counts': () => ({ pendingPayment: 0, toShip: 0, toReceive: 0, afterSale: 0 }), 'coupon.mine': () => ({ items: [] }) });
    useBackend(backend);
    const page = await mountPage('pages/me/me');
    expect(page.$('.tm-me__admin-entry')).toBeNull();

    // The same phone, now signed in as an operator.
    runInAction(() => { session.userId = null; });
    backend.on({ 'user.login': () => login(['operator']) });
    await page.show();

    expect(page.text('.tm-me__admin-entry .t-cell__title-text')).toBe('商家后台');
    await page.trigger('.tm-me__admin-entry', 'click');
    expect(urls).toEqual(['/packages/admin/index/index']);
  });
});
