/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { Api, PriceBreakdown } from '../../typings/api';
import { checkout, type CheckoutLine } from '../../miniprogram/stores/checkout';
import { cart } from '../../miniprogram/stores/cart';
import { runInAction } from 'mobx-miniprogram';
import { fail, fakeBackend, type FakeHandlers, mountPage, useBackend } from '../support/simulate';
import { aCartLine, cartAnswer } from '../support/simulate-fixtures';
import { expectLogged } from '../support/quiet-console';

type Coupon = Api['coupon.mine']['res']['items'][number];

const aLine = (overrides: Partial<CheckoutLine> = {}): CheckoutLine => ({ skuId: 'sku-1', quantity: 2, title: '赣南脐橙', skuName: '5斤装', ...overrides });
const aCoupon = (overrides: Partial<Coupon> = {}): Coupon => ({
  couponId: 'c-10', title: '新人券', discountFen: 1000, minSpendFen: 3000, validUntil: 9e12, used: false, ...overrides,
});

/** The server's price of a request: ¥19.90 a piece, the coupon's discount, then the points. */
function priceOf(req: Api['order.preview']['req'], coupons: Coupon[]): PriceBreakdown {
  const totalFen = req.items.reduce((s, i) => s + 1990 * i.quantity, 0);
  const coupon = coupons.find((c) => c.couponId === req.couponId);
  const adjustments = coupon ? [{ kind: 'coupon', label: coupon.title, amountFen: coupon.discountFen }] : [];
  const afterCoupon = totalFen - (coupon?.discountFen ?? 0);
  const pointsUsed = Math.min(req.pointsToUse ?? 0, afterCoupon);
  if (pointsUsed > 0) adjustments.push({ kind: 'points', label: '积分抵扣', amountFen: pointsUsed });
  return {
    lines: req.items.map((i) => ({ skuId: i.skuId, quantity: i.quantity, unitPriceFen: 1990, lineTotalFen: 1990 * i.quantity, discountFen: 0, payableFen: 1990 * i.quantity })),
    adjustments, totalFen, discountFen: totalFen - afterCoupon + pointsUsed, payableFen: afterCoupon - pointsUsed, pointsUsed,
  };
}

function aServer(options: { coupons?: Coupon[]; balance?: number; more?: FakeHandlers } = {}) {
  const coupons = options.coupons ?? [aCoupon()];
  return fakeBackend({
    'coupon.mine': () => ({ items: coupons }),
    'coupon.available': () => ({ items: [] }),
    'points.balance': () => ({ balance: options.balance ?? 0, expiring: [] }),
    'order.preview': (req) => priceOf(req, coupons),
    'order.create': (req) => ({ orderId: 'o-1', status: 'pendingPayment', payableFen: priceOf(req, coupons).payableFen, payment: { outTradeNo: 'T1' } }),
    ...options.more,
  });
}

const redirectTo = jest.fn();
const requestPayment = jest.fn();
const wxAny = wx as unknown as Record<string, unknown>;
beforeEach(() => {
  redirectTo.mockReset();
  requestPayment.mockReset();
  wxAny.redirectTo = redirectTo;
  wxAny.requestPayment = requestPayment;
  delete wxAny.chooseAddress;
});

/** Opens checkout for "buy now" lines, as the product page does. */
async function openCheckout(lines: CheckoutLine[] = [aLine()], flashSaleId?: string, liveRoomId?: string) {
  checkout.begin(lines, { ...(flashSaleId ? { flashSaleId } : {}), ...(liveRoomId ? { liveRoomId } : {}) });
  checkout.setAddress({ name: '张三', phone: '13800000000', region: '广东省深圳市南山区', detail: '科技园 1 号' });
  return mountPage('packages/store/checkout/checkout', { query: { mode: 'buyNow' } });
}

describe('checkout page', () => {
  it('shows shipping as an addition and discounts as subtractions', async () => {
    useBackend(aServer({ more: { 'order.preview': (req) => {
      const base = priceOf(req, []);
      return { ...base, adjustments: [{ kind: 'memberPrice', label: '金卡会员价', amountFen: 199 }, { kind: 'shipping', label: '运费', amountFen: 800 }], payableFen: base.payableFen - 199 + 800 };
    } } }));
    const page = await openCheckout();

    const rows = page.$$('.tm-checkout__adjustment').map((row) => (row.textContent ?? '').replace(/\s+/g, ''));
    expect(rows).toEqual(['金卡会员价-¥1.99', '运费+¥8.00']);
  });

  it('shows the lines and the server’s price breakdown in yuan, without sending any price', async () => {
    const backend = aServer({ coupons: [] });
    useBackend(backend);
    const page = await openCheckout();

    expect(page.text('.tm-checkout__line-title')).toBe('赣南脐橙');
    expect(page.text('.tm-checkout__line-price')).toBe('¥19.90');
    expect(page.text('.tm-checkout__line-qty')).toBe('×2');
    expect(page.text('.tm-checkout__row--total')).toContain('¥39.80');
    expect(page.text('.tm-checkout__payable-amount')).toBe('¥39.80');
    expect(backend.callsOf('order.preview')).toEqual([{ items: [{ skuId: 'sku-1', quantity: 2 }] }]);
    expect(page.$('.tm-checkout__address.t-cell')).not.toBeNull();
    // The shopper's own phone, masked as shops print it on an address.
    expect(page.text('.tm-checkout__address')).toContain('张三 138****0000');
    expect(page.text('.tm-checkout__address')).toContain('广东省深圳市南山区科技园 1 号');
    expect(page.$('.tm-checkout__points-switch.t-switch')).not.toBeNull();
    expect(page.text('.tm-checkout__coupon')).toContain('暂无可用');
  });

  describe('when a coupon is picked from the TDesign radio list', () => {
    it('asks the server for the new price and shows the coupon line', async () => {
      const backend = aServer({ coupons: [aCoupon(), aCoupon({ couponId: 'c-big', title: '满100减20', minSpendFen: 10000, discountFen: 2000 })] });
      useBackend(backend);
      const page = await openCheckout();

      await page.tap('.tm-checkout__coupon');
      expect(page.$$('.tm-checkout__coupons .t-radio')).toHaveLength(3);
      // The coupon whose minimum spend is not reached cannot be picked.
      expect(page.$$('.tm-checkout__coupon-choice.t-radio--disabled')).toHaveLength(1);
      expect(page.text('.tm-checkout__coupon-choice.t-radio--disabled')).toContain('满100减20');

      await page.tap(page.$$('.tm-checkout__coupon-choice')[0]);

      expect(backend.callsOf('order.preview').at(-1)).toEqual({ items: [{ skuId: 'sku-1', quantity: 2 }], couponId: 'c-10' });
      expect(page.text('.tm-checkout__adjustment')).toContain('新人券');
      expect(page.text('.tm-checkout__adjustment')).toContain('-¥10.00');
      expect(page.text('.tm-checkout__payable-amount')).toBe('¥29.80');
      expect(page.text('.tm-checkout__coupon')).toContain('-¥10.00');
    });

    it('drops a coupon the server refuses and prices without it', async () => {
      const backend = aServer();
      backend.on({ 'order.preview': (req) => (req.couponId ? fail('COUPON_UNAVAILABLE') : priceOf(req, [])) });
      useBackend(backend);
      const page = await openCheckout();

      await page.tap('.tm-checkout__coupon');
      await page.tap(page.$$('.tm-checkout__coupon-choice')[0]);

      expect(checkout.couponId).toBeNull();
      expect(backend.callsOf('order.preview').at(-1)).toEqual({ items: [{ skuId: 'sku-1', quantity: 2 }] });
      expect(page.text('.tm-checkout__payable-amount')).toBe('¥39.80');
    });
  });

  describe('the best coupon', () => {
    it('is put in for the shopper, and the shopper can still take it off', async () => {
      const backend = aServer({ coupons: [
        aCoupon({ couponId: 'c-5', title: '立减5元', discountFen: 500, minSpendFen: 0 }),
        aCoupon(),
        aCoupon({ couponId: 'c-big', title: '满100减20', minSpendFen: 10000, discountFen: 2000 }),
      ] });
      useBackend(backend);
      const page = await openCheckout();

      // ¥39.80 of goods: ¥10 off (min ¥30) beats ¥5 off; ¥20 off needs ¥100.
      expect(checkout.couponId).toBe('c-10');
      expect(backend.callsOf('order.preview').at(-1)).toEqual({ items: [{ skuId: 'sku-1', quantity: 2 }], couponId: 'c-10' });
      expect(page.text('.tm-checkout__coupon')).toContain('已选最优 -¥10.00');
      expect(page.text('.tm-checkout__payable-amount')).toBe('¥29.80');

      await page.tap('.tm-checkout__coupon');
      await page.tap('.tm-checkout__coupon-none');
      expect(checkout.couponId).toBeNull();
      expect(page.text('.tm-checkout__payable-amount')).toBe('¥39.80');
    });

    it('can be claimed from the coupon centre right at checkout, and is then used', async () => {
      const held: Coupon[] = [];
      const backend = aServer({ coupons: held, more: {
        'coupon.available': () => ({ items: [{ couponId: 'c-10', title: '新人券', discountFen: 1000, minSpendFen: 3000, validUntil: 9e12, remaining: 5, claimedByMe: held.length > 0 }] }),
        'coupon.claim': ({ couponId }) => {
          held.push(aCoupon({ couponId }));
          return { couponId, claimed: 1 };
        },
      } });
      useBackend(backend);
      const page = await openCheckout();
      expect(checkout.couponId).toBeNull();

      await page.tap('.tm-checkout__coupon');
      await page.tap('.tm-checkout__claim');

      expect(backend.callsOf('coupon.claim')).toEqual([{ couponId: 'c-10' }]);
      expect(checkout.couponId).toBe('c-10');
      expect(page.text('.tm-checkout__payable-amount')).toBe('¥29.80');
    });
  });

  describe('when points are switched on', () => {
    it('spends whole hundreds of the balance, no more than is left to pay', async () => {
      const backend = aServer({ balance: 1250, coupons: [] });
      useBackend(backend);
      const page = await openCheckout();

      await page.tap('.tm-checkout__points-switch');

      expect(backend.callsOf('order.preview').at(-1)).toEqual({ items: [{ skuId: 'sku-1', quantity: 2 }], pointsToUse: 1200 });
      expect(page.text('.tm-checkout__row--points')).toContain('使用 1200 积分');
      expect(page.text('.tm-checkout__payable-amount')).toBe('¥27.80');
    });

    it('cannot be switched on with fewer than 100 points', async () => {
      useBackend(aServer({ balance: 99 }));
      const page = await openCheckout();

      expect(page.$('.tm-checkout__points-switch .t-switch__body--disabled')).not.toBeNull();
    });
  });

  describe('when the order is submitted', () => {
    it('creates it with the choices and an idempotency key, pays with WeChat Pay, and opens the order', async () => {
      const backend = aServer({ balance: 500 });
      backend.on({
        'order.create': () => ({
          orderId: 'o-9', status: 'pendingPayment', payableFen: 2480,
          payment: { outTradeNo: 'T9', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=x', signType: 'RSA', paySign: 's' },
        }),
      });
      requestPayment.mockImplementation((o: { success: () => void }) => o.success());
      useBackend(backend);
      const page = await openCheckout([aLine()], 'flash-1');

      await page.tap('.tm-checkout__coupon');
      await page.tap(page.$$('.tm-checkout__coupon-choice')[0]);
      await page.tap('.tm-checkout__points-switch');
      await page.tap('.tm-checkout__submit');

      const [created] = backend.callsOf('order.create');
      expect(created).toEqual({
        items: [{ skuId: 'sku-1', quantity: 2 }], couponId: 'c-10', pointsToUse: 500, flashSaleId: 'flash-1',
        address: { name: '张三', phone: '13800000000', region: '广东省深圳市南山区', detail: '科技园 1 号' },
        idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_:.-]{8,64}$/),
      });
      expect(JSON.stringify(created)).not.toMatch(/Fen/);
      expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=x', paySign: 's' }));
      expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/store/order/order?orderId=o-9' });
    });

    it('attributes the order to the live room the shopper came from', async () => {
      const backend = aServer();
      useBackend(backend);
      const page = await openCheckout([aLine()], undefined, 'room-7');

      await page.tap('.tm-checkout__submit');

      expect(backend.callsOf('order.create')[0]).toMatchObject({ liveRoomId: 'room-7' });
    });

    it('opens the order without the cashier when the server sends no payment parameters', async () => {
      useBackend(aServer());
      const page = await openCheckout();

      await page.tap('.tm-checkout__submit');

      expect(requestPayment).not.toHaveBeenCalled();
      expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/store/order/order?orderId=o-1' });
    });

    it('retries with the same idempotency key after a failed call, and shows why it failed', async () => {
      expectLogged('error', /\[api\] order\.create: platform call failed/);
      const backend = aServer();
      backend.on({ 'order.create': () => { throw new Error('network down'); } });
      useBackend(backend);
      const page = await openCheckout();

      await page.tap('.tm-checkout__submit');
      expect(page.text('.tm-checkout__submit-error')).toBe('网络开小差了，请稍后重试');
      expect(redirectTo).not.toHaveBeenCalled();

      backend.on({ 'order.create': () => ({ orderId: 'o-2', status: 'pendingPayment', payableFen: 3980, payment: { outTradeNo: 'T2' } }) });
      await page.tap('.tm-checkout__submit');

      const keys = backend.callsOf('order.create').map((r) => r.idempotencyKey);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/store/order/order?orderId=o-2' });
    });

    it('says the order is kept when the shopper closes the cashier, and opens the order to pay later', async () => {
      const showToast = jest.fn();
      wxAny.showToast = showToast;
      const backend = aServer({ more: { 'order.create': () => ({ orderId: 'o-9', status: 'pendingPayment', payableFen: 2980,
        payment: { outTradeNo: 'T9', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=9', signType: 'RSA', paySign: 's' } }) } });
      requestPayment.mockImplementation((o: { fail: (e: object) => void }) => o.fail({ errMsg: 'requestPayment:fail cancel' }));
      useBackend(backend);
      const page = await openCheckout();

      await page.tap('.tm-checkout__submit');

      expect(requestPayment).toHaveBeenCalledTimes(1);
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消支付，订单已保留，可在订单中继续支付' }));
      expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/store/order/order?orderId=o-9' });
    });

    it('takes the ordered lines out of the cart when they came from it', async () => {
      const backend = aServer({ more: { 'cart.list': () => ({ items: [], selectedTotalFen: 0 }) } });
      useBackend(backend);
      checkout.begin([aLine()], { fromCart: true });
      checkout.setAddress({ name: '张三', phone: '13800000000', region: '广东省深圳市南山区', detail: '科技园 1 号' });
      const page = await mountPage('packages/store/checkout/checkout', { query: { mode: 'buyNow' } });

      await page.tap('.tm-checkout__submit');

      expect(backend.callsOf('order.create')[0]).toMatchObject({ fromCart: true });
    });

    it('shows a refusal such as out of stock and stays on the page', async () => {
      const backend = aServer();
      backend.on({ 'order.create': () => fail('OUT_OF_STOCK') });
      useBackend(backend);
      const page = await openCheckout();

      await page.tap('.tm-checkout__submit');

      expect(page.text('.tm-checkout__submit-error')).toBe('库存不足');
      expect(redirectTo).not.toHaveBeenCalled();
    });
  });

  describe('the address', () => {
    it('comes from WeChat’s address book when it is available', async () => {
      useBackend(aServer());
      wxAny.chooseAddress = (o: { success: (r: object) => void }) => o.success({
        userName: '李四', telNumber: '13900000000', provinceName: '浙江省', cityName: '杭州市', countyName: '西湖区', detailInfo: '文三路 2 号',
      });
      const page = await openCheckout();

      await page.tap('.tm-checkout__address');

      expect(page.text('.tm-checkout__address')).toContain('李四 139****0000');
      expect(page.text('.tm-checkout__address')).toContain('浙江省杭州市西湖区文三路 2 号');
    });

    it('is typed into a TDesign form when the address book is refused, and checked before it is kept', async () => {
      useBackend(aServer());
      wxAny.chooseAddress = (o: { fail: (e: object) => void }) => o.fail({ errMsg: 'chooseAddress:fail auth deny' });
      checkout.begin([aLine()]);
      checkout.setAddress(null);
      const page = await mountPage('packages/store/checkout/checkout', { query: { mode: 'buyNow' } });
      expect(page.text('.tm-checkout__submit')).toBe('请选择地址');
      expect(page.$('.tm-checkout__submit.t-button--disabled')).not.toBeNull();

      await page.tap('.tm-checkout__address');
      expect(page.$$('.tm-checkout__address-form .t-input')).toHaveLength(4);

      await page.trigger('.tm-checkout__input-name', 'change', { value: '王五' });
      await page.trigger('.tm-checkout__input-phone', 'change', { value: '123' });
      await page.trigger('.tm-checkout__input-detail', 'change', { value: '人民路 3 号' });
      await page.tap('.tm-checkout__save-address');
      expect(page.text('.tm-checkout__form-error')).toBe('请填写 11 位手机号');
      expect(checkout.address).toBeNull();

      await page.trigger('.tm-checkout__input-phone', 'change', { value: '13700000000' });
      await page.tap('.tm-checkout__save-address');

      expect(checkout.address).toEqual({ name: '王五', phone: '13700000000', region: '', detail: '人民路 3 号' });
      expect(page.text('.tm-checkout__address')).toContain('王五 137****0000');
      expect(page.$('.tm-checkout__submit.t-button--disabled')).toBeNull();
    });
  });

  it('shows a placeholder for the breakdown (TDesign skeleton) and ¥-- while the first price is on its way', async () => {
    let answer: (p: PriceBreakdown) => void = () => undefined;
    const backend = aServer();
    backend.on({ 'order.preview': () => new Promise<PriceBreakdown>((resolve) => { answer = resolve; }) });
    useBackend(backend);
    const page = await openCheckout();
    expect(page.$$('.tm-checkout__loading .t-skeleton').length).toBeGreaterThan(0);
    expect(page.text('.tm-checkout__payable-amount')).toBe('¥--');
    expect(page.$('.tm-checkout__submit.t-button--disabled')).not.toBeNull();

    answer(priceOf({ items: [{ skuId: 'sku-1', quantity: 2 }] }, []));
    await page.show();
    expect(page.$('.tm-checkout__loading')).toBeNull();
    expect(page.text('.tm-checkout__payable-amount')).toBe('¥39.80');
  });

  it('shows a pricing error with a retry', async () => {
    const backend = aServer();
    backend.on({ 'order.preview': () => fail('OUT_OF_STOCK') });
    useBackend(backend);
    const page = await openCheckout();
    expect(page.text('.tm-checkout__error')).toContain('库存不足');
    expect(page.$('.tm-checkout__submit.t-button--disabled')).not.toBeNull();

    backend.on({ 'order.preview': (req) => priceOf(req, []) });
    await page.tap('.tm-checkout__retry');
    expect(page.text('.tm-checkout__payable-amount')).toBe('¥39.80');
  });

  it('fetches the cart from the server when opened directly, and checks out its selected lines', async () => {
    runInAction(() => {
      cart.loaded = false;
    });
    const backend = aServer({ more: { 'cart.list': () => cartAnswer([aCartLine({ skuId: 'sku-1', quantity: 2 }), aCartLine({ skuId: 'sku-2', selected: false })]) } });
    useBackend(backend);
    const page = await mountPage('packages/store/checkout/checkout');

    expect(backend.callsOf('cart.list')).toHaveLength(1);
    expect(backend.callsOf('order.preview')[0]).toEqual({ items: [{ skuId: 'sku-1', quantity: 2 }] });
    expect(page.$$('.tm-checkout__line')).toHaveLength(1);
  });

  it('shows a TDesign empty state when there is nothing to check out', async () => {
    runInAction(() => {
      cart.loaded = false;
    });
    useBackend(aServer({ more: { 'cart.list': () => ({ items: [], selectedTotalFen: 0 }) } }));
    const page = await mountPage('packages/store/checkout/checkout');

    expect(page.$('.tm-checkout__empty .t-empty')).not.toBeNull();
    expect(page.$('.tm-checkout__submit')).toBeNull();
  });
});
