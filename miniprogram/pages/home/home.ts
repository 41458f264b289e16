import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { alliance } from '../../stores/alliance';
import { catalog } from '../../stores/catalog';
import { category } from '../../stores/category';
import { experiments } from '../../stores/experiments';
import { errorText } from '../../utils/errors';
import { ROUTES, TABS } from '../../utils/routes';
import { stopImpressions, watchImpressions } from '../../utils/impressions';
import { track } from '../../utils/tracker';

/** The shortcuts under the categories (icon names are TDesign's, vendored in icons.less). */
const ENTRIES = [
  { key: 'coupons', text: '领券中心', icon: 'discount', url: ROUTES.couponCentre },
  { key: 'groups', text: '我的拼团', icon: 'usergroup', url: ROUTES.myGroups },
  { key: 'live', text: '直播好物', icon: 'video', url: ROUTES.liveList },
  { key: 'points', text: '积分商城', icon: 'gift', url: ROUTES.points },
  { key: 'orders', text: '我的订单', icon: 'file', url: ROUTES.orders },
];

/** How many of the first feed items lead the banner swiper. */
const BANNER_COUNT = 3;
/** Experiment on the banner: `a` (control) the swiper, `b` a single hero card of the first item. */
const BANNER_EXPERIMENT = 'home-banner';

/**
 * Home tab: banner (a swiper of the first feed items, or one hero card, by experiment `home-banner`),
 * category grid, and the feed as a two-column waterfall that loads the next page on reach-bottom.
 * A coupon brought by a partner's mini-program (联盟) shows as a notice until dismissed.
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
        hero: () => {
          const first = catalog.items[0];
          return first ? { title: first.title, cover: first.cover } : null;
        },
      },
      actions: {},
    },
    {
      store: experiments,
      fields: {
        // Nothing is drawn until the variant is known (or failed: then the control), so it never flips.
        bannerLayout: () => {
          const variant = experiments.variants[BANNER_EXPERIMENT];
          if (variant === 'b') return 'hero';
          return variant !== undefined || experiments.failed.includes(BANNER_EXPERIMENT) ? 'swiper' : '';
        },
      },
      actions: {},
    },
    {
      store: alliance,
      fields: { allianceCoupon: () => alliance.landingCouponId !== null },
      actions: {},
    },
    {
      store: category,
      fields: { categories: () => category.categories },
      actions: {},
    },
  ],
  data: {
    entries: ENTRIES,
  },
  observers: {
    // The feed's cards as rendered: each is an impression the first time it is on screen.
    columns() {
      watchImpressions(this, { list: 'home', items: () => catalog.items });
    },
  },
  lifetimes: {
    detached() {
      stopImpressions(this);
    },
  },
  methods: {
    onSearchTap() {
      void wx.navigateTo({ url: ROUTES.search() });
    },
    onEntryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      void wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onLoad() {
      void experiments.assign(BANNER_EXPERIMENT);
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
      track('tap_product', { productId: e.detail.productId, from: 'feed' });
      void wx.navigateTo({ url: ROUTES.product(e.detail.productId) });
    },
    onBannerTap(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const banner = catalog.items[e.detail.index];
      if (!banner) return;
      track('tap_product', { productId: banner.productId, from: 'banner' });
      void wx.navigateTo({ url: ROUTES.product(banner.productId) });
    },
    onHeroTap() {
      const hero = catalog.items[0];
      if (!hero) return;
      track('tap_product', { productId: hero.productId, from: 'hero' });
      void wx.navigateTo({ url: ROUTES.product(hero.productId) });
    },
    onDismissAllianceCoupon() {
      alliance.dismissLandingCoupon();
    },
    onCategoryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { categoryId: string }>) {
      void category.select(e.currentTarget.dataset.categoryId);
      void wx.switchTab({ url: TABS.category });
    },
  },
});
