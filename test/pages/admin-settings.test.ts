/** @jest-environment jsdom */
import type { AdminSettingsView, AdminStaffView } from '../../typings/api';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { aPartnerView } from '../support/simulate-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
jest.setTimeout(90_000);
const wxApi = (globalThis as any).wx;
beforeEach(() => {
  wxApi.showModal = jest.fn().mockResolvedValue({ confirm: true, cancel: false });
});

const aStaff = (overrides: Partial<AdminStaffView> = {}): AdminStaffView => ({ openid: 'o-demo-clerk', role: 'clerk', storeId: 'store-sh-01', active: true, createdAt: Date.UTC(2026, 10, 1), ...overrides });

describe('staff and partners', () => {
  it('adds a clerk and removes one', async () => {
    let staff = [aStaff()];
    const backend = fakeBackend({
      'admin.listStaff': () => ({ items: staff, nextCursor: null }),
      'admin.listPartners': () => ({ items: [{ ...aPartnerView(), kind: 'partner' as const, tierMap: {} }] }),
      'admin.addStaff': (req) => { staff = [...staff, aStaff(req)]; return {}; },
      'admin.removeStaff': (req) => { staff = staff.filter((s) => s.openid !== req.openid); return { removed: true }; },
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/team/team');
    expect(page.text('.tm-admin-team__role')).toBe('店员');

    await page.tap('.tm-admin-team__add-staff');
    expect(backend.callsOf('admin.addStaff')).toEqual([]);
    expect(page.text('.tm-admin-team__staff-openid .t-input__tips')).toBe('请填写员工 openid');

    await page.trigger('.tm-admin-team__staff-openid', 'change', { value: 'o-new-manager' });
    await page.trigger('.tm-admin-team__staff-store', 'change', { value: 'store-sh-02' });
    await page.trigger('.tm-admin-team__role-options', 'change', { value: 'manager' });
    await page.tap('.tm-admin-team__add-staff');
    expect(backend.callsOf('admin.addStaff')).toEqual([{ openid: 'o-new-manager', storeId: 'store-sh-02', role: 'manager' }]);
    expect(page.text('.tm-admin-team__role')).toBe('店员 店长');

    await page.tap('.tm-admin-team__remove');
    expect(backend.callsOf('admin.removeStaff')).toEqual([{ openid: 'o-demo-clerk' }]);
    expect(page.$$('.tm-admin-team__staff')).toHaveLength(1);
  });

  it('shows the partner brands with their exchange ratio, and checks a new one', async () => {
    const backend = fakeBackend({
      'admin.listStaff': () => ({ items: [], nextCursor: null }),
      'admin.listPartners': () => ({ items: [{ ...aPartnerView(), kind: 'partner' as const, tierMap: {} }] }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/team/team', { query: { tab: 'partners' } });
    expect(page.text('.tm-admin-team__partner-name')).toBe('晨光咖啡');
    expect(page.text('.tm-admin-team__ratio')).toBe('100 积分 = 对方 1 积分');

    await page.trigger('.tm-admin-team__partner-app', 'change', { value: 'not-an-appid' });
    await page.trigger('.tm-admin-team__partner-cap', 'change', { value: '250' });
    await page.tap('.tm-admin-team__add-partner');
    expect(backend.calls.map((c) => c.name)).not.toContain('admin.addPartner');
    expect(page.text('.tm-admin-team__partner-app .t-input__tips')).toBe('请填写对方小程序的 AppID（wx 开头）');
  });
});

describe('shop settings', () => {
  const view = (): AdminSettingsView => ({
    tiers: [
      { tier: 'member', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 0, freeShipping: false } },
      { tier: 'gold', minLifetimeSpendFen: 100_000, benefits: { memberPriceBps: 500, freeShipping: true } },
    ],
    shipping: { feeFen: 800, freeOverFen: 9900 },
    commissionPlan: { level1Bps: 1000, level2Bps: 500, settleAfterMs: 7 * 86400_000 },
    riskRules: [{ id: 'big-new', kind: 'newAccountHighValue', params: { maxAccountAgeMs: 86_400_000, minPayableFen: 100_000 }, action: 'review', enabled: true }],
    csKeywords: [{ keywords: ['发货', '物流'], reply: '下单后 48 小时内发货' }],
    rewards: [{ rewardId: 'r1', title: '满 50 减 5 券', kind: 'coupon', costPoints: 500, stock: 20, couponId: 'c1' }],
    newMemberCouponId: null,
  });

  it('shows what is stored: shipping and commission in yuan and percent, tiers, rules, replies, rewards', async () => {
    useBackend(fakeBackend({ 'admin.settings': view }));
    const page = await mountPage('packages/admin/settings/settings');
    expect(page.data.sh).toEqual({ fee: '8.00', freeOver: '99.00' });
    expect(page.data.cm).toEqual({ level1: '10', level2: '5', settleDays: '7' });
    expect(page.$$('.tm-admin-settings__tier')).toHaveLength(2);
    expect(page.data.tiers[1].memberPercent).toBe('95');
    expect(page.text('.tm-admin-settings__risk-cell .t-cell__title-text')).toBe('新账号大额下单');
    expect(page.text('.tm-admin-settings__risk-cell .t-cell__description')).toBe('注册不满 1 天，单笔满 ¥1000.00');
    expect(page.$$('.tm-admin-settings__risk .t-switch')).toHaveLength(2);
    expect(page.text('.tm-admin-settings__reward .t-cell__description')).toBe('优惠券 · 500 积分 · 剩 20 份');
  });

  it('saves shipping in fen, and refuses a bad fee on the field', async () => {
    const backend = fakeBackend({ 'admin.settings': view, 'admin.setShipping': (req) => ({ feeFen: req.feeFen, freeOverFen: req.freeOverFen ?? null }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/settings/settings');
    await page.trigger('.tm-admin-settings__fee', 'change', { value: '八块' });
    await page.tap('.tm-admin-settings__save-shipping');
    expect(backend.callsOf('admin.setShipping')).toEqual([]);
    expect(page.text('.tm-admin-settings__fee .t-input__tips')).toBe('请输入运费，如 19.90');

    await page.trigger('.tm-admin-settings__fee', 'change', { value: '6' });
    await page.tap('.tm-admin-settings__save-shipping');
    expect(backend.callsOf('admin.setShipping')).toEqual([{ feeFen: 600, freeOverFen: 9900 }]);
    expect(page.text('.tm-admin-settings__shipping-notice')).toBe('运费设置已保存');
  });

  it('refuses tiers that do not rise, and saves member price as a discount in basis points', async () => {
    const backend = fakeBackend({ 'admin.settings': view, 'admin.setTiers': (req) => ({ tiers: req.rules.length }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/settings/settings');
    const mins = page.$$('.tm-admin-settings__tier-min');
    await page.trigger(mins[1], 'change', { value: '0' });
    await page.tap('.tm-admin-settings__save-tiers');
    expect(backend.callsOf('admin.setTiers')).toEqual([]);
    expect(page.text('.tm-admin-settings__tier-min .t-input__tips')).toBe('门槛须高于上一个等级');

    await page.trigger(mins[1], 'change', { value: '800' });
    await page.trigger(page.$$('.tm-admin-settings__tier-price')[1], 'change', { value: '90' });
    await page.tap('.tm-admin-settings__save-tiers');
    expect(backend.callsOf('admin.setTiers')).toEqual([{ rules: [
      { tier: 'member', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 0, freeShipping: false } },
      { tier: 'gold', minLifetimeSpendFen: 80_000, benefits: { memberPriceBps: 1000, freeShipping: true } },
    ] }]);
  });

  it('turns a risk rule into a blocking one, and says so in Chinese when the server refuses', async () => {
    const backend = fakeBackend({ 'admin.settings': view, 'admin.setRiskRules': () => fail('INVALID_ARGUMENT') });
    useBackend(backend);
    const page = await mountPage('packages/admin/settings/settings');
    await page.trigger(page.$$('.tm-admin-settings__risk .t-switch')[1], 'change', { value: true });
    expect(backend.callsOf('admin.setRiskRules')).toEqual([{ rules: [{ id: 'big-new', kind: 'newAccountHighValue', params: { maxAccountAgeMs: 86_400_000, minPayableFen: 100_000 }, action: 'block', enabled: true }] }]);
    expect(page.text('.tm-admin-settings__notice')).toBe('填写的内容有误，请检查后再提交');
  });

  it('saves customer-service replies with keywords split on Chinese commas', async () => {
    const backend = fakeBackend({ 'admin.settings': view, 'admin.setCsKeywords': () => ({}) });
    useBackend(backend);
    const page = await mountPage('packages/admin/settings/settings');
    await page.trigger('.tm-admin-settings__keyword-words', 'change', { value: '发货，物流、快递' });
    await page.tap('.tm-admin-settings__save-keywords');
    expect(backend.callsOf('admin.setCsKeywords')).toEqual([{ rules: [{ keywords: ['发货', '物流', '快递'], reply: '下单后 48 小时内发货' }] }]);
  });

  it('puts a coupon reward on the rights mall only with its coupon', async () => {
    const backend = fakeBackend({ 'admin.settings': view, 'admin.createReward': () => ({ rewardId: 'r2' }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/settings/settings');
    await page.trigger('.tm-admin-settings__reward-title', 'change', { value: '满 100 减 15 券' });
    await page.trigger('.tm-admin-settings__reward-cost', 'change', { value: '1500' });
    await page.trigger('.tm-admin-settings__reward-stock', 'change', { value: '30' });
    await page.tap('.tm-admin-settings__create-reward');
    expect(backend.callsOf('admin.createReward')).toEqual([]);
    expect(page.text('.tm-admin-settings__reward-coupon .t-input__tips')).toBe('请填写兑换的优惠券编号');

    await page.trigger('.tm-admin-settings__reward-coupon', 'change', { value: 'c-15' });
    await page.tap('.tm-admin-settings__create-reward');
    expect(backend.callsOf('admin.createReward')).toEqual([{ title: '满 100 减 15 券', kind: 'coupon', costPoints: 1500, stock: 30, couponId: 'c-15' }]);
  });
});
