/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { OrderStatus, OrderView } from '../../typings/api';
import { rememberPayment } from '../../miniprogram/stores/orders';
import { fail, fakeBackend, type FakeBackend, mountPage, useBackend } from '../support/simulate';

const anOrder = (overrides: Partial<OrderView> = {}): OrderView => ({
  orderId: 'o-1', status: 'paid', totalFen: 3980, discountFen: 1000, payableFen: 2480, pointsUsed: 500,
  items: [{ skuId: 's1', productId: 'p1', title: '赣南脐橙', skuName: '5斤装', priceFen: 1990, quantity: 2, lineTotalFen: 3980, discountFen: 1000 }],
  ...overrides,
});

/** A server holding one order whose status the buyer's actions move. */
function serverWith(order: OrderView): FakeBackend {
  let current = order;
  const move = (status: OrderStatus) => {
    current = { ...current, status };
    return { status };
  };
  return fakeBackend({
    'order.detail': ({ orderId }) => (orderId === current.orderId ? current : fail('NOT_FOUND')),
    'order.cancel': () => move('cancelled'),
    'order.confirmReceipt': () => move('completed'),
    'order.refund': () => move('refunded'),
  });
}

const requestPayment = jest.fn();
const navigateTo = jest.fn();
const wxAny = wx as unknown as Record<string, unknown>;
beforeEach(() => {
  requestPayment.mockReset();
  navigateTo.mockReset();
  wxAny.requestPayment = requestPayment;
  wxAny.navigateTo = navigateTo;
});

const actionsOf = (page: { $$: (s: string) => { textContent: string | null }[] }) =>
  page.$$('.tm-order__action').map((b) => (b.textContent ?? '').trim());

describe('order detail page', () => {
  it('shows status, lines and the money in yuan', async () => {
    useBackend(serverWith(anOrder()));
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    expect(page.text('.tm-order__status-tag')).toBe('待发货');
    expect(page.$('.tm-order__status.tm-hero')).not.toBeNull();
    expect(page.$('.tm-order__status.tm-hero--muted')).toBeNull();
    expect(page.text('.tm-order__item-title')).toBe('赣南脐橙');
    expect(page.text('.tm-order__total')).toBe('¥39.80');
    expect(page.text('.tm-order__discount')).toBe('-¥10.00');
    expect(page.text('.tm-order__points')).toBe('使用 500 积分');
    expect(page.text('.tm-order__payable')).toBe('¥24.80');
  });

  it.each<[OrderStatus, string[]]>([
    ['pendingPayment', ['取消订单', '去支付']],
    ['paid', ['申请退款']],
    // Once shipped, a refund is an after-sale request the shop reviews.
    ['shipped', ['申请售后', '确认收货']],
    ['completed', ['申请售后']],
    ['cancelled', []],
    ['refunded', []],
  ])('offers the actions of a %s order as TDesign buttons', async (status, expected) => {
    useBackend(serverWith(anOrder({ status })));
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    expect(actionsOf(page)).toEqual(expected);
    expect(page.$$('.tm-order__action.t-button')).toHaveLength(expected.length);
  });

  describe('when a pending order is cancelled', () => {
    it('asks in a TDesign dialog first, then cancels and shows the new status', async () => {
      const backend = serverWith(anOrder({ status: 'pendingPayment' }));
      useBackend(backend);
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      await page.tap('.tm-order__action--cancel');
      expect(page.text('.tm-order__confirm.t-dialog')).toContain('确定取消这个订单吗？');
      expect(page.$('.tm-order__confirm-yes.t-button')).not.toBeNull();
      expect(backend.callsOf('order.cancel')).toHaveLength(0);

      await page.tap('.tm-order__confirm-yes');

      expect(backend.callsOf('order.cancel')).toEqual([{ orderId: 'o-1' }]);
      expect(page.text('.tm-order__status-tag')).toBe('已取消');
      expect(actionsOf(page)).toEqual([]);
    });

    it('does nothing when the dialog is dismissed', async () => {
      const backend = serverWith(anOrder({ status: 'pendingPayment' }));
      useBackend(backend);
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      await page.tap('.tm-order__action--cancel');
      await page.tap('.tm-order__confirm-no');

      expect(backend.callsOf('order.cancel')).toHaveLength(0);
      expect(page.text('.tm-order__status-tag')).toBe('待付款');
    });
  });

  it('confirms receipt of a shipped order after the dialog', async () => {
    const backend = serverWith(anOrder({ status: 'shipped' }));
    useBackend(backend);
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    await page.tap('.tm-order__action--confirmReceipt');
    await page.tap('.tm-order__confirm-yes');

    expect(backend.callsOf('order.confirmReceipt')).toEqual([{ orderId: 'o-1' }]);
    expect(page.text('.tm-order__status-tag')).toBe('已完成');
  });

  it('asks for a refund with the reason picked from TDesign radios', async () => {
    const backend = serverWith(anOrder({ status: 'completed' }));
    useBackend(backend);
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    await page.tap('.tm-order__action--refund');
    expect(page.$$('.tm-order__refund .t-radio')).toHaveLength(6);
    await page.tap(page.$$('.tm-order__reason')[2]);
    await page.tap('.tm-order__refund-submit');

    expect(backend.callsOf('order.refund')).toEqual([{ orderId: 'o-1', reason: '质量问题' }]);
    expect(page.text('.tm-order__status-tag')).toBe('已退款');
  });

  describe('the refund sheet', () => {
    it('shows the goods, what is still refundable and that a paid order is refunded at once', async () => {
      useBackend(serverWith(anOrder({ status: 'paid', payableFen: 2480, refundedFen: 480, items: [{ ...anOrder().items[0], cover: 'https://img.test/orange.png' }] })));
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      await page.tap('.tm-order__action--refund');

      expect(page.text('.tm-order__refund-title')).toBe('申请退款');
      expect(page.$$('.tm-order__refund-goods .t-image')).toHaveLength(1);
      expect(page.text('.tm-order__refund-amount')).toBe('¥20.00');
      expect(page.text('.tm-order__refund')).toContain('商品未发货，提交后原路退回');
    });

    it('tells a shipped order’s buyer that the shop reviews the after-sale first', async () => {
      useBackend(serverWith(anOrder({ status: 'shipped' })));
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      await page.tap('.tm-order__action--refund');

      expect(page.text('.tm-order__refund-title')).toBe('申请售后');
      expect(page.text('.tm-order__refund')).toContain('商家审核通过后原路退回');
    });
  });

  it('tells a closed order in a grey banner, and each line with its picture and what was refunded of it', async () => {
    useBackend(serverWith(anOrder({
      status: 'refunded', refundedFen: 2480, refundedQuantities: { s1: 2 },
      items: [{ ...anOrder().items[0], cover: 'https://img.test/orange.png' }],
    })));
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    expect(page.$('.tm-order__status.tm-hero--muted')).not.toBeNull();
    expect(page.$$('.tm-order__item .t-image')).toHaveLength(1);
    expect(page.text('.tm-order__item')).toContain('已退 2 件');
    expect(page.text('.tm-order__refunded')).toBe('¥24.80');
    expect(page.text('.tm-order__money')).toContain('免运费');
  });

  it('shows why the server refused an action, with the order as it now is', async () => {
    const backend = serverWith(anOrder({ status: 'shipped' }));
    backend.on({ 'order.confirmReceipt': () => fail('INVALID_STATE') });
    useBackend(backend);
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    await page.tap('.tm-order__action--confirmReceipt');
    await page.tap('.tm-order__confirm-yes');

    expect(page.text('.tm-order__message')).toBe('出错了，请稍后重试');
    expect(backend.callsOf('order.detail')).toHaveLength(2);
  });

  describe('paying a pending order', () => {
    it('opens WeChat Pay with the payment the order was created with, then reads the order again', async () => {
      const backend = serverWith(anOrder({ status: 'pendingPayment' }));
      useBackend(backend);
      rememberPayment('o-1', { outTradeNo: 'T1', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' });
      requestPayment.mockImplementation((o: { success: () => void }) => {
        backend.on({ 'order.detail': () => anOrder({ status: 'paid' }) });
        o.success();
      });
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      await page.tap('.tm-order__action--pay');

      expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=1', timeStamp: '1' }));
      expect(page.text('.tm-order__status-tag')).toBe('待发货');
    });

    it('says so when the buyer closes the cashier, and keeps the order payable', async () => {
      useBackend(serverWith(anOrder({ status: 'pendingPayment' })));
      rememberPayment('o-1', { outTradeNo: 'T1', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' });
      requestPayment.mockImplementation((o: { fail: (e: object) => void }) => o.fail({ errMsg: 'requestPayment:fail cancel' }));
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      await page.tap('.tm-order__action--pay');

      expect(page.text('.tm-order__message')).toBe('支付已取消，可稍后在此继续支付');
      expect(actionsOf(page)).toEqual(['取消订单', '去支付']);
    });
  });

  describe('after a failed payment (pay later)', () => {
    it('asks the server for fresh payment parameters when this session has none, and pays with them', async () => {
      const backend = serverWith(anOrder({ orderId: 'o-later', status: 'pendingPayment' }));
      backend.on({ 'order.pay': ({ orderId }) => ({ orderId, payment: { outTradeNo: 'T2', timeStamp: '2', nonceStr: 'n2', package: 'prepay_id=2', signType: 'RSA', paySign: 's2' } }) });
      requestPayment.mockImplementation((o: { success: () => void }) => {
        backend.on({ 'order.detail': () => anOrder({ orderId: 'o-later', status: 'paid' }) });
        o.success();
      });
      useBackend(backend);
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-later' } });

      await page.tap('.tm-order__action--pay');

      expect(backend.callsOf('order.pay')).toEqual([{ orderId: 'o-later' }]);
      expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=2' }));
      expect(page.text('.tm-order__status-tag')).toBe('待发货');
    });

    it('counts down to the payment deadline', async () => {
      useBackend(serverWith(anOrder({ status: 'pendingPayment', payDeadlineAt: Date.now() + 15 * 60_000 + 500 })));
      const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

      expect(page.text('.tm-order__deadline-time')).toMatch(/^00:1[45]:\d\d$/);
      page.unmount();
    });
  });

  it('shows the address, the carrier and tracking number, the after-sale and a readable order number', async () => {
    const setClipboardData = jest.fn();
    wxAny.setClipboardData = setClipboardData;
    useBackend(serverWith(anOrder({
      orderId: 'ord_37af09c1e2b4',
      status: 'shipped',
      address: { name: '张三', phone: '13800138000', region: '上海市黄浦区', detail: '南京东路 100 号' },
      shipment: { carrier: '顺丰速运', trackingNo: 'SF1234567890', shippedAt: Date.UTC(2026, 4, 1, 1, 30) },
      afterSale: { status: 'rejected', reason: '质量问题', note: '商品无质量问题，已与您电话沟通', requestedAt: Date.UTC(2026, 4, 2), reviewedAt: Date.UTC(2026, 4, 3), lines: [] },
    })));
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'ord_37af09c1e2b4' } });

    expect(page.text('.tm-order__address')).toContain('张三 138****8000');
    expect(page.text('.tm-order__address')).toContain('上海市黄浦区南京东路 100 号');
    expect(page.text('.tm-order__shipment')).toContain('顺丰速运');
    expect(page.text('.tm-order__shipment')).toContain('2026-05-01 09:30');
    expect(page.text('.tm-order__after-sale')).toContain('售后被拒绝');
    expect(page.text('.tm-order__after-sale-note')).toBe('商品无质量问题，已与您电话沟通');
    expect(page.text('.tm-order__no')).toContain('37AF 09C1 E2B4');
    expect(page.text('.tm-order')).not.toContain('ord_');

    await page.tap('.tm-order__no');
    expect(setClipboardData).toHaveBeenCalledWith({ data: 'ord_37af09c1e2b4' });
    await page.tap('.tm-order__tracking');
    expect(setClipboardData).toHaveBeenLastCalledWith({ data: 'SF1234567890' });
  });

  it('links a group order to its group', async () => {
    useBackend(serverWith(anOrder({ groupId: 'g-7' })));
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });

    await page.tap('.tm-order__group');

    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/groupbuy/group/group?groupId=g-7' });
  });

  it('shows skeleton cards (TDesign skeletons), then the order', async () => {
    let answer: (o: OrderView) => void = () => undefined;
    useBackend(fakeBackend({ 'order.detail': () => new Promise<OrderView>((resolve) => { answer = resolve; }) }));
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-1' } });
    expect(page.$$('.tm-order__loading .t-skeleton').length).toBeGreaterThan(0);

    answer(anOrder());
    await page.show();
    expect(page.$('.tm-order__loading')).toBeNull();
    expect(page.text('.tm-order__status-tag')).toBe('待发货');
  });

  it('shows a missing order as an error with a retry', async () => {
    const backend = fakeBackend({ 'order.detail': () => fail('NOT_FOUND') });
    useBackend(backend);
    const page = await mountPage('packages/store/order/order', { query: { orderId: 'o-404' } });

    expect(page.$('.tm-order__error .t-empty')).not.toBeNull();
    await page.tap('.tm-order__retry');
    expect(backend.callsOf('order.detail')).toEqual([{ orderId: 'o-404' }, { orderId: 'o-404' }]);
  });
});
