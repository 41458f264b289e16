/** @jest-environment jsdom */
import type { AdminOrderView } from '../../typings/api';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { anAdminOrder } from './admin-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
// The first test of a file builds the mirror and compiles the templates: slow on a busy machine.
jest.setTimeout(90_000);
const wxApi = (globalThis as any).wx;
let urls: string[] = [];
beforeEach(() => {
  urls = [];
  wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
  wxApi.showToast = jest.fn();
  wxApi.showModal = jest.fn().mockResolvedValue({ confirm: true, cancel: false });
});

describe('order list (back-office)', () => {
  it('lists orders with readable numbers, buyer, masked phone, merchant status words and payable in yuan', async () => {
    const backend = fakeBackend({
      'admin.listOrders': () => ({ items: [anAdminOrder({ orderId: 'ord_5f3a91c2e0b7d4a6c8e1f203' }), anAdminOrder({ status: 'shipped', afterSale: { status: 'requested', reason: '破损', note: null, requestedAt: 1, reviewedAt: null, lines: [] } })], nextCursor: null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/admin/orders/orders');

    expect(page.$('.tm-admin-orders__search.t-search')).not.toBeNull();
    expect(page.$$('.t-tabs__item').map((t) => t.textContent?.trim())).toEqual(['全部', '待发货', '已发货', '待付款', '已完成', '已退款', '已取消']);
    expect(page.$$('.tm-admin-orders__card')).toHaveLength(2);
    expect(page.text('.tm-admin-orders__no').split(' 订单号 ')[0]).toBe('订单号 5F3A91C2E0B7D4A6C8E1F203');
    expect(page.text('.tm-admin-orders__status')).toBe('待发货 已发货');
    expect(page.$$('.tm-admin-orders__aftersale.t-tag')).toHaveLength(1);
    expect(page.text('.tm-admin-orders__buyer')).toBe('张三 138****8000 张三 138****8000');
    expect(page.text('.tm-admin-orders__payable')).toBe('¥256.00 ¥256.00');
    expect(page.text()).not.toContain('ord_');
  });

  it('searches by a phone tail within the chosen tab', async () => {
    const backend = fakeBackend({ 'admin.listOrders': () => ({ items: [anAdminOrder()], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/orders/orders', { query: { status: 'paid' } });
    expect(backend.callsOf('admin.listOrders')).toEqual([{ limit: 20, status: 'paid' }]);

    await page.trigger('.tm-admin-orders__search', 'submit', { value: '8000' });
    expect(backend.callsOf('admin.listOrders').at(-1)).toEqual({ limit: 20, status: 'paid', keyword: '8000' });
  });

  it('finds an order by its number as the detail page shows it (grouped, upper case)', async () => {
    const backend = fakeBackend({ 'admin.listOrders': () => ({ items: [anAdminOrder()], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/orders/orders');
    await page.trigger('.tm-admin-orders__search', 'submit', { value: '5F3A 91C2 E0B7 D4A6 C8E1 F203' });
    expect(backend.callsOf('admin.listOrders').at(-1)).toEqual({ limit: 20, keyword: 'ord_5f3a91c2e0b7d4a6c8e1f203' });
  });

  it('from the dashboard’s risk count, shows only the orders the risk rules flagged', async () => {
    useBackend(fakeBackend({ 'admin.listOrders': () => ({ items: [anAdminOrder({ risk: 'review' }), anAdminOrder({ risk: 'allow' })], nextCursor: null }) }));
    const page = await mountPage('packages/admin/orders/orders', { query: { risk: 'review' } });
    expect(page.$$('.tm-admin-orders__card')).toHaveLength(1);
    expect(page.$('.tm-admin-orders__risk.t-tag')).not.toBeNull();
    expect(page.text('.tm-admin-orders__risk-banner')).toContain('风控');
  });

  it('opens an order on tap, and shows the empty state when a search finds nothing', async () => {
    const backend = fakeBackend({ 'admin.listOrders': (req) => ({ items: req.keyword ? [] : [anAdminOrder({ orderId: 'ord_42' })], nextCursor: null }) });
    useBackend(backend);
    const page = await mountPage('packages/admin/orders/orders');
    await page.tap('.tm-admin-orders__card');
    expect(urls).toEqual(['/packages/admin/order/order?orderId=ord_42']);

    await page.trigger('.tm-admin-orders__search', 'submit', { value: '不存在' });
    expect(page.text('.tm-admin-orders__empty')).toBe('没有找到相关订单');
  });
});

describe('order detail (back-office)', () => {
  function shop(initial: AdminOrderView) {
    let order = initial;
    const backend = fakeBackend({
      'admin.orderDetail': () => order,
      'admin.ship': (req) => {
        order = { ...order, status: 'shipped', shipment: { carrier: req.carrier, trackingNo: req.trackingNo, shippedAt: Date.UTC(2026, 11, 1, 4) } };
        return { status: 'shipped' };
      },
      'admin.refund': (req) => {
        const lines = req.lines ?? order.items.map((i) => ({ skuId: i.skuId, quantity: i.quantity }));
        const refundedFen = lines.reduce((s, l) => s + l.quantity * order.items.find((i) => i.skuId === l.skuId)!.priceFen, 0);
        order = { ...order, status: req.lines ? order.status : 'refunded', refundedFen, refundedQuantities: Object.fromEntries(lines.map((l) => [l.skuId, l.quantity])) };
        return { status: order.status, refundedFen };
      },
      'admin.reviewRefund': (req) => {
        const afterSale = { ...order.afterSale!, status: req.approve ? 'approved' as const : 'rejected' as const, note: req.note ?? null, reviewedAt: 2 };
        order = { ...order, afterSale, status: req.approve ? 'refunded' : order.status };
        return { status: order.status, afterSale };
      },
    });
    useBackend(backend);
    return backend;
  }

  it('shows address, items, payment and a readable order number', async () => {
    shop(anAdminOrder({ orderId: 'ord_5f3a91c2e0b7d4a6c8e1f203', shippingFen: 800, payableFen: 26400 }));
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_5f3a91c2e0b7d4a6c8e1f203' } });

    expect(page.text('.tm-admin-order__status')).toBe('待发货');
    expect(page.text('.tm-admin-order__receiver')).toBe('张三 13800138000');
    expect(page.text('.tm-admin-order__region')).toBe('上海市黄浦区 南京东路 100 号');
    expect(page.text('.tm-admin-order__item-title')).toBe('明前龙井 100g');
    expect(page.text('.tm-admin-order__payable')).toBe('¥264.00');
    expect(page.text('.tm-admin-order__no')).toBe('5F3A 91C2 E0B7 D4A6 C8E1 F203');
    expect(page.text('.tm-admin-order__paid-at')).toBe('2026-12-01 10:31');
    expect(page.$('.tm-admin-order__address .t-icon')).not.toBeNull();
  });

  it('ships with a carrier from the sheet and a tracking number, then shows the shipment', async () => {
    const backend = shop(anAdminOrder({ orderId: 'ord_1' }));
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_1' } });

    await page.trigger('.tm-admin-order__carrier-cell', 'click');
    expect(page.$$('.tm-admin-order__carrier-sheet .t-radio')).toHaveLength(8);
    await page.trigger('.tm-admin-order__carriers', 'change', { value: '顺丰速运' });
    await page.trigger('.tm-admin-order__tracking-input', 'change', { value: ' SF1234567890 ' });
    await page.tap('.tm-admin-order__ship-submit');

    expect(backend.callsOf('admin.ship')).toEqual([{ orderId: 'ord_1', carrier: '顺丰速运', trackingNo: 'SF1234567890' }]);
    expect(page.text('.tm-admin-order__status')).toBe('已发货');
    expect(page.text('.tm-admin-order__carrier')).toBe('顺丰速运');
    expect(page.text('.tm-admin-order__tracking')).toContain('SF1234567890');
    expect(page.$('.tm-admin-order__ship')).toBeNull();
    expect(wxApi.showToast).toHaveBeenCalledWith({ title: '已发货', icon: 'success' });
  });

  it('puts the message on the fields when the carrier or tracking number is missing or bad, and ships nothing', async () => {
    const backend = shop(anAdminOrder({ orderId: 'ord_1' }));
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_1' } });

    await page.trigger('.tm-admin-order__tracking-input', 'change', { value: 'SF 12' });
    await page.tap('.tm-admin-order__ship-submit');

    expect(backend.callsOf('admin.ship')).toEqual([]);
    expect(page.text('.tm-admin-order__carrier-error')).toBe('请选择快递公司');
    expect(page.text('.tm-admin-order__tracking-input .t-input__tips')).toBe('运单号应为 8-30 位字母或数字');
  });

  it('shows the server’s refusal in Chinese when the order moved on', async () => {
    const backend = shop(anAdminOrder({ orderId: 'ord_1' }));
    backend.on({ 'admin.ship': () => fail('INVALID_STATE') });
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_1' } });
    await page.trigger('.tm-admin-order__carrier-cell', 'click');
    await page.trigger('.tm-admin-order__carriers', 'change', { value: '中通快递' });
    await page.trigger('.tm-admin-order__tracking-input', 'change', { value: 'ZT12345678' });
    await page.tap('.tm-admin-order__ship-submit');
    expect(page.text('.tm-admin-order__notice')).toBe('状态已变化，请刷新后再操作');
  });

  it('refunds one unit of a line with a reason, after a confirmation', async () => {
    const backend = shop(anAdminOrder({ orderId: 'ord_1' }));
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_1' } });

    await page.tap('.tm-admin-order__refund-open');
    expect(page.$('.tm-admin-order__refund-qty.t-stepper')).not.toBeNull();
    await page.trigger('.tm-admin-order__refund-qty', 'change', { value: 1 });
    await page.trigger('.tm-admin-order__refund-reason', 'change', { value: '缺货一件' });
    await page.tap('.tm-admin-order__refund-submit');

    expect(wxApi.showModal).toHaveBeenCalled();
    expect(backend.callsOf('admin.refund')).toEqual([{ orderId: 'ord_1', reason: '缺货一件', lines: [{ skuId: 's1', quantity: 1 }] }]);
    expect(page.text('.tm-admin-order__refunded')).toBe('¥128.00');
    expect(page.text('.tm-admin-order__item-refunded')).toBe('· 已退 1 件');
  });

  it('asks for a reason before refunding', async () => {
    const backend = shop(anAdminOrder({ orderId: 'ord_1' }));
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_1' } });
    await page.tap('.tm-admin-order__refund-open');
    await page.tap('.tm-admin-order__refund-submit');
    expect(backend.callsOf('admin.refund')).toEqual([]);
    expect(page.text('.tm-admin-order__refund-reason .t-input__tips')).toBe('请填写退款原因');
  });

  it('reviews the buyer’s after-sale request: a rejection needs a note, an approval refunds', async () => {
    const backend = shop(anAdminOrder({ orderId: 'ord_1', status: 'shipped', afterSale: { status: 'requested', reason: '收到破损', note: null, requestedAt: Date.UTC(2026, 11, 1), reviewedAt: null, lines: [] } }));
    const page = await mountPage('packages/admin/order/order', { query: { orderId: 'ord_1' } });
    expect(page.text('.tm-admin-order__aftersale-reason')).toBe('收到破损');

    await page.tap('.tm-admin-order__reject');
    expect(backend.callsOf('admin.reviewRefund')).toEqual([]);
    expect(page.text('.tm-admin-order__review-note .t-input__tips')).toBe('拒绝时请写明原因，买家会看到');

    await page.tap('.tm-admin-order__approve');
    expect(backend.callsOf('admin.reviewRefund')).toEqual([{ orderId: 'ord_1', approve: true }]);
    expect(page.text('.tm-admin-order__status')).toBe('已退款');
    expect(page.text('.tm-admin-order__aftersale-status')).toBe('已同意退款');
  });
});
