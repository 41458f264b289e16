import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText, maskPhone, shortOrderNo } from '../../../stores/admin';
import { AFTER_SALE_TABS, afterSales, type AfterSaleTab } from '../../../stores/admin-orders';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';
import { formatChinaMonthDay } from '../../../utils/time';

/** The buyers' refund requests on shipped and completed orders: approve (the refund runs) or reject with a note. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: afterSales,
    fields: {
      tab: () => afterSales.tab,
      requests: () => afterSales.items.map((o) => {
        const lines = o.afterSale?.lines ?? [];
        const asked = lines.length
          ? lines.reduce((s, l) => s + l.quantity * (o.items.find((i) => i.skuId === l.skuId)?.priceFen ?? 0), 0)
          : o.payableFen - (o.refundedFen ?? 0);
        return {
          orderId: o.orderId,
          orderNo: shortOrderNo(o.orderId),
          buyer: o.address ? `${o.address.name} ${maskPhone(o.address.phone)}` : '',
          title: o.items.map((i) => `${i.title}×${i.quantity}`).join('，'),
          reason: o.afterSale?.reason ?? '',
          note: o.afterSale?.note ?? '',
          time: o.afterSale ? formatChinaMonthDay(o.afterSale.requestedAt) : '',
          amount: formatFen(Math.min(asked, o.payableFen)),
          orderStatus: o.status === 'completed' ? '已完成' : o.status === 'shipped' ? '已发货' : o.status === 'refunded' ? '已退款' : '',
          open: o.afterSale?.status === 'requested',
        };
      }),
      reviewing: () => afterSales.reviewing,
      note: () => afterSales.note,
      noteError: () => afterSales.noteError,
      busyId: () => afterSales.actions.busyKey,
      notice: () => afterSales.actions.notice,
      loading: () => afterSales.loading,
      isEmpty: () => afterSales.isEmpty,
      hasMore: () => afterSales.hasMore,
      errorText: () => (afterSales.error ? adminErrorText(afterSales.error) : ''),
    },
    actions: {},
  },
  data: { tabs: AFTER_SALE_TABS },
  methods: {
    onLoad() {
      void afterSales.selectTab('requested');
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: AfterSaleTab }>) {
      void afterSales.selectTab(e.detail.value);
    },
    onReachBottom() {
      if (afterSales.error === null) void afterSales.loadMore();
    },
    onRetry() {
      void afterSales.refresh();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { orderId: string }>) {
      void wx.navigateTo({ url: ROUTES.adminOrder(e.currentTarget.dataset.orderId) });
    },
    onReview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { orderId: string }>) {
      afterSales.startReview(e.currentTarget.dataset.orderId);
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      afterSales.setNote(e.detail.value);
    },
    onClose() {
      afterSales.cancelReview();
    },
    onApprove() {
      void afterSales.decide(true);
    },
    onReject() {
      void afterSales.decide(false);
    },
  },
});
