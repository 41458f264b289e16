/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { Api, FlashSaleView, GroupCampaignView, SkuView } from '../../typings/api';
import { checkout } from '../../miniprogram/stores/checkout';
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { cartAnswer } from '../support/simulate-fixtures';

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
  (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
});

describe('product page', () => {
  it('shows the title, the first SKU’s price in yuan and every SKU as a real TDesign tag', async () => {
    const backend = aShop({ 'catalog.detail': () => aProduct() });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    expect(backend.callsOf('catalog.detail')).toEqual([{ productId: 'p1' }]);
    expect(page.text('.tm-product__title')).toBe('赣南脐橙');
    expect(page.text('.tm-product__price')).toBe('¥19.90');
    expect(page.$$('.tm-product__skus .t-tag')).toHaveLength(2);
    expect(page.$('.tm-product__stepper.t-stepper')).not.toBeNull();
    expect(page.$('.t-swiper')).not.toBeNull();
    expect(page.$('.tm-product__flash')).toBeNull();
    expect(page.$('.tm-product__group')).toBeNull();
  });

  describe('when another SKU is picked', () => {
    it('shows its price and stock, and buys it now with the stepper’s quantity', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct() }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      await page.tap(page.$$('.tm-product__skus .t-tag')[1]);
      expect(page.text('.tm-product__price')).toBe('¥39.90');
      expect(page.text('.tm-product__stock')).toBe('库存 3');
      expect(page.$('.tm-product__sku--selected')?.textContent).toContain('大份');

      await page.tap('.tm-product__stepper .t-stepper__plus');
      await page.tap('.tm-product__buy');

      expect(checkout.lines).toEqual([{ skuId: 'sku-big', quantity: 2, title: '赣南脐橙', skuName: '大份', cover: 'https://img.test/1.png' }]);
      expect(checkout.flashSaleId).toBeNull();
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/checkout/checkout?mode=buyNow' });
    });
  });

  it('adds the chosen SKU to the server cart and says so', async () => {
    const backend = aShop({
      'catalog.detail': () => aProduct(),
      'cart.add': () => cartAnswer([]),
    });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    await page.tap('.tm-product__add');

    expect(backend.callsOf('cart.add')).toEqual([{ skuId: 'sku-small', quantity: 1 }]);
    expect(page.text('.tm-product__message')).toBe('已加入购物车');
  });

  describe('when the SKU has a flash sale and a group campaign', () => {
    it('shows the flash price and buys through checkout with the flash sale', async () => {
      useBackend(aShop({ 'catalog.detail': () => aProduct({ flashSales: [aFlashSale()], groupCampaigns: [aCampaign()] }) }));
      const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

      expect(page.text('.tm-product__flash-price')).toBe('¥9.90');
      expect(page.text('.tm-product__flash-limit')).toBe('每人限购 2 件');
      await page.tap('.tm-product__flash-buy');

      expect(checkout.flashSaleId).toBe('flash-1');
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/store/checkout/checkout?mode=buyNow' });
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
});
