/** @jest-environment jsdom */
import { runInAction } from 'mobx-miniprogram';
import type { CartLine } from '../../typings/api';
import { cart } from '../../miniprogram/stores/cart';
import { fakeBackend, fail, mountPage, useBackend } from '../support/simulate';
import { aCartLine, cartAnswer } from '../support/simulate-fixtures';

/** A fake server cart: `cart.list` and `cart.update` over `lines`. */
function serverCart(lines: CartLine[]) {
  let state = lines;
  return fakeBackend({
    'cart.list': () => cartAnswer(state),
    'cart.remove': ({ skuIds }) => {
      state = state.filter((l) => !skuIds.includes(l.skuId));
      return cartAnswer(state);
    },
    'cart.update': ({ skuId, quantity, selected }) => {
      state = state.map((l) => (l.skuId === skuId
        ? { ...l, ...(quantity !== undefined ? { quantity } : {}), ...(selected !== undefined ? { selected } : {}) }
        : l));
      return cartAnswer(state);
    },
  });
}

describe('cart page', () => {
  it('lists each line with a real TDesign checkbox and stepper, and the selected total in yuan', async () => {
    useBackend(serverCart([
      aCartLine({ skuId: 'tea', title: '铁观音', priceFen: 1990, quantity: 1, selected: true }),
      aCartLine({ skuId: 'cup', priceFen: 500, quantity: 2, selected: false }),
    ]));
    const page = await mountPage('pages/cart/cart');

    expect(page.$$('.tm-cart__line')).toHaveLength(2);
    expect(page.$$('.tm-cart__line .t-stepper')).toHaveLength(2);
    expect(page.$$('.tm-cart__line .t-checkbox')).toHaveLength(2);
    expect(page.text('.tm-cart__line')).toContain('铁观音');
    expect(page.text('.tm-cart__total-amount')).toBe('¥19.90');
    expect(page.text('.tm-cart__checkout')).toContain('去结算(1)');
  });

  describe('when the stepper changes a quantity', () => {
    it('updates the total in yuan and tells the server', async () => {
      const backend = serverCart([
        aCartLine({ skuId: 'tea', priceFen: 1990, quantity: 1, selected: true }),
        aCartLine({ skuId: 'cup', priceFen: 500, quantity: 2, selected: false }),
      ]);
      useBackend(backend);
      const page = await mountPage('pages/cart/cart');

      await page.tap('.tm-cart__line:first-child .t-stepper__plus');

      expect(backend.callsOf('cart.update')).toEqual([{ skuId: 'tea', quantity: 2 }]);
      expect(page.text('.tm-cart__total-amount')).toBe('¥39.80');
      expect(page.data.lines[0].quantity).toBe(2);
    });

    it('puts the server’s cart back when the server refuses the change', async () => {
      const backend = serverCart([aCartLine({ skuId: 'tea', priceFen: 1990, quantity: 1, selected: true })]);
      backend.on({ 'cart.update': () => fail('OUT_OF_STOCK') });
      useBackend(backend);
      const page = await mountPage('pages/cart/cart');

      await page.tap('.tm-cart__line:first-child .t-stepper__plus');

      expect(page.text('.tm-cart__total-amount')).toBe('¥19.90');
      expect(page.text('.tm-cart__error')).toBe('库存不足');
    });
  });

  it('adds a line to the total when its checkbox is ticked', async () => {
    useBackend(serverCart([
      aCartLine({ skuId: 'tea', priceFen: 1990, quantity: 1, selected: true }),
      aCartLine({ skuId: 'cup', priceFen: 500, quantity: 2, selected: false }),
    ]));
    const page = await mountPage('pages/cart/cart');

    await page.tap(page.$$('.tm-cart__line .t-checkbox')[1]);

    expect(page.text('.tm-cart__total-amount')).toBe('¥29.90');
  });

  it('shows placeholder cards (TDesign skeletons) until the cart arrives, then the lines', async () => {
    let answer: (a: ReturnType<typeof cartAnswer>) => void = () => undefined;
    runInAction(() => { cart.loaded = false; cart.lines = []; }); // as on a fresh start: nothing read yet
    useBackend(fakeBackend({ 'cart.list': () => new Promise((resolve) => { answer = resolve; }) }));
    const page = await mountPage('pages/cart/cart');
    expect(page.$$('.tm-cart__loading .t-skeleton').length).toBeGreaterThan(0);
    expect(page.$('.tm-cart__checkout')).toBeNull();

    answer(cartAnswer([aCartLine({ title: '铁观音' })]));
    await page.reachBottom(); // no paging here: lets the answer land

    expect(page.$('.tm-cart__loading')).toBeNull();
    expect(page.text('.tm-cart__line')).toContain('铁观音');
  });

  it('prints each price as ¥, yuan and fen apart, and says when only a few pieces are left', async () => {
    useBackend(serverCart([
      aCartLine({ skuId: 'tea', priceFen: 12800, stock: 2 }),
      aCartLine({ skuId: 'cup', priceFen: 500, stock: 40 }),
    ]));
    const page = await mountPage('pages/cart/cart');

    expect(page.$$('.tm-cart__line .tm-money__unit')[0].textContent).toBe('¥');
    expect(page.$$('.tm-cart__line .tm-money__yuan')[0].textContent).toBe('128');
    expect(page.$$('.tm-cart__line .tm-money__cents')[0].textContent).toBe('.00');
    expect(page.$$('.tm-cart__line .tm-goods__mark').map((m) => m.textContent?.trim())).toEqual(['仅剩 2 件']);
  });

  it('opens the coupon centre from the shop’s 领券', async () => {
    const navigateTo = jest.fn();
    (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
    useBackend(serverCart([aCartLine()]));
    const page = await mountPage('pages/cart/cart');

    await page.tap('.tm-cart__coupon-link');

    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/coupons/coupons' });
  });

  describe('when the cart is empty', () => {
    it('shows the TDesign empty state with a way back to the shop, and no checkout bar', async () => {
      const switchTab = jest.fn();
      (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
      useBackend(serverCart([]));
      const page = await mountPage('pages/cart/cart');

      expect(page.$('.tm-cart__empty .t-empty')).not.toBeNull();
      expect(page.$('.tm-cart__checkout')).toBeNull();
      await page.tap('.tm-cart__go-shop');
      expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/home' });
    });
  });

  describe('when a line is sold out', () => {
    const lines = () => [
      aCartLine({ skuId: 'tea', title: '铁观音', priceFen: 1990, quantity: 1, selected: true }),
      aCartLine({ skuId: 'cup', title: '青瓷杯', priceFen: 500, quantity: 1, selected: false, stock: 0 }),
    ];

    it('greys it, shows no stepper, and refuses to tick it, naming it', async () => {
      const backend = serverCart(lines());
      useBackend(backend);
      const page = await mountPage('pages/cart/cart');

      expect(page.$$('.tm-cart__line--sold-out')).toHaveLength(1);
      expect(page.text('.tm-cart__line--sold-out')).toContain('已售罄');
      expect(page.$$('.tm-cart__line .t-stepper')).toHaveLength(1);
      await page.tap(page.$$('.tm-cart__line .t-checkbox')[1]);

      expect(backend.callsOf('cart.update')).toEqual([]);
      expect(page.text('.tm-cart__total-amount')).toBe('¥19.90');
    });

    it('leaves it out of select-all and says which one was left out', async () => {
      const backend = serverCart([
        aCartLine({ skuId: 'tea', title: '铁观音', selected: false }),
        aCartLine({ skuId: 'cup', title: '青瓷杯', selected: false, stock: 0 }),
      ]);
      useBackend(backend);
      const page = await mountPage('pages/cart/cart');

      await page.tap('.tm-cart__all');

      expect(backend.callsOf('cart.update')).toEqual([{ skuId: 'tea', selected: true }]);
      expect(page.text('.tm-cart__notice')).toBe('「青瓷杯」已售罄，未选中');
      expect(page.text('.tm-cart__checkout')).toContain('去结算(1)');
    });

    it('is never checked out even when the server still has it ticked', async () => {
      useBackend(serverCart([aCartLine({ skuId: 'tea', stock: 0, selected: true })]));
      const page = await mountPage('pages/cart/cart');

      expect(page.$('.tm-cart__checkout.t-button--disabled')).not.toBeNull();
      expect(page.text('.tm-cart__total-amount')).toBe('¥0.00');
    });
  });

  describe('in edit mode (管理)', () => {
    it('deletes one line with its own button', async () => {
      const backend = serverCart([aCartLine({ skuId: 'tea', title: '铁观音' }), aCartLine({ skuId: 'cup', title: '青瓷杯' })]);
      useBackend(backend);
      const page = await mountPage('pages/cart/cart');

      await page.tap('.tm-cart__edit');
      expect(page.text('.tm-cart__edit')).toBe('完成');
      await page.tap(page.$$('.tm-cart__delete')[0]);

      expect(backend.callsOf('cart.remove')).toEqual([{ skuIds: ['tea'] }]);
      expect(page.$$('.tm-cart__line')).toHaveLength(1);
      expect(page.text('.tm-cart__line')).toContain('青瓷杯');
    });

    it('deletes every ticked line at once, and the emptied cart leads back to the shop', async () => {
      const backend = serverCart([aCartLine({ skuId: 'tea' }), aCartLine({ skuId: 'cup' })]);
      useBackend(backend);
      const page = await mountPage('pages/cart/cart');

      await page.tap('.tm-cart__edit');
      expect(page.text('.tm-cart__remove')).toContain('删除(2)');
      await page.tap('.tm-cart__remove');

      expect(backend.callsOf('cart.remove')).toEqual([{ skuIds: ['tea', 'cup'] }]);
      expect(page.$('.tm-cart__empty .t-empty')).not.toBeNull();
    });
  });
});
