/** @jest-environment jsdom */
import { fail, fakeBackend, mountPage, useBackend } from '../support/simulate';
import { aCard, someCards } from '../support/simulate-fixtures';

/** The home page also asks for its banner experiment's variant: the control (a), unless a test says otherwise. */
const homeBackend = (handlers: Parameters<typeof fakeBackend>[0] = {}) =>
  fakeBackend({ 'analytics.assign': () => ({ variant: 'a' }), ...handlers });

const categories = { items: [{ categoryId: 'c1', name: '水果' }, { categoryId: 'c2', name: '饮料' }] };

describe('home page', () => {
  describe('when the feed has products', () => {
    it('renders a product card per item, with its price in yuan, under a real TDesign swiper and grid', async () => {
      useBackend(homeBackend({
        'catalog.list': () => ({ items: [aCard({ title: '脐橙', minPriceFen: 1990 }), aCard({ minPriceFen: 500 }), aCard()], nextCursor: null }),
        'catalog.categories': () => categories,
      }));
      const page = await mountPage('pages/home/home');

      expect(page.$$('.tm-product-card')).toHaveLength(3);
      expect(page.text('.tm-product-card__title')).toContain('脐橙');
      expect(page.text('.tm-product-card__price')).toContain('¥19.90起');
      expect(page.text('.tm-product-card__price')).toContain('¥5.00起');
      // Two columns of the waterfall: cards are dealt left, right, left.
      expect(page.$$('.tm-home__column:first-child .tm-product-card')).toHaveLength(2);
      expect(page.$$('.tm-home__column:last-child .tm-product-card')).toHaveLength(1);
      expect(page.$('.t-swiper')).not.toBeNull();
      expect(page.$$('.t-grid-item')).toHaveLength(2);
      expect(page.text('.t-grid-item')).toContain('水果');
      expect(page.$('.t-empty')).toBeNull();
    });

    it('loads the next page with the cursor on reach-bottom, and stops at the last page', async () => {
      const backend = homeBackend({
        'catalog.list': (req) => (req.cursor === 'page-2'
          ? { items: someCards(2), nextCursor: null }
          : { items: someCards(4), nextCursor: 'page-2' }),
        'catalog.categories': () => categories,
      });
      useBackend(backend);
      const page = await mountPage('pages/home/home');
      expect(page.$$('.tm-product-card')).toHaveLength(4);

      await page.reachBottom();
      expect(page.$$('.tm-product-card')).toHaveLength(6);
      expect(page.$$('.tm-product-card .t-image')).toHaveLength(6);
      expect(backend.callsOf('catalog.list').map((r) => r.cursor)).toEqual([undefined, 'page-2']);
      expect(page.text('.tm-home__end')).toBe('没有更多了');

      await page.reachBottom();
      expect(backend.callsOf('catalog.list')).toHaveLength(2);
    });

    it('shows a TDesign loading indicator while a page is on its way', async () => {
      let answer: (value: { items: ReturnType<typeof someCards>; nextCursor: null }) => void = () => undefined;
      useBackend(homeBackend({
        'catalog.list': () => new Promise((resolve) => { answer = resolve; }),
        'catalog.categories': () => categories,
      }));
      const page = await mountPage('pages/home/home');
      expect(page.$('.tm-home__loading .t-loading')).not.toBeNull();

      answer({ items: someCards(1), nextCursor: null });
      await page.show();
      expect(page.$('.tm-home__loading')).toBeNull();
      expect(page.$$('.tm-product-card')).toHaveLength(1);
    });
  });

  describe('when the feed is empty', () => {
    it('shows the TDesign empty state and no cards', async () => {
      useBackend(homeBackend({
        'catalog.list': () => ({ items: [], nextCursor: null }),
        'catalog.categories': () => ({ items: [] }),
      }));
      const page = await mountPage('pages/home/home');

      expect(page.$$('.tm-product-card')).toHaveLength(0);
      expect(page.$('.tm-home__empty .t-empty')).not.toBeNull();
      expect(page.text('.tm-home__empty')).toContain('暂无商品');
      expect(page.$('.t-button')).toBeNull();
    });
  });

  describe('when the feed fails to load', () => {
    it('shows the error with a retry button that loads the feed', async () => {
      const backend = homeBackend({
        'catalog.list': () => fail('INTERNAL', 'boom'),
        'catalog.categories': () => categories,
      });
      useBackend(backend);
      const page = await mountPage('pages/home/home');

      expect(page.$$('.tm-product-card')).toHaveLength(0);
      expect(page.$('.tm-home__error .t-empty')).not.toBeNull();
      expect(page.text('.tm-home__error')).toContain('网络开小差了');
      const retry = page.$('.tm-home__error .t-button');
      expect(retry).not.toBeNull();
      expect(retry?.textContent).toContain('重试');

      backend.on({ 'catalog.list': () => ({ items: someCards(2), nextCursor: null }) });
      await page.tap('.tm-home__retry');

      expect(page.$('.tm-home__error')).toBeNull();
      expect(page.$$('.tm-product-card')).toHaveLength(2);
      expect(backend.callsOf('catalog.list')).toHaveLength(2);
    });
  });

  describe('the way into the shop', () => {
    it('opens search from the search box and the coupon centre from its shortcut', async () => {
      const navigateTo = jest.fn();
      (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
      useBackend(homeBackend({ 'catalog.list': () => ({ items: someCards(2), nextCursor: null }), 'catalog.categories': () => categories }));
      const page = await mountPage('pages/home/home');

      await page.tap('.tm-home__search');
      expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/store/search/search' });
      expect(page.text('.tm-home__entries')).toContain('领券中心');
      await page.tap('.tm-home__entry');
      expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/store/coupons/coupons' });
    });
  });
});

