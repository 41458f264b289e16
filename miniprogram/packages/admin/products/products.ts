import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText } from '../../../stores/admin';
import { PRODUCT_STATUS_TEXT, PRODUCT_TABS, productList, type ProductTab } from '../../../stores/admin-catalog';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';

/** Products: search, status tabs, on/off shelf in place; a card opens the editor, "新建商品" a blank one. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: productList,
    fields: {
      tab: () => productList.tab,
      keyword: () => productList.keyword,
      products: () => productList.items.map((p) => ({
        productId: p.productId,
        title: p.title,
        cover: p.cover,
        status: p.status,
        statusText: PRODUCT_STATUS_TEXT[p.status],
        price: formatFen(p.minPriceFen),
        skus: p.skus.length,
        stock: p.totalStock,
        lowStock: p.totalStock > 0 && p.totalStock < 10,
        onShelf: p.onShelf,
      })),
      busyId: () => productList.actions.busyKey,
      notice: () => productList.actions.notice,
      loading: () => productList.loading,
      isEmpty: () => productList.isEmpty,
      hasMore: () => productList.hasMore,
      errorText: () => (productList.error ? adminErrorText(productList.error) : ''),
    },
    actions: {},
  },
  data: { tabs: PRODUCT_TABS, typed: '', shown: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = PRODUCT_TABS.find((t) => t.value === query.status)?.value ?? 'all';
      this.setData({ typed: '' });
      void productList.open(tab);
    },
    onShow() {
      // Back from the editor: show what was saved (not on the first show, which onLoad covers).
      if (this.data.shown) void productList.refresh();
      this.setData({ shown: true });
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: ProductTab }>) {
      void productList.selectTab(e.detail.value);
    },
    onSearchChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ typed: e.detail.value });
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value?: string }>) {
      void productList.search(e.detail.value ?? this.data.typed);
    },
    onSearchClear() {
      this.setData({ typed: '' });
      void productList.search('');
    },
    onReachBottom() {
      if (productList.error === null) void productList.loadMore();
    },
    onRetry() {
      void productList.refresh();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { productId: string }>) {
      void wx.navigateTo({ url: ROUTES.adminProduct(e.currentTarget.dataset.productId) });
    },
    onCreate() {
      void wx.navigateTo({ url: ROUTES.adminProduct() });
    },
    onToggleShelf(e: WechatMiniprogram.BaseEvent<Record<string, never>, { productId: string; onShelf: boolean }>) {
      const { productId, onShelf } = e.currentTarget.dataset;
      void productList.setOnShelf(productId, !onShelf);
    },
  },
});
