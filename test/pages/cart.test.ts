/** @jest-environment jsdom */
import type { CartLine } from '../../typings/api';
import { fakeBackend, fail, mountPage, useBackend } from '../support/simulate';
import { aCartLine, cartAnswer } from '../support/simulate-fixtures';

/** A fake server cart: `cart.list` and `cart.update` over `lines`. */
function serverCart(lines: CartLine[]) {
  let state = lines;
  return fakeBackend({
    'cart.list': () => cartAnswer(state),
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

  it('shows the TDesign empty state for an empty cart', async () => {
    useBackend(serverCart([]));
    const page = await mountPage('pages/cart/cart');

    expect(page.$('.tm-cart__empty .t-empty')).not.toBeNull();
    expect(page.text('.tm-cart__total-amount')).toBe('¥0.00');
    expect(page.$('.tm-cart__checkout.t-button--disabled')).not.toBeNull();
  });
});
