import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { category } from '../../stores/category';
import { errorText } from '../../utils/errors';
import { stopImpressions, watchImpressions } from '../../utils/impressions';
import { ROUTES } from '../../utils/routes';

/** Category tab: categories in a side bar, the active category's feed beside it. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: category,
    fields: {
      // The side bar shows names only (icons are for the home grid).
      categories: () => category.categories.map(({ categoryId, name }) => ({ categoryId, name })),
      activeId: () => category.activeId,
      items: () => category.feed.items,
      loading: () => category.loading || category.feed.loading,
      isEmpty: () => category.feed.isEmpty,
      errorMessage: () => {
        const code = category.error ?? category.feed.error;
        return code ? errorText(code) : '';
      },
    },
    actions: {},
  },
  observers: {
    // The active category's cards as rendered: each is an impression the first time it is on screen.
    items() {
      watchImpressions(this, { list: 'category', items: () => category.feed.items });
    },
  },
  lifetimes: {
    detached() {
      stopImpressions(this);
    },
  },
  methods: {
    async onLoad() {
      if (category.categories.length === 0) await category.load();
      // The home grid may have chosen a category (and loaded it) before switching here.
      if (category.activeId !== null && category.feed.categoryId !== category.activeId) {
        await category.select(category.activeId);
      }
    },
    onShow() {
      if (category.activeId !== null && category.feed.categoryId !== category.activeId) {
        void category.select(category.activeId);
      }
    },
    onReachBottom() {
      if (category.feed.error === null) void category.feed.loadMore();
    },
    onSideBarChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      void category.select(e.detail.value);
    },
    onRetry() {
      if (category.categories.length === 0) void category.load().then(() => this.onShow());
      else void category.feed.refresh();
    },
    onSelectProduct(e: WechatMiniprogram.CustomEvent<{ productId: string }>) {
      void wx.navigateTo({ url: ROUTES.product(e.detail.productId) });
    },
  },
});
