import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { ORDER_TABS, orderList, type OrderTab } from '../../../stores/orders';
import type { OrderStatus } from '../../../../typings/api';
import { orderStatusName, orderStatusTone, readableNo, TAG_THEME } from '../../../utils/codes';
import { errorText } from '../../../utils/errors';
import { ROUTES, TABS } from '../../../utils/routes';

/** How many thumbnails an order of several lines shows in its strip. */
const STRIP = 4;

/** The one button an order card offers in each status (the order page has them all). */
const CARD_ACTION: Partial<Record<OrderStatus, { key: string; text: string; primary: boolean }>> = {
  pendingPayment: { key: 'pay', text: '去支付', primary: true },
  shipped: { key: 'track', text: '查看物流', primary: false },
  completed: { key: 'again', text: '再次购买', primary: false },
};

/**
 * Order list: status tabs (TDesign tabs, kept on top) with counts, paged on reach-bottom. A card shows
 * the readable order number and the status in its colour, the goods (one line in full, or a strip of
 * thumbnails), the amount, and the card's action (去支付 / 查看物流 open the order, 再次购买 the product).
 * Skeleton cards while the first page loads; an empty tab leads back to the shop.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: orderList,
    fields: {
      tab: () => orderList.tab,
      tabs: () => ORDER_TABS.map((t) => {
        const count = t.count && orderList.counts ? orderList.counts[t.count] : 0;
        return { value: t.value, label: t.label, badge: count > 0 ? { count } : null };
      }),
      orders: () => orderList.items.map((o) => {
        const first = o.items[0];
        return {
          orderId: o.orderId,
          orderNo: readableNo(o.orderId),
          statusText: orderStatusName(o.status),
          statusTheme: TAG_THEME[orderStatusTone(o.status)],
          line: o.items.length === 1 && first
            ? { cover: first.cover ?? '', title: first.title, skuName: first.skuName, priceFen: first.priceFen, quantity: first.quantity }
            : null,
          covers: o.items.slice(0, STRIP).map((i) => i.cover ?? ''),
          pending: o.status === 'pendingPayment',
          title: first?.title ?? '',
          more: o.items.length > 1 ? ` 等${o.items.length}种商品` : '',
          count: o.items.reduce((s, i) => s + i.quantity, 0),
          payableFen: o.payableFen,
          group: Boolean(o.groupId),
          productId: first?.productId ?? '',
          action: CARD_ACTION[o.status] ?? null,
        };
      }),
      firstLoading: () => orderList.loading && orderList.items.length === 0,
      loading: () => orderList.loading,
      isEmpty: () => orderList.isEmpty,
      hasMore: () => orderList.hasMore,
      errorMessage: () => (orderList.error ? errorText(orderList.error) : ''),
    },
    actions: {},
  },
  data: {
    shown: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = ORDER_TABS.find((t) => t.value === query.status)?.value ?? 'all';
      void orderList.selectTab(tab);
      void orderList.loadCounts();
    },
    onShow() {
      // Back from an order whose status changed: the list is read again (not on the first show).
      if (this.data.shown) {
        void orderList.refresh();
        void orderList.loadCounts();
      }
      this.setData({ shown: true });
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: OrderTab }>) {
      void orderList.selectTab(e.detail.value);
    },
    onReachBottom() {
      if (orderList.error === null) void orderList.loadMore();
    },
    onRetry() {
      if (orderList.items.length === 0) void orderList.refresh();
      else void orderList.loadMore();
    },
    onOrderTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { orderId: string }>) {
      void wx.navigateTo({ url: ROUTES.order(e.currentTarget.dataset.orderId) });
    },
    onActionTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { orderId: string; productId: string; key: string }>) {
      const { orderId, productId, key } = e.currentTarget.dataset;
      void wx.navigateTo({ url: key === 'again' && productId ? ROUTES.product(productId) : ROUTES.order(orderId) });
    },
    onGoShopping() {
      void wx.switchTab({ url: TABS.home });
    },
  },
});
