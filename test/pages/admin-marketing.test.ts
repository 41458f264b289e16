/** @jest-environment jsdom */
import type { AdminCampaignView } from '../../typings/api';
import { fakeBackend, mountPage, useBackend } from '../support/simulate';
import { aCoupon, aGroupCampaign, aLiveRoom, anAdminProduct } from './admin-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
// The first test of a file builds the mirror and compiles the templates: slow on a busy machine.
jest.setTimeout(90_000);
const wxApi = (globalThis as any).wx;
let urls: string[] = [];
beforeEach(() => {
  urls = [];
  wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
  wxApi.navigateBack = jest.fn();
  wxApi.showToast = jest.fn();
  wxApi.setNavigationBarTitle = jest.fn();
  wxApi.showModal = jest.fn().mockResolvedValue({ confirm: true, cancel: false });
});

const products = () => ({ items: [anAdminProduct({ productId: 'p1', title: '明前龙井 100g' })], nextCursor: null });

describe('campaign list', () => {
  it('shows each kind under its tab with its terms in yuan', async () => {
    const backend = fakeBackend({
      'admin.listCampaigns': (req) => ({ items: req.kind === 'coupon' ? [aCoupon()] : [aGroupCampaign()], nextCursor: null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaigns/campaigns');

    expect(page.$$('.t-tabs__item').map((t) => t.textContent?.trim())).toEqual(['拼团', '秒杀', '优惠券', '满减折扣']);
    expect(page.text('.tm-admin-campaigns__terms')).toBe('3人团 ¥99.00 · 24小时成团 · 库存 50');
    expect(page.text('.tm-admin-campaigns__state')).toBe('进行中');

    await page.tap(page.$$('.t-tabs__item')[2]);
    expect(backend.callsOf('admin.listCampaigns').at(-1)).toEqual({ limit: 20, kind: 'coupon' });
    expect(page.text('.tm-admin-campaigns__terms')).toBe('满 ¥99.00 减 ¥10.00 · 剩 60/100 张 · 每人限 1 张');
  });

  it('stops a running campaign after a confirmation', async () => {
    let list: AdminCampaignView[] = [aGroupCampaign({ campaignId: 'gc-1' })];
    const backend = fakeBackend({
      'admin.listCampaigns': () => ({ items: list, nextCursor: null }),
      'admin.updateGroupCampaign': (req) => (list = list.map((c) => ({ ...c, active: req.active ?? c.active })))[0],
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaigns/campaigns');

    await page.tap('.tm-admin-campaigns__toggle');

    expect(backend.callsOf('admin.updateGroupCampaign')).toEqual([{ campaignId: 'gc-1', active: false }]);
    expect(page.text('.tm-admin-campaigns__state')).toBe('已停止');
    expect(page.text('.tm-admin-campaigns__toggle')).toBe('重新开启');
    expect(urls).toEqual([]);
  });

  it('opens a blank form of the tab’s kind, and a filled one for a card', async () => {
    useBackend(fakeBackend({ 'admin.listCampaigns': () => ({ items: [aGroupCampaign({ campaignId: 'gc-7' })], nextCursor: null }) }));
    const page = await mountPage('packages/admin/campaigns/campaigns');
    await page.tap('.tm-admin-campaigns__create');
    await page.tap('.tm-admin-campaigns__card');
    expect(urls).toEqual(['/packages/admin/campaign/campaign?kind=group', '/packages/admin/campaign/campaign?kind=group&id=gc-7']);
  });
});

describe('campaign form', () => {
  it('creates a group-buy on a SKU picked from the catalogue, price in fen, time limit in ms', async () => {
    const backend = fakeBackend({ 'admin.listProducts': products, 'admin.createGroupCampaign': () => ({ campaignId: 'gc-new' }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaign/campaign', { query: { kind: 'group' } });

    await page.trigger('.tm-admin-campaign__sku', 'click');
    expect(page.$$('.tm-admin-campaign__sku-sheet .t-radio')).toHaveLength(2);
    await page.trigger('.tm-admin-campaign__sku-options', 'change', { value: 'p1-s2' });
    expect(page.text('.tm-admin-campaign__sku .t-cell__description')).toBe('明前龙井 100g · 礼盒装 ¥168.00');
    await page.trigger('.tm-admin-campaign__price', 'change', { value: '129' });
    await page.trigger('.tm-admin-campaign__group-size', 'change', { value: '3' });
    await page.trigger('.tm-admin-campaign__stock', 'change', { value: '40' });
    await page.tap('.tm-admin-campaign__save');

    expect(backend.callsOf('admin.createGroupCampaign')).toEqual([{ skuId: 'p1-s2', groupPriceFen: 12900, groupSize: 3, durationMs: 24 * 3600_000, stock: 40 }]);
    expect(wxApi.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
  });

  it('refuses a flash sale that ends before it starts, on the field', async () => {
    const backend = fakeBackend({ 'admin.listProducts': products });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaign/campaign', { query: { kind: 'flash' } });
    await page.trigger('.tm-admin-campaign__sku', 'click');
    await page.trigger('.tm-admin-campaign__sku-options', 'change', { value: 'p1-s1' });
    await page.trigger('.tm-admin-campaign__price', 'change', { value: '99' });
    await page.trigger('.tm-admin-campaign__stock', 'change', { value: '20' });
    await page.trigger('.tm-admin-campaign__start', 'change', { value: '2026-06-18 20:00' });
    await page.trigger('.tm-admin-campaign__end', 'change', { value: '2026-06-18 19:00' });
    await page.tap('.tm-admin-campaign__save');

    expect(backend.calls.filter((c) => c.name === 'admin.createFlashSale')).toEqual([]);
    expect(page.text('.tm-admin-campaign__end .t-input__tips')).toBe('结束时间要晚于开始时间');
  });

  it('takes the flash-sale window in China time', async () => {
    const backend = fakeBackend({ 'admin.listProducts': products, 'admin.createFlashSale': () => ({ flashSaleId: 'fs-1' }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaign/campaign', { query: { kind: 'flash' } });
    await page.trigger('.tm-admin-campaign__sku', 'click');
    await page.trigger('.tm-admin-campaign__sku-options', 'change', { value: 'p1-s1' });
    await page.trigger('.tm-admin-campaign__price', 'change', { value: '99' });
    await page.trigger('.tm-admin-campaign__stock', 'change', { value: '20' });
    await page.trigger('.tm-admin-campaign__limit', 'change', { value: '2' });
    await page.trigger('.tm-admin-campaign__start', 'change', { value: '2026-06-18 20:00' });
    await page.trigger('.tm-admin-campaign__end', 'change', { value: '2026-06-18 22:00' });
    await page.tap('.tm-admin-campaign__save');

    expect(backend.callsOf('admin.createFlashSale')).toEqual([{ skuId: 'p1-s1', priceFen: 9900, stock: 20, perUserLimit: 2, startAt: Date.UTC(2026, 5, 18, 12), endAt: Date.UTC(2026, 5, 18, 14) }]);
  });

  it('puts every coupon mistake on its field and sends nothing', async () => {
    const backend = fakeBackend({ 'admin.listProducts': products });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaign/campaign', { query: { kind: 'coupon' } });
    await page.trigger('.tm-admin-campaign__discount', 'change', { value: '10.001' });
    await page.trigger('.tm-admin-campaign__valid-until', 'change', { value: '明天' });
    await page.tap('.tm-admin-campaign__save');

    expect(backend.calls.map((c) => c.name)).not.toContain('admin.createCoupon');
    expect(page.text('.tm-admin-campaign__title .t-input__tips')).toBe('请填写券名称');
    expect(page.text('.tm-admin-campaign__discount .t-input__tips')).toBe('请输入面额，如 19.90');
    expect(page.text('.tm-admin-campaign__total .t-input__tips')).toBe('请输入整数发放总量');
    expect(page.text('.tm-admin-campaign__valid-until .t-input__tips')).toBe('请按 2024-06-18 20:00 的格式填写有效期');
  });

  it('edits a stored coupon: a larger total adds the difference', async () => {
    const backend = fakeBackend({
      'admin.listProducts': products,
      'admin.listCampaigns': () => ({ items: [aCoupon({ couponId: 'cp-1', total: 100 })], nextCursor: null }),
      'admin.updateCoupon': () => aCoupon(),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/campaign/campaign', { query: { kind: 'coupon', id: 'cp-1' } });
    expect(page.data.f.title).toBe('满 99 减 10');
    expect(backend.callsOf('admin.listCampaigns')).toEqual([{ kind: 'coupon', limit: 50 }]); // the server's paging bound
    await page.trigger('.tm-admin-campaign__total', 'change', { value: '150' });
    await page.tap('.tm-admin-campaign__save');
    expect(backend.callsOf('admin.updateCoupon')).toEqual([{ couponId: 'cp-1', title: '满 99 减 10', perUserLimit: 1, validUntil: Date.UTC(2099, 0, 1), totalDelta: 50 }]);
  });
});

describe('live rooms', () => {
  it('lists rooms with status and opens the host console or the editor', async () => {
    useBackend(fakeBackend({ 'admin.listLiveRooms': () => ({ items: [aLiveRoom({ roomId: 'room-1', status: 'live' })], nextCursor: null }) }));
    const page = await mountPage('packages/admin/live/live');
    expect(page.text('.tm-admin-live__status')).toBe('直播中');
    expect(page.$('.tm-admin-live__cover.t-image')).not.toBeNull();

    await page.tap('.tm-admin-live__console');
    await page.tap('.tm-admin-live__edit');
    expect(urls).toEqual(['/packages/live/console/console?roomId=room-1', '/packages/admin/room/room?roomId=room-1']);
  });

  it('creates a room with a cover from the phone and products from the picker', async () => {
    wxApi.chooseMedia = jest.fn().mockResolvedValue({ tempFiles: [{ tempFilePath: 'http://tmp/cover.jpg' }] });
    wxApi.cloud.uploadFile = jest.fn().mockResolvedValue({ fileID: 'cloud://env/live/cover.jpg' });
    const backend = fakeBackend({
      'admin.listProducts': products,
      'admin.createLiveRoom': () => ({ roomId: 'room-new' }),
      'admin.updateLiveRoom': (req) => aLiveRoom({ roomId: req.roomId, cover: req.cover ?? null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/room/room');

    await page.tap('.tm-admin-room__save');
    expect(backend.callsOf('admin.createLiveRoom')).toEqual([]);
    expect(page.text('.tm-admin-room__title .t-input__tips')).toBe('请填写直播标题');
    expect(page.text('.tm-admin-room__products-error')).toBe('请至少选择一个直播商品');

    await page.tap('.tm-admin-room__add-cover');
    await page.trigger('.tm-admin-room__title', 'change', { value: '周末茶会' });
    await page.trigger('.tm-admin-room__host', 'change', { value: 'o-demo-host' });
    await page.trigger('.tm-admin-room__commission', 'change', { value: '5' });
    await page.tap('.tm-admin-room__product');
    expect(page.$('.tm-admin-room__check.t-checkbox')).not.toBeNull();
    await page.tap('.tm-admin-room__save');

    expect(backend.callsOf('admin.createLiveRoom')).toEqual([{ title: '周末茶会', hostOpenid: 'o-demo-host', productIds: ['p1'], hostCommissionBps: 500 }]);
    expect(backend.callsOf('admin.updateLiveRoom')).toEqual([{ roomId: 'room-new', cover: 'cloud://env/live/cover.jpg' }]);
  });

  it('schedules a push of one of the room’s products at a China-time instant', async () => {
    const backend = fakeBackend({
      'admin.listProducts': products,
      'admin.listLiveRooms': () => ({ items: [aLiveRoom({ roomId: 'room-1', productIds: ['p1'] })], nextCursor: null }),
      'live.room': () => ({ roomId: 'room-1', status: 'upcoming', currentGoods: null, schedule: [], serverNow: Date.now(), products: [] }),
      'live.schedulePush': () => ({}),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/room/room', { query: { roomId: 'room-1' } });
    await page.trigger('.tm-admin-room__push-product', 'click');
    await page.trigger('.tm-admin-room__push-options', 'change', { value: 'p1' });
    await page.trigger('.tm-admin-room__push-at', 'change', { value: '2099-06-18 20:30' });
    await page.tap('.tm-admin-room__schedule');
    expect(backend.callsOf('live.schedulePush')).toEqual([{ roomId: 'room-1', productId: 'p1', at: Date.UTC(2099, 5, 18, 12, 30) }]);

    await page.tap('.tm-admin-room__console');
    expect(urls).toEqual(['/packages/live/console/console?roomId=room-1']);
  });
});
