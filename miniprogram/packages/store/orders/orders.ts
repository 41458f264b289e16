import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { ORDER_TABS, orderList, type OrderTab } from '../../../stores/orders';
import { orderStatusName, readableNo } from '../../../utils/codes';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';

/** Order list: status tabs (TDesign tabs), paged on reach-bottom; a card opens the order. */
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
      orders: () => orderList.items.map((o) => ({
        orderId: o.orderId,
        orderNo: readableNo(o.orderId),
        statusText: orderStatusName(o.status),
        covers: o.items.slice(0, 3).map((i) => (i as { cover?: string }).cover ?? '').filter(Boolean),
        pending: o.status === 'pendingPayment',
        title: o.items[0]?.title ?? '',
        more: o.items.length > 1 ? `等${o.items.length}件商品` : '',
        count: o.items.reduce((s, i) => s + i.quantity, 0),
        payableText: formatFen(o.payableFen),
        group: Boolean(o.groupId),
      })),
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
  },
});
