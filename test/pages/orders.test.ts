/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { OrderView } from '../../typings/api';
import { fail, fakeBackend, mountPage, prefixSelector, useBackend } from '../support/simulate';
import { errorText } from '../../miniprogram/utils/errors';

let seq = 0;
const anOrder = (overrides: Partial<OrderView> = {}): OrderView => {
  seq += 1;
  return {
    orderId: `o-${seq}`, status: 'paid', totalFen: 3980, discountFen: 0, payableFen: 3980,
    items: [{ skuId: 's1', productId: 'p1', title: '赣南脐橙', skuName: '5斤装', priceFen: 1990, quantity: 2, lineTotalFen: 3980, discountFen: 0 }],
    ...overrides,
  };
};

const navigateTo = jest.fn();
const requestPayment = jest.fn();
const showToast = jest.fn();
const wxAny = wx as unknown as Record<string, unknown>;
beforeEach(() => {
  navigateTo.mockReset();
  requestPayment.mockReset();
  showToast.mockReset();
  wxAny.navigateTo = navigateTo;
  wxAny.requestPayment = requestPayment;
  wxAny.showToast = showToast;
});

const freshPayment = (orderId: string) => ({ orderId, payment: { outTradeNo: orderId, timeStamp: '9', nonceStr: 'n9', package: `prepay_id=${orderId}`, signType: 'RSA', paySign: 's9' } });

/** The list page also asks for the tabs' badges. */
const withCounts = (handlers: Parameters<typeof fakeBackend>[0] = {}) =>
  fakeBackend({ 'order.counts': () => ({ pendingPayment: 0, toShip: 0, toReceive: 0, afterSale: 0 }), ...handlers });

describe('order list page', () => {
  it('lists orders under real TDesign tabs, with status and payable in yuan', async () => {
    const backend = withCounts({
      'order.list': () => ({ items: [anOrder({ status: 'pendingPayment', payableFen: 2980 }), anOrder({ status: 'shipped', groupId: 'g1' })], nextCursor: null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/store/orders/orders');

    expect(page.$('.tm-orders__tabs.t-tabs')).not.toBeNull();
    // 全部 and the four a shopper waits on: they fit the phone's width without scrolling.
    expect(page.$$('.t-tabs__item')).toHaveLength(5);
    expect(page.$$('.tm-orders__card')).toHaveLength(2);
    expect(page.text('.tm-orders__status')).toBe('待付款 待收货');
    expect(page.$$('.tm-orders__status.t-tag')).toHaveLength(2);
    expect(page.text('.tm-orders__payable')).toBe('¥29.80 ¥39.80');
    expect(page.$$('.tm-orders__group-tag.t-tag')).toHaveLength(1);
    expect(backend.callsOf('order.list')).toEqual([{ limit: 10 }]);
    expect(page.text('.tm-orders__end')).toBe('没有更多了');
  });

  it('counts the orders waiting on each tab (待付款 / 待发货 / 待收货 / 售后), and shows readable order numbers', async () => {
    useBackend(withCounts({
      'order.counts': () => ({ pendingPayment: 2, toShip: 0, toReceive: 1, afterSale: 4 }),
      'order.list': () => ({ items: [anOrder({ orderId: 'ord_37af09c1e2b4', status: 'pendingPayment' })], nextCursor: null }),
    }));
    const page = await mountPage('packages/store/orders/orders');

    const badges = page.$$('.t-tabs__item').map((tab) => (tab.textContent ?? '').replace(/\s+/g, ''));
    expect(badges).toEqual(['全部', '待付款2', '待发货', '待收货1', '售后4']);
    expect(page.text('.tm-orders__no')).toBe('订单号 37AF 09C1 E2B4');
    expect(page.text('.tm-orders__pay')).toBe('去支付');
  });

  it('shows the goods: one line with its thumbnail in full, several as a strip of thumbnails', async () => {
    const line = (n: number) => ({ skuId: `s${n}`, productId: `p${n}`, title: `茶${n}`, skuName: '罐装', priceFen: 1000, quantity: 1, lineTotalFen: 1000, discountFen: 0, cover: `https://img.test/${n}.png` });
    useBackend(withCounts({
      'order.list': () => ({ items: [anOrder({ items: [line(1)] }), anOrder({ items: [line(2), line(3), line(4)] })], nextCursor: null }),
    }));
    const page = await mountPage('packages/store/orders/orders');

    const [one, several] = page.$$('.tm-orders__card');
    expect(one.querySelectorAll(prefixSelector('.tm-orders__line .t-image'))).toHaveLength(1);
    expect(one.textContent).toContain('茶1');
    expect(several.querySelector(prefixSelector('.tm-orders__line'))).toBeNull();
    expect(several.querySelectorAll(prefixSelector('.tm-orders__strip .t-image'))).toHaveLength(3);
    expect(several.textContent).toContain('茶2 等3种商品');
  });

  it('colours the status by what it waits on, and offers the card’s action for it', async () => {
    useBackend(withCounts({
      'order.list': () => ({ items: [anOrder({ status: 'pendingPayment' }), anOrder({ status: 'paid' }), anOrder({ status: 'completed' }), anOrder({ status: 'cancelled' })], nextCursor: null }),
    }));
    const page = await mountPage('packages/store/orders/orders');

    const themes = page.$$('.tm-orders__status').map((tag) => ['primary', 'warning', 'success', 'default'].find((t) => tag.className.includes(`t-tag--${t}`)));
    expect(themes).toEqual(['primary', 'warning', 'success', 'default']);
    expect(page.$$('.tm-orders__action').map((b) => b.textContent?.trim())).toEqual(['去支付', '再次购买']);

    await page.tap('.tm-orders__again');
    expect(navigateTo.mock.calls).toEqual([[{ url: '/packages/store/product/product?productId=p1' }]]);
  });

  describe('paying from the list (pay later)', () => {
    it('pays right on the card with fresh payment parameters, then lists the order as paid', async () => {
      let status: OrderView['status'] = 'pendingPayment';
      const backend = withCounts({
        'order.list': () => ({ items: [anOrder({ orderId: 'o-pay-later', status, payDeadlineAt: Date.now() + 10 * 60_000 })], nextCursor: null }),
        'order.pay': ({ orderId }) => freshPayment(orderId),
      });
      requestPayment.mockImplementation((o: { success: () => void }) => {
        status = 'paid';
        o.success();
      });
      useBackend(backend);
      const page = await mountPage('packages/store/orders/orders');

      await page.tap('.tm-orders__pay');

      expect(backend.callsOf('order.pay')).toEqual([{ orderId: 'o-pay-later' }]);
      expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=o-pay-later' }));
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '支付成功' }));
      expect(navigateTo).not.toHaveBeenCalled();
      expect(page.text('.tm-orders__status')).toBe('待发货');
      expect(page.$('.tm-orders__pay-left')).toBeNull();
      page.unmount();
    });

    it('says so when the cashier is closed, and keeps the order payable', async () => {
      useBackend(withCounts({
        'order.list': () => ({ items: [anOrder({ orderId: 'o-pay-cancel', status: 'pendingPayment', payDeadlineAt: Date.now() + 10 * 60_000 })], nextCursor: null }),
        'order.pay': ({ orderId }) => freshPayment(orderId),
      }));
      requestPayment.mockImplementation((o: { fail: (e: object) => void }) => o.fail({ errMsg: 'requestPayment:fail cancel' }));
      const page = await mountPage('packages/store/orders/orders');

      await page.tap('.tm-orders__pay');

      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消支付，可稍后继续支付' }));
      expect(page.$$('.tm-orders__pay')).toHaveLength(1);
      page.unmount();
    });

    it('tells why when the server refuses to pay (the deadline has passed)', async () => {
      const backend = withCounts({
        'order.list': () => ({ items: [anOrder({ orderId: 'o-pay-late', status: 'pendingPayment', payDeadlineAt: Date.now() + 60_000 })], nextCursor: null }),
        'order.pay': () => fail('INVALID_STATE', 'the payment deadline has passed'),
      });
      useBackend(backend);
      const page = await mountPage('packages/store/orders/orders');

      await page.tap('.tm-orders__pay');

      expect(requestPayment).not.toHaveBeenCalled();
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ icon: 'none', title: errorText('INVALID_STATE') }));
      // The list is read again (the order timer may have closed it).
      expect(backend.callsOf('order.list').length).toBeGreaterThan(1);
      page.unmount();
    });

    it('counts down the time left to pay on a pending card only', async () => {
      useBackend(withCounts({
        'order.list': () => ({ items: [anOrder({ status: 'pendingPayment', payDeadlineAt: Date.now() + 14 * 60_000 + 30_500 }), anOrder({ status: 'paid' })], nextCursor: null }),
      }));
      const page = await mountPage('packages/store/orders/orders');

      expect(page.$$('.tm-orders__pay-left')).toHaveLength(1);
      expect(page.text('.tm-orders__pay-left')).toMatch(/^剩余 00:14:(30|29)$/);
      page.unmount();
    });
  });

  it('asks for one status when its tab is tapped, and drops the other tab’s orders', async () => {
    const backend = withCounts({
      'order.list': (req) => ({ items: req.status ? [anOrder({ status: req.status })] : [anOrder(), anOrder()], nextCursor: null }),
    });
    useBackend(backend);
    const page = await mountPage('packages/store/orders/orders');
    expect(page.$$('.tm-orders__card')).toHaveLength(2);

    await page.tap(page.$$('.t-tabs__item')[1]);

    expect(backend.callsOf('order.list').at(-1)).toEqual({ limit: 10, status: 'pendingPayment' });
    expect(page.$$('.tm-orders__card')).toHaveLength(1);
    expect(page.text('.tm-orders__status')).toBe('待付款');
    expect(page.$('.t-tabs__item--active')?.textContent).toContain('待付款');
  });

  it('opens on the tab named in the query', async () => {
    const backend = withCounts({ 'order.list': () => ({ items: [], nextCursor: null }) });
    useBackend(backend);
    await mountPage('packages/store/orders/orders', { query: { status: 'shipped' } });

    expect(backend.callsOf('order.list')).toEqual([{ limit: 10, status: 'shipped' }]);
  });

  it('loads the next page with the cursor on reach-bottom', async () => {
    const backend = withCounts({
      'order.list': (req) => (req.cursor === 'c2' ? { items: [anOrder()], nextCursor: null } : { items: [anOrder(), anOrder()], nextCursor: 'c2' }),
    });
    useBackend(backend);
    const page = await mountPage('packages/store/orders/orders');
    expect(page.$('.tm-orders__end')).toBeNull();

    await page.reachBottom();

    expect(page.$$('.tm-orders__card')).toHaveLength(3);
    expect(backend.callsOf('order.list').map((r) => r.cursor)).toEqual([undefined, 'c2']);
    await page.reachBottom();
    expect(backend.callsOf('order.list')).toHaveLength(2);
  });

  it('opens an order when its card is tapped', async () => {
    useBackend(withCounts({ 'order.list': () => ({ items: [anOrder({ orderId: 'o-42' })], nextCursor: null }) }));
    const page = await mountPage('packages/store/orders/orders');

    await page.tap('.tm-orders__card');

    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/order/order?orderId=o-42' });
  });

  it('shows skeleton cards (TDesign skeletons) while the first page is on its way', async () => {
    let answer: (p: { items: OrderView[]; nextCursor: null }) => void = () => undefined;
    useBackend(withCounts({ 'order.list': () => new Promise((resolve) => { answer = resolve; }) }));
    const page = await mountPage('packages/store/orders/orders');
    expect(page.$$('.tm-orders__loading .t-skeleton').length).toBeGreaterThan(0);

    answer({ items: [anOrder()], nextCursor: null });
    await page.reachBottom();
    expect(page.$('.tm-orders__loading')).toBeNull();
    expect(page.$$('.tm-orders__card')).toHaveLength(1);
  });

  it('shows the TDesign empty state when there are no orders', async () => {
    useBackend(withCounts({ 'order.list': () => ({ items: [], nextCursor: null }) }));
    const page = await mountPage('packages/store/orders/orders');

    expect(page.$('.tm-orders__empty .t-empty')).not.toBeNull();
    expect(page.text('.tm-orders__empty')).toContain('暂无订单');
    const switchTab = jest.fn();
    (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
    await page.tap('.tm-orders__go-shop');
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/home' });
  });

  it('shows an error with a retry that loads again', async () => {
    const backend = withCounts({ 'order.list': () => fail('INTERNAL') });
    useBackend(backend);
    const page = await mountPage('packages/store/orders/orders');
    expect(page.$('.tm-orders__error .t-empty')).not.toBeNull();

    backend.on({ 'order.list': () => ({ items: [anOrder()], nextCursor: null }) });
    await page.tap('.tm-orders__retry');

    expect(page.$$('.tm-orders__card')).toHaveLength(1);
    expect(page.$('.tm-orders__error')).toBeNull();
  });
});
