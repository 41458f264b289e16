/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { Api, FlashSaleView, GroupCampaignView, SkuView } from '../../typings/api';
import { checkout } from '../../miniprogram/stores/checkout';
import { fail, fakeBackend, flush, mountPage, useBackend } from '../support/simulate';
import { aCartLine, cartAnswer } from '../support/simulate-fixtures';
import { runInAction } from 'mobx-miniprogram';
import { session } from '../../miniprogram/stores/session';
import { coupons } from '../../miniprogram/stores/coupons';
import { cart } from '../../miniprogram/stores/cart';

type Detail = Api['catalog.detail']['res'];

const aSku = (overrides: Partial<SkuView> = {}): SkuView => ({ skuId: 'sku-small', name: '小份', priceFen: 1990, stock: 10, ...overrides });
const aCampaign = (overrides: Partial<GroupCampaignView> = {}): GroupCampaignView => ({
  campaignId: 'camp-1', skuId: 'sku-small', groupPriceFen: 1290, groupSize: 3, durationMs: 86_400_000, stock: 50, ...overrides,
});
const aFlashSale = (overrides: Partial<FlashSaleView> = {}): FlashSaleView => ({
  flashSaleId: 'flash-1', skuId: 'sku-small', priceFen: 990, stock: 5, perUserLimit: 2, startAt: 0, endAt: 9e12, ...overrides,
});
const aProduct = (overrides: Partial<Detail> = {}): Detail => ({
  productId: 'p1', title: '赣南脐橙', images: ['https://img.test/1.png'],
  skus: [aSku(), aSku({ skuId: 'sku-big', name: '大份', priceFen: 3990, stock: 3 })],
  groupCampaigns: [], flashSales: [], ...overrides,
});

/** The product page also reads the cart (its badge) and the coupon centre (领券). */
const aShop = (handlers: Parameters<typeof fakeBackend>[0] = {}) =>
  fakeBackend({ 'cart.list': () => cartAnswer([]), 'coupon.available': () => ({ items: [] }), ...handlers });

const navigateTo = jest.fn();
beforeEach(() => {
  navigateTo.mockReset();
  // Each page opens on a fresh cart and coupon centre, as after a cold start.
  runInAction(() => {
    coupons.loaded = false;
    coupons.offers = [];
    cart.loaded = false;
  });
  (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
});

describe('product page', () => {
  it('shows the title, the first SKU’s price in yuan and the chosen SKU in a compact 已选 row', async () => {
    const backend = aShop({ 'catalog.detail': () => aProduct() });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    expect(backend.callsOf('catalog.detail')).toEqual([{ productId: 'p1' }]);
    expect(page.text('.tm-product__title')).toBe('赣南脐橙');
    expect(page.text('.tm-product__price')).toBe('¥19.90');
    expect(page.$('.tm-product__picked.t-cell')).not.toBeNull();
    expect(page.text('.tm-product__picked')).toContain('小份 × 1');
    expect(page.$('.tm-product__sku-popup')).toBeNull();
    expect(page.$('.t-swiper')).not.toBeNull();
    expect(page.$('.tm-product__flash')).toBeNull();
    expect(page.$('.tm-product__group')).toBeNull();
  });

  describe('the SKU popup', () => {
    it('opens from 加入购物车 with the cover, price, stock and every SKU as a TDesign tag, confirming to the cart only', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct() }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__add');

      expect(page.$('.t-popup .tm-product__sku-popup')).not.toBeNull();
      expect(page.$('.tm-product__sku-cover.t-image')).not.toBeNull();
      expect(page.text('.tm-product__sku-price')).toBe('¥19.90');
      expect(page.text('.tm-product__sku-stock')).toBe('库存 10 件');
      expect(page.$$('.tm-product__skus .t-tag')).toHaveLength(2);
      expect(page.$('.tm-product__stepper.t-stepper')).not.toBeNull();
      expect(page.text('.tm-product__sku-actions')).toBe('加入购物车');
      expect(page.$('.tm-product__confirm-buy')).toBeNull();
    });

    it('opens from 立即购买 confirming to checkout only', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct() }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__buy');

      expect(page.text('.tm-product__sku-actions')).toBe('立即购买');
      expect(page.$('.tm-product__confirm-cart')).toBeNull();
      expect(navigateTo).not.toHaveBeenCalled();
    });

    it('opens from the 已选 row offering both actions', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct() }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__picked');

      expect(page.$('.tm-product__confirm-cart')).not.toBeNull();
      expect(page.$('.tm-product__confirm-buy')).not.toBeNull();
    });

    it('closes from its close icon', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct() }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__add');
      await page.tap('.tm-product__sku-close');

      expect(page.data.skuVisible).toBe(false);
    });

    describe('when another SKU is picked', () => {
      it('shows its price and stock, and buys it now with the stepper’s quantity', async () => {
        useBackend(aShop({ 'catalog.detail': () => aProduct() }));
        const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

        await page.tap('.tm-product__buy');
        await page.tap(page.$$('.tm-product__skus .t-tag')[1]);
        expect(page.text('.tm-product__sku-price')).toBe('¥39.90');
        expect(page.text('.tm-product__sku-stock')).toBe('库存 3 件');
        expect(page.$('.tm-product__sku--selected')?.textContent).toContain('大份');

        await page.tap('.tm-product__stepper .t-stepper__plus');
        await page.tap('.tm-product__confirm-buy');

        expect(checkout.lines).toEqual([{ skuId: 'sku-big', quantity: 2, title: '赣南脐橙', skuName: '大份', cover: 'https://img.test/1.png' }]);
        expect(checkout.flashSaleId).toBeNull();
        expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/checkout/checkout?mode=buyNow' });
        expect(page.data.skuVisible).toBe(false);
        expect(page.text('.tm-product__picked')).toContain('大份 × 2');
      });
    });

    describe('when a SKU is sold out', () => {
      it('shows it disabled and will not choose it', async () => {
        const backend = aShop({
          'catalog.detail': () => aProduct({ skus: [aSku(), aSku({ skuId: 'sku-big', name: '大份', stock: 0 })] }),
          'cart.add': () => cartAnswer([]),
        });
        useBackend(backend);
        const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

        await page.tap('.tm-product__add');
        const soldOut = page.$$('.tm-product__skus .t-tag')[1];
        expect(soldOut.textContent).toContain('大份(售罄)');
        expect(page.$('.tm-product__sku--sold-out.t-tag--disabled')).not.toBeNull();

        await page.tap(soldOut);
        // A disabled tag still reached by its tap handler is refused by the page too.
        page.instance.onSkuTap({ currentTarget: { dataset: { skuId: 'sku-big', soldOut: true } } });
        await page.tap('.tm-product__confirm-cart');

        expect(page.text('.tm-product__sku--selected')).toBe('小份');
        expect(backend.callsOf('cart.add')).toEqual([{ skuId: 'sku-small', quantity: 1 }]);
      });
    });

    describe('the quantity', () => {
      it('cannot go past the SKU’s stock', async () => {
        useBackend(aShop({ 'catalog.detail': () => aProduct({ skus: [aSku({ stock: 2 })] }) }));
        const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

        await page.tap('.tm-product__add');
        for (let i = 0; i < 4; i++) await page.tap('.tm-product__stepper .t-stepper__plus');
        expect(page.data.quantity).toBe(2);

        await page.trigger('.tm-product__stepper', 'change', { value: 9 });
        expect(page.data.quantity).toBe(2);
      });

      it('comes down to the stock of a smaller SKU picked after it', async () => {
        useBackend(aShop({ 'catalog.detail': () => aProduct() }));
        const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

        await page.tap('.tm-product__add');
        await page.trigger('.tm-product__stepper', 'change', { value: 6 });
        expect(page.data.quantity).toBe(6);
        await page.tap(page.$$('.tm-product__skus .t-tag')[1]);

        expect(page.data.quantity).toBe(3);
      });
    });

    it('adds the chosen SKU and quantity to the server cart, closes and says so', async () => {
      const backend = aShop({
        'catalog.detail': () => aProduct(),
        'cart.add': () => cartAnswer([]),
      });
      useBackend(backend);
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__add');
      expect(backend.callsOf('cart.add')).toEqual([]);
      await page.tap('.tm-product__stepper .t-stepper__plus');
      await page.tap('.tm-product__confirm-cart');

      expect(backend.callsOf('cart.add')).toEqual([{ skuId: 'sku-small', quantity: 2 }]);
      expect(navigateTo).not.toHaveBeenCalled();
      expect(page.data.skuVisible).toBe(false);
      expect(page.text('.tm-product__message')).toBe('已加入购物车');
    });

    describe('when the cart refuses the line', () => {
      it('stays open and says why', async () => {
        const backend = aShop({
          'catalog.detail': () => aProduct(),
          'cart.add': () => fail('OUT_OF_STOCK'),
        });
        useBackend(backend);
        const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

        await page.tap('.tm-product__add');
        await page.tap('.tm-product__confirm-cart');

        expect(page.data.skuVisible).toBe(true);
        expect(page.text('.tm-product__sku-message')).toBe('库存不足');
      });
    });
  });

  describe('when the SKU has a flash sale and a group campaign', () => {
    it('shows the flash price, and 立即抢购 opens the popup at the flash price bounded by the per-user limit', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ flashSales: [aFlashSale()], groupCampaigns: [aCampaign()] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.text('.tm-product__flash-price')).toBe('¥9.90');
      expect(page.text('.tm-product__flash-limit')).toBe('每人限购 2 件');
      await page.tap('.tm-product__flash-buy');

      expect(page.text('.tm-product__sku-price')).toBe('¥9.90');
      expect(page.text('.tm-product__sku-del')).toBe('¥19.90');
      expect(page.text('.tm-product__sku-limit')).toBe('每人限购 2 件');
      for (let i = 0; i < 4; i++) await page.tap('.tm-product__stepper .t-stepper__plus');
      expect(page.data.quantity).toBe(2);
      expect(navigateTo).not.toHaveBeenCalled();

      await page.tap('.tm-product__confirm-buy');
      expect(checkout.flashSaleId).toBe('flash-1');
      expect(checkout.lines).toMatchObject([{ skuId: 'sku-small', quantity: 2 }]);
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/checkout/checkout?mode=buyNow' });
    });

    it('brings a larger quantity down to the per-user limit when 立即抢购 opens', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ flashSales: [aFlashSale()] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__add');
      await page.trigger('.tm-product__stepper', 'change', { value: 5 });
      await page.tap('.tm-product__sku-close');
      await page.tap('.tm-product__flash-buy');

      expect(page.data.quantity).toBe(2);
    });

    it('buys at the regular price from 立即购买, without the flash sale', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ flashSales: [aFlashSale()] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__buy');
      expect(page.text('.tm-product__sku-price')).toBe('¥19.90');
      expect(page.$('.tm-product__sku-del')).toBeNull();
      await page.tap('.tm-product__confirm-buy');

      expect(checkout.flashSaleId).toBeNull();
    });

    it('leads to the product’s group campaigns from a TDesign cell with the group price', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ groupCampaigns: [aCampaign()] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.$('.tm-product__group.t-cell')).not.toBeNull();
      expect(page.text('.tm-product__group')).toContain('3人团 ¥12.90');
      await page.tap('.tm-product__group');

      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/groupbuy/campaigns/campaigns?productId=p1' });
    });

    it('hides the entries of the other SKU', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ flashSales: [aFlashSale()], groupCampaigns: [aCampaign()] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap('.tm-product__picked');
      await page.tap(page.$$('.tm-product__skus .t-tag')[1]);

      expect(page.$('.tm-product__flash')).toBeNull();
      expect(page.$('.tm-product__group')).toBeNull();
    });
  });

  describe('when every SKU is sold out', () => {
    it('disables buying', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ skus: [aSku({ stock: 0 })] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.$('.tm-product__buy.t-button--disabled')).not.toBeNull();
      expect(page.text('.tm-product__buy')).toBe('已售罄');
      await page.tap('.tm-product__buy');
      expect(page.$('.tm-product__sku-popup')).toBeNull();
      expect(navigateTo).not.toHaveBeenCalled();
    });
  });

  it('shows a TDesign loading indicator until the product arrives', async () => {
    let answer: (d: Detail) => void = () => undefined;
    useBackend(aShop({ 'catalog.detail': () => new Promise<Detail>((resolve) => { answer = resolve; }) }));
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p2' } });
    expect(page.$('.tm-product__loading .t-loading')).not.toBeNull();

    answer(aProduct({ productId: 'p2' }));
    await page.show();
    expect(page.$('.tm-product__loading')).toBeNull();
    expect(page.text('.tm-product__title')).toBe('赣南脐橙');
  });

  describe('when the product cannot be loaded', () => {
    it('shows the error in a TDesign empty state and retries', async () => {
      const backend = aShop({ 'catalog.detail': () => fail('NOT_FOUND') });
      useBackend(backend);
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p3' } });

      expect(page.$('.tm-product__error .t-empty')).not.toBeNull();
      backend.on({ 'catalog.detail': () => aProduct({ productId: 'p3' }) });
      await page.tap('.tm-product__retry');

      expect(backend.callsOf('catalog.detail')).toHaveLength(2);
      expect(page.text('.tm-product__title')).toBe('赣南脐橙');
    });
  });

  describe('the shop around the product', () => {
    it('strikes the original price through beside a running flash sale, and counts down to its end', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ flashSales: [aFlashSale({ endAt: Date.now() + 2 * 3_600_000 + 5_000 })] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.text('.tm-product__flash-del')).toBe('¥19.90');
      expect(page.text('.tm-product__countdown')).toMatch(/^02:00:0\d$/);
      page.unmount();
    });

    it('shows how many pieces the cart holds on the cart icon', async () => {
      useBackend(aShop({
        'catalog.detail': () => aProduct(),
        'cart.list': () => cartAnswer([aCartLine({ quantity: 2 }), aCartLine({ quantity: 1 })]),
      }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.text('.tm-product__badge')).toBe('3');
    });

    it('claims a coupon of the coupon centre from the 领券 row', async () => {
      const backend = aShop({
        'catalog.detail': () => aProduct(),
        'coupon.available': () => ({ items: [{ couponId: 'cpn-1', title: '满 99 减 10', discountFen: 1000, minSpendFen: 9900, validUntil: 9e12, remaining: 9, claimedByMe: false }] }),
        'coupon.claim': ({ couponId }) => ({ couponId, claimed: 1 }),
      });
      useBackend(backend);
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.text('.tm-product__coupon')).toBe('满99减10 · 领取');
      await page.tap('.tm-product__coupon');

      expect(backend.callsOf('coupon.claim')).toEqual([{ couponId: 'cpn-1' }]);
      expect(page.text('.tm-product__coupon')).toBe('满99减10 · 已领');
    });

    it('shares the product with the sharer as inviter', async () => {
      const backend = aShop({
        'catalog.detail': () => aProduct(),
        'points.share': () => ({ awarded: 0, balance: 0, sharesLeft: 0 }),
      });
      useBackend(backend);
      runInAction(() => { session.userId = 'u-sharer'; });
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.instance.onShareAppMessage()).toMatchObject({ title: '赣南脐橙', path: '/packages/store/product/product?productId=p1&inviter=u-sharer' });
      await flush();
      expect(backend.callsOf('points.share')).toHaveLength(1);
    });
  });
});
