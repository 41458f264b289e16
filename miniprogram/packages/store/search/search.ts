import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { computed, makeObservable, observable, override } from 'mobx-miniprogram';
import type { ProductCard } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import { errorText } from '../../../utils/errors';
import { stopImpressions, watchImpressions } from '../../../utils/impressions';
import { ROUTES, TABS } from '../../../utils/routes';

/** Search results (`catalog.search`), paged; a new keyword starts over. */
class SearchStore extends PagedList<'catalog.search'> {
  keyword = '';

  constructor() {
    super('catalog.search', 10, () => ({ keyword: this.keyword }));
    makeObservable(this, { keyword: observable, columns: computed, reset: override });
  }

  get columns(): [ProductCard[], ProductCard[]] {
    const left: ProductCard[] = [];
    const right: ProductCard[] = [];
    this.items.forEach((item, index) => (index % 2 === 0 ? left : right).push(item));
    return [left, right];
  }

  override reset(keyword: string = this.keyword): void {
    this.keyword = keyword;
    super.reset();
  }
}

const results = new SearchStore();

/** Words offered before the shopper types: the demo shop's categories of goods. */
const HOT = ['乌龙', '龙井', '茶礼', '曲奇', '茶杯'];

/** Product search: a TDesign search box, hot words, and the results as the home waterfall. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: results,
    fields: {
      columns: () => results.columns,
      loading: () => results.loading,
      searched: () => results.keyword !== '',
      isEmpty: () => results.keyword !== '' && results.isEmpty,
      hasMore: () => results.hasMore,
      errorMessage: () => (results.error ? errorText(results.error) : ''),
    },
    actions: {},
  },
  data: { keyword: '', hot: HOT },
  observers: {
    // The results as rendered: each is an impression the first time it is on screen.
    columns() {
      watchImpressions(this, { list: 'search', items: () => results.items, extra: () => ({ keyword: results.keyword.slice(0, 32) }) });
    },
  },
  lifetimes: {
    detached() {
      stopImpressions(this);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      results.reset('');
      if (query.keyword) this.search(query.keyword);
    },
    search(keyword: string) {
      const word = keyword.trim();
      this.setData({ keyword: word });
      if (!word) return;
      results.reset(word);
      void results.loadMore();
    },
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: e.detail.value });
    },
    onSubmit() {
      this.search(this.data.keyword);
    },
    onClear() {
      this.setData({ keyword: '' });
      results.reset('');
    },
    onHotTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { word: string }>) {
      this.search(e.currentTarget.dataset.word);
    },
    onReachBottom() {
      if (results.error === null && results.keyword) void results.loadMore();
    },
    onGoHome() {
      void wx.switchTab({ url: TABS.home });
    },
    onSelectProduct(e: WechatMiniprogram.CustomEvent<{ productId: string }>) {
      void wx.navigateTo({ url: ROUTES.product(e.detail.productId) });
    },
  },
});
