import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { catalog } from '../../stores/catalog';
import { category } from '../../stores/category';
import { errorText } from '../../utils/errors';
import { ROUTES, TABS } from '../../utils/routes';

/** How many of the first feed items lead the banner swiper. */
const BANNER_COUNT = 3;

/**
 * Home tab: banner swiper (the first feed items), category grid, and the feed as a two-column
 * waterfall that loads the next page on reach-bottom.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: catalog,
      fields: {
        columns: () => catalog.columns,
        loading: () => catalog.loading,
        hasMore: () => catalog.hasMore,
        isEmpty: () => catalog.isEmpty,
        hasItems: () => catalog.items.length > 0,
        errorMessage: () => (catalog.error ? errorText(catalog.error) : ''),
        // A tap opens `catalog.items[index]` (see onBannerTap): the banner carries only its image.
        banners: () => catalog.items.slice(0, BANNER_COUNT).map((item) => ({ value: item.cover })),
      },
      actions: {},
    },
    {
      store: category,
      fields: { categories: () => category.categories },
      actions: {},
    },
  ],
  methods: {
    onLoad() {
      void catalog.refresh();
      if (category.categories.length === 0) void category.load();
    },
    onPullDownRefresh() {
      void catalog.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (catalog.error === null) void catalog.loadMore();
    },
    onRetry() {
      if (catalog.items.length === 0) void catalog.refresh();
      else void catalog.loadMore();
    },
    onSelectProduct(e: WechatMiniprogram.CustomEvent<{ productId: string }>) {
      void wx.navigateTo({ url: ROUTES.product(e.detail.productId) });
    },
    onBannerTap(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const banner = catalog.items[e.detail.index];
      if (banner) void wx.navigateTo({ url: ROUTES.product(banner.productId) });
    },
    onCategoryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { categoryId: string }>) {
      void category.select(e.currentTarget.dataset.categoryId);
      void wx.switchTab({ url: TABS.category });
    },
  },
});
