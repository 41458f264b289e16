/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { ProductCard } from '../../typings/api';
import { fakeBackend, mountPage, useBackend } from '../support/simulate';

const aCard = (title: string): ProductCard => ({ productId: `p-${title}`, title, cover: `https://img.test/${title}.png`, minPriceFen: 1990 });

/** A catalogue that finds the products whose title holds the keyword. */
const catalogue = (cards: ProductCard[]) => fakeBackend({
  'catalog.search': ({ keyword }) => ({ items: cards.filter((c) => c.title.includes(keyword)), nextCursor: null }),
  'analytics.track': () => ({ accepted: 0 }),
});

const switchTab = jest.fn();
beforeEach(() => {
  switchTab.mockReset();
  (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
});

describe('search page', () => {
  it('says what it searched for above the results, and where they end', async () => {
    useBackend(catalogue([aCard('乌龙茶'), aCard('龙井')]));
    const page = await mountPage('packages/store/search/search', { query: { keyword: '乌龙' } });

    expect(page.text('.tm-search__summary')).toBe('「乌龙」的搜索结果');
    expect(page.$$('.tm-product-card')).toHaveLength(1);
    expect(page.$('.tm-search__hot')).toBeNull();
    expect(page.text('.tm-list-end')).toBe('没有更多了');
    page.unmount();
  });

  describe('when nothing matches', () => {
    it('offers other words to try and a way back to the shop', async () => {
      const backend = catalogue([aCard('乌龙茶')]);
      useBackend(backend);
      const page = await mountPage('packages/store/search/search', { query: { keyword: '咖啡机' } });

      expect(page.text('.tm-search__empty')).toContain('没有找到「咖啡机」相关的商品');
      expect(page.text('.tm-search__hot-title')).toBe('换个词试试');
      await page.tap('.tm-search__hot-word');
      expect(backend.callsOf('catalog.search').at(-1)).toMatchObject({ keyword: '乌龙' });
      expect(page.$$('.tm-product-card')).toHaveLength(1);
      page.unmount();
    });

    it('leads to the home page', async () => {
      useBackend(catalogue([]));
      const page = await mountPage('packages/store/search/search', { query: { keyword: '咖啡机' } });

      await page.tap('.tm-search__go-home');

      expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/home' });
      page.unmount();
    });
  });
});
