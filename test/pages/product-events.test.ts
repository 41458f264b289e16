/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
/**
 * The shopping events the mini-program tracks: a card's impression in the home feed, a category or the
 * search results when at least half of it is on screen (an IntersectionObserver; the test lays the
 * viewport out, test/support/viewport.ts), once per product per page instance; and the funnel's first
 * steps (domain/analytics/analytics.ts `FUNNEL_STEPS`): `product_view` when the product page shows its
 * product, `add_to_cart` when the server cart took the line. All ride the batched tracker to `analytics.track`.
 */
import { runInAction } from 'mobx-miniprogram';
import type { Api, SkuView } from '../../typings/api';
import { cart } from '../../miniprogram/stores/cart';
import { catalog } from '../../miniprogram/stores/catalog';
import { category } from '../../miniprogram/stores/category';
import { coupons } from '../../miniprogram/stores/coupons';
import { FLUSH_AT, tracker } from '../../miniprogram/utils/tracker';
import { fail, fakeBackend, flush, mountPage, useBackend, type FakeBackend } from '../support/simulate';
import { aCard, cartAnswer, someCards } from '../support/simulate-fixtures';
import type { ViewportTarget } from '../support/viewport';

type Sent = Api['analytics.track']['req']['events'];
type Detail = Api['catalog.detail']['res'];

const aSku = (overrides: Partial<SkuView> = {}): SkuView => ({ skuId: 'sku-small', name: '小份', priceFen: 1990, stock: 10, ...overrides });
const aProduct = (overrides: Partial<Detail> = {}): Detail => ({
  productId: 'p1', title: '赣南脐橙', categoryId: 'fruit', images: ['https://img.test/1.png'],
  skus: [aSku(), aSku({ skuId: 'sku-big', name: '大份', priceFen: 3990, stock: 3 })],
  groupCampaigns: [], flashSales: [], ...overrides,
} as Detail);

/** Every event the backend received, in order, with the batch (call) it came in. */
const sentEvents = (backend: FakeBackend) =>
  backend.callsOf('analytics.track').flatMap((req, batch) => (req.events as Sent).map((e) => ({ ...e, batch })));
const named = (backend: FakeBackend, name: string) => sentEvents(backend).filter((e) => e.name === name);

const categories = { items: [{ categoryId: 'c1', name: '水果' }, { categoryId: 'c2', name: '饮料' }] };

beforeEach(async () => {
  // Whatever earlier tests left queued goes to their backend, not this test's.
  await tracker.flush();
  // A cold start: no feed, no categories, no cart or coupons loaded yet.
  catalog.reset();
  category.feed.reset(null);
  runInAction(() => {
    coupons.loaded = false;
    coupons.offers = [];
    cart.loaded = false;
    category.categories = [];
    category.activeId = null;
  });
  (wx as unknown as { navigateTo: unknown }).navigateTo = jest.fn();
});

/** Picks the cards (observed targets) of these products. */
const cardsOf = (cards: readonly { productId: string }[]) => {
  const ids = new Set(cards.map((c) => c.productId));
  return (t: ViewportTarget) => ids.has(t.dataset.productId);
};
const impressed = async (backend: FakeBackend) => {
  await tracker.flush();
  return named(backend, 'product_impression');
};

describe('product impressions', () => {
  describe('in the home feed', () => {
    it('records the cards on screen with their positions, the ones scrolled to later, none twice, in batches', async () => {
      const first = someCards(4);
      const second = someCards(2);
      const backend = fakeBackend({
        'catalog.list': (req) => (req.cursor === 'page-2' ? { items: second, nextCursor: null } : { items: first, nextCursor: 'page-2' }),
        'catalog.categories': () => categories,
      });
      useBackend(backend);
      const page = await mountPage('pages/home/home');
      expect(page.$$('.tm-product-card')).toHaveLength(4);
      // Rendered is not seen: nothing is on screen yet.
      expect(await impressed(backend)).toEqual([]);

      await page.viewport.show(cardsOf(first.slice(0, 2)));
      // Nothing is sent per event: the batch waits for the flush.
      expect(named(backend, 'product_impression')).toEqual([]);
      await page.viewport.show(cardsOf(first.slice(1, 4)));
      await page.viewport.show(cardsOf(first.slice(0, 2))); // scrolled back up
      await page.reachBottom();
      expect(page.$$('.tm-product-card')).toHaveLength(6);
      await page.viewport.show(cardsOf(second));

      const shown = await impressed(backend);
      expect(shown.map((e) => e.props)).toEqual([...first, ...second].map((card, position) =>
        expect.objectContaining({ productId: card.productId, list: 'home', position })));
      expect(new Set(shown.map((e) => e.batch)).size).toBe(1);
      page.unmount();
    });

    it('counts a card once at least half of it is on screen', async () => {
      const [card] = someCards(1);
      const backend = fakeBackend({ 'catalog.list': () => ({ items: [card], nextCursor: null }), 'catalog.categories': () => categories });
      useBackend(backend);
      const page = await mountPage('pages/home/home');

      await page.viewport.lay(() => 0.3);
      expect(await impressed(backend)).toEqual([]);
      await page.viewport.lay(() => 0.6);
      expect((await impressed(backend)).map((e) => e.props?.productId)).toEqual([card.productId]);
      page.unmount();
    });

    it('does not record the cards on screen again when the feed is pulled to refresh', async () => {
      const cards = someCards(3);
      const backend = fakeBackend({ 'catalog.list': () => ({ items: cards, nextCursor: null }), 'catalog.categories': () => categories });
      useBackend(backend);
      const page = await mountPage('pages/home/home');
      await page.viewport.show(() => true);
      (wx as unknown as { stopPullDownRefresh: unknown }).stopPullDownRefresh = jest.fn();
      page.instance.onPullDownRefresh();
      await flush();
      expect(backend.callsOf('catalog.list')).toHaveLength(2);
      await page.viewport.show(() => true);

      const shown = await impressed(backend);
      expect(shown.map((e) => e.props?.productId).sort()).toEqual(cards.map((c) => c.productId).sort());
      page.unmount();
    });

    it('records them again on a new visit of the page, and stops watching when the page goes', async () => {
      const cards = someCards(2);
      const backend = fakeBackend({ 'catalog.list': () => ({ items: cards, nextCursor: null }), 'catalog.categories': () => categories });
      useBackend(backend);
      for (let visit = 0; visit < 2; visit += 1) {
        const page = await mountPage('pages/home/home');
        await page.viewport.show(() => true);
        expect(page.viewport.live).toBe(1);
        page.unmount();
        expect(page.viewport.live).toBe(0);
      }

      expect((await impressed(backend)).map((e) => e.props?.productId)).toEqual([...cards, ...cards].map((c) => c.productId));
    });
  });

  describe('in a category', () => {
    it('records the active category’s cards on screen, another category’s when chosen, and none twice on coming back', async () => {
      const fruit = someCards(3);
      const drinks = someCards(3);
      const backend = fakeBackend({
        'catalog.categories': () => categories,
        'catalog.list': (req) => ({ items: req.categoryId === 'c2' ? drinks : fruit, nextCursor: null }),
      });
      useBackend(backend);
      const page = await mountPage('pages/category/category');
      expect(page.$$('.tm-product-card')).toHaveLength(3);
      // The first two fill the screen; the third is below the fold.
      const aboveTheFold = (t: ViewportTarget) => t.index < 2;
      await page.viewport.show(aboveTheFold);
      await category.select('c2');
      await flush();
      expect(page.$$('.tm-product-card')).toHaveLength(3);
      await page.viewport.show(aboveTheFold);
      await category.select('c1');
      await flush();
      await page.viewport.show(aboveTheFold);

      expect((await impressed(backend)).map((e) => e.props)).toEqual([
        ...fruit.slice(0, 2).map((c, position) => expect.objectContaining({ productId: c.productId, list: 'category', position })),
        ...drinks.slice(0, 2).map((c, position) => expect.objectContaining({ productId: c.productId, list: 'category', position })),
      ]);
      page.unmount();
    });
  });

  describe('in the search results', () => {
    it('records the results on screen with the keyword, none before a search', async () => {
      const found = [aCard({ title: '乌龙茶' }), aCard({ title: '乌龙礼盒' }), aCard({ title: '乌龙茶杯' })];
      const backend = fakeBackend({ 'catalog.search': () => ({ items: found, nextCursor: null }) });
      useBackend(backend);
      const page = await mountPage('packages/store/search/search');
      // The screen has room for two results.
      await page.viewport.show(cardsOf(found.slice(0, 2)));
      expect(await impressed(backend)).toEqual([]);

      await page.tap('.tm-search__hot-word');
      expect(page.$$('.tm-product-card')).toHaveLength(3);
      expect((await impressed(backend)).map((e) => e.props)).toEqual(found.slice(0, 2).map((c, position) =>
        expect.objectContaining({ productId: c.productId, list: 'search', position, keyword: '乌龙' })));
      page.unmount();
    });
  });

  it('reaching the batch size sends the queue at once', async () => {
    const cards = someCards(FLUSH_AT);
    const backend = fakeBackend({ 'catalog.list': () => ({ items: cards, nextCursor: null }), 'catalog.categories': () => categories });
    useBackend(backend);
    const page = await mountPage('pages/home/home');
    await page.viewport.show(() => true);
    // No explicit flush: twenty impressions are a batch.
    const calls = backend.callsOf('analytics.track');
    expect(calls).toHaveLength(1);
    expect(calls[0].events.filter((e) => e.name === 'product_impression')).toHaveLength(FLUSH_AT);
    page.unmount();
  });
});

/** The product page also reads the cart (its badge) and the coupon centre (领券). */
const aShop = (handlers: Parameters<typeof fakeBackend>[0] = {}) =>
  fakeBackend({ 'cart.list': () => cartAnswer([]), 'coupon.available': () => ({ items: [] }), 'catalog.detail': () => aProduct(), ...handlers });

describe('the product page', () => {
  it('tracks product_view once with the product and its category when the product is shown', async () => {
    const backend = aShop();
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    await tracker.flush();
    const views = named(backend, 'product_view');
    expect(views).toHaveLength(1);
    expect(views[0].props).toEqual(expect.objectContaining({ productId: 'p1', categoryId: 'fruit' }));
    expect(views[0].props).not.toHaveProperty('liveRoomId');
    page.unmount();
  });

  it('carries the live room the product was opened from', async () => {
    const backend = aShop();
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1', liveRoomId: 'room-9' } });

    await tracker.flush();
    expect(named(backend, 'product_view').map((e) => e.props)).toEqual([expect.objectContaining({ productId: 'p1', liveRoomId: 'room-9' })]);
    page.unmount();
  });

  it('tracks no view when the product could not be loaded', async () => {
    const backend = aShop({ 'catalog.detail': () => fail('NOT_FOUND') });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'gone' } });
    expect(page.$('.tm-product__title')).toBeNull();

    await tracker.flush();
    expect(named(backend, 'product_view')).toEqual([]);
    page.unmount();
  });

  it('tracks add_to_cart once with the SKU and quantity the server cart took, batched with the view', async () => {
    const backend = aShop({ 'cart.add': () => cartAnswer([]) });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });
    await page.tap('.tm-product__add');
    await page.tap(page.$$('.tm-product__skus .t-tag')[1]);
    await page.tap('.tm-product__stepper .t-stepper__plus');
    await page.tap('.tm-product__confirm-cart');
    expect(backend.callsOf('cart.add')).toEqual([{ skuId: 'sku-big', quantity: 2 }]);
    expect(named(backend, 'add_to_cart')).toEqual([]);

    await tracker.flush();
    const added = named(backend, 'add_to_cart');
    expect(added).toHaveLength(1);
    expect(added[0].props).toEqual(expect.objectContaining({ skuId: 'sku-big', quantity: 2, productId: 'p1', categoryId: 'fruit' }));
    expect(added[0].batch).toBe(named(backend, 'product_view')[0].batch);
    page.unmount();
  });

  it('tracks no add_to_cart when the server refused the line', async () => {
    const backend = aShop({ 'cart.add': () => fail('OUT_OF_STOCK') });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });
    await page.tap('.tm-product__add');
    await page.tap('.tm-product__confirm-cart');
    expect(backend.callsOf('cart.add')).toHaveLength(1);

    await tracker.flush();
    expect(named(backend, 'add_to_cart')).toEqual([]);
    page.unmount();
  });
});
