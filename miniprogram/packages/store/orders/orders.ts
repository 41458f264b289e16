import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { ORDER_TABS, orderList, type OrderTab, type PayOutcome } from '../../../stores/orders';
import type { OrderStatus } from '../../../../typings/api';
import { countdownText, orderStatusName, orderStatusTone, readableNo, TAG_THEME } from '../../../utils/codes';
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

/** Each page instance's countdown timer. */
const payTimers = new Map<object, ReturnType<typeof setInterval>>();
function clearPayTimer(page: object): void {
  const t = payTimers.get(page);
  if (t) clearInterval(t);
  payTimers.delete(page);
}

/** What a payment from the list came to, as the toast says it. */
const PAY_TOAST: Record<PayOutcome, { title: string; icon: 'success' | 'none' }> = {
  paid: { title: '支付成功', icon: 'success' },
  cancelled: { title: '已取消支付，可稍后继续支付', icon: 'none' },
  failed: { title: '支付未成功，请重试', icon: 'none' },
  unavailable: { title: '暂时无法发起支付，请稍后重试', icon: 'none' },
};

async function payFromList(orderId: string): Promise<void> {
  const outcome = await orderList.pay(orderId);
  const toast = outcome ? PAY_TOAST[outcome] : { title: orderList.payError ? errorText(orderList.payError) : '暂时无法发起支付', icon: 'none' as const };
  void wx.showToast({ title: toast.title, icon: toast.icon });
}

/**
 * Order list: status tabs (TDesign tabs, kept on top) with counts, paged on reach-bottom. A card shows
 * the readable order number and the status in its colour, the goods (one line in full, or a strip of
 * thumbnails), the amount, and the card's action: 去支付 pays right there (`order.pay`, WeChat Pay's cashier,
 * then a toast saying how it went) with the time left to pay counting down on the card; 查看物流 opens the
 * order, 再次购买 the product. Skeleton cards while the first page loads; an empty tab leads back to the shop.
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
          payDeadlineAt: o.status === 'pendingPayment' ? (o.payDeadlineAt ?? 0) : 0,
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
      paying: () => orderList.paying ?? '',
    },
    actions: {},
  },
  data: {
    shown: false,
    /** Time left to pay, by orderId, for the pending orders listed (refreshed every second while any is listed). */
    payLeft: {} as Record<string, string>,
  },
  observers: {
    orders(orders: { orderId: string; payDeadlineAt: number }[]) {
      clearPayTimer(this);
      const pending = orders.filter((o) => o.payDeadlineAt > 0);
      if (pending.length === 0) {
        if (Object.keys(this.data.payLeft).length) this.setData({ payLeft: {} });
        return;
      }
      const tick = () => {
        const now = Date.now();
        this.setData({ payLeft: Object.fromEntries(pending.map((o) => [o.orderId, o.payDeadlineAt > now ? `剩余 ${countdownText(o.payDeadlineAt - now)}` : '即将关闭'])) });
        // Past a deadline the order timer cancels it: read the list again once.
        if (pending.some((o) => o.payDeadlineAt <= now)) {
          clearPayTimer(this);
          void orderList.refresh();
        }
      };
      tick();
      payTimers.set(this, setInterval(tick, 1000));
    },
  },
  lifetimes: {
    detached() {
      clearPayTimer(this);
    },
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
      if (key === 'pay') {
        void payFromList(orderId);
        return;
      }
      void wx.navigateTo({ url: key === 'again' && productId ? ROUTES.product(productId) : ROUTES.order(orderId) });
    },
    onGoShopping() {
      void wx.switchTab({ url: TABS.home });
    },
  },
});
