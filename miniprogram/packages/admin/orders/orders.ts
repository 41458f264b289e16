import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { ADMIN_ORDER_STATUS_TEXT, adminErrorText, maskPhone, shortOrderNo } from '../../../stores/admin';
import { ADMIN_ORDER_TABS, adminOrderList, type AdminOrderTab } from '../../../stores/admin-orders';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';
import { formatChinaMonthDay } from '../../../utils/time';

/** Every order of the shop: status tabs, search by order number, phone tail or product; a card opens it. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: adminOrderList,
    fields: {
      tab: () => adminOrderList.tab,
      keyword: () => adminOrderList.keyword,
      riskOnly: () => adminOrderList.riskOnly,
      orders: () => adminOrderList.shown.map((o) => ({
        orderId: o.orderId,
        orderNo: shortOrderNo(o.orderId),
        status: o.status,
        statusText: ADMIN_ORDER_STATUS_TEXT[o.status],
        buyer: o.address ? `${o.address.name} ${maskPhone(o.address.phone)}` : '无收货信息',
        title: o.items[0]?.title ?? '',
        more: o.items.length > 1 ? `等${o.items.length}件商品` : '',
        count: o.items.reduce((s, i) => s + i.quantity, 0),
        payable: formatFen(o.payableFen),
        time: o.createdAt ? formatChinaMonthDay(o.createdAt) : '',
        afterSale: o.afterSale?.status === 'requested',
        risk: o.risk === 'review' || o.risk === 'block',
      })),
      loading: () => adminOrderList.loading,
      isEmpty: () => adminOrderList.isEmpty,
      hasMore: () => adminOrderList.hasMore,
      errorText: () => (adminOrderList.error ? adminErrorText(adminOrderList.error) : ''),
    },
    actions: {},
  },
  data: { tabs: ADMIN_ORDER_TABS, typed: '', shown: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = ADMIN_ORDER_TABS.find((t) => t.value === query.status)?.value ?? 'all';
      this.setData({ typed: '' });
      void adminOrderList.open(tab, query.risk === 'review');
    },
    onShow() {
      if (this.data.shown) void adminOrderList.refresh();
      this.setData({ shown: true });
    },
    async onPullDownRefresh() {
      await adminOrderList.refresh();
      wx.stopPullDownRefresh();
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: AdminOrderTab }>) {
      void adminOrderList.selectTab(e.detail.value);
    },
    onSearchChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ typed: e.detail.value });
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value?: string }>) {
      void adminOrderList.search(e.detail.value ?? this.data.typed);
    },
    onSearchClear() {
      this.setData({ typed: '' });
      void adminOrderList.search('');
    },
    onReachBottom() {
      if (adminOrderList.error === null) void adminOrderList.loadMore();
    },
    onRetry() {
      void adminOrderList.refresh();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { orderId: string }>) {
      void wx.navigateTo({ url: ROUTES.adminOrder(e.currentTarget.dataset.orderId) });
    },
  },
});
