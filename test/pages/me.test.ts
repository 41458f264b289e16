/** @jest-environment jsdom */
import { fakeBackend, mountPage, useBackend } from '../support/simulate';

const gold = { userId: 'u1', isNew: false, tier: 'gold', pointsBalance: 320, inviterUserId: null, roles: [] };

describe('me page', () => {
  it('logs in and shows the tier in Chinese in a TDesign tag and the points balance', async () => {
    const backend = fakeBackend({ 'user.login': () => gold });
    useBackend(backend);
    const page = await mountPage('pages/me/me');

    expect(backend.callsOf('user.login')).toHaveLength(1);
    expect(page.text('.tm-me__tier .t-tag')).toBe('黄金会员');
    expect(page.text('.tm-me__points-value')).toBe('320');
    expect(page.$('.tm-me__profile .t-avatar')).not.toBeNull();
  });

  it('lists the member entries as TDesign cells', async () => {
    useBackend(fakeBackend({ 'user.login': () => gold, 'points.balance': () => ({ balance: 320, expiring: [] }) }));
    const page = await mountPage('pages/me/me');

    const titles = Array.from(page.$$('.tm-me__entries .t-cell__title'), (el) => el.textContent?.trim());
    expect(titles).toEqual(['我的订单', '积分', '会员码', '我的拼团', '分销中心', '直播', '联盟权益', '门店核销（店员）']);
    expect(page.$$('.tm-me__entries .t-cell')).toHaveLength(titles.length);
  });

  it('refreshes the points balance when the tab shows again', async () => {
    const backend = fakeBackend({ 'user.login': () => gold, 'points.balance': () => ({ balance: 320, expiring: [] }) });
    useBackend(backend);
    const page = await mountPage('pages/me/me');

    backend.on({ 'points.balance': () => ({ balance: 1000, expiring: [] }) });
    await page.show();

    expect(page.text('.tm-me__points-value')).toBe('1000');
    expect(page.text('.tm-me__tier .t-tag')).toBe('黄金会员');
  });
});
