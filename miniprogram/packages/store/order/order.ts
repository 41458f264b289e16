import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { OrderAction } from '../../../stores/orders';
import { ORDER_STATUS_TEXT, orderDetail } from '../../../stores/orders';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';

/** Reasons offered for a refund; the chosen words are sent as `reason`. */
const REFUND_REASONS = ['不想要了', '商品与描述不符', '质量问题', '其他'];

/** Actions that ask "are you sure?" first, with their question. */
const CONFIRMS: Partial<Record<OrderAction, string>> = {
  cancel: '确定取消这个订单吗？',
  confirmReceipt: '确认已经收到商品了吗？',
};

const ACTION_TEXT: Record<OrderAction, string> = { cancel: '取消订单', pay: '去支付', confirmReceipt: '确认收货', refund: '申请退款' };

/** Order detail: status, lines, the money, and the buyer's actions of that status (cancel, pay, confirm, refund). */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: orderDetail,
    fields: {
      loading: () => orderDetail.loading && !orderDetail.order,
      errorMessage: () => (orderDetail.error && !orderDetail.order ? errorText(orderDetail.error) : ''),
      order: () => {
        const o = orderDetail.order;
        if (!o) return null;
        return {
          orderId: o.orderId,
          status: o.status,
          statusText: ORDER_STATUS_TEXT[o.status],
          items: o.items.map((i) => ({ key: i.skuId, title: i.title, skuName: i.skuName, quantity: i.quantity, priceText: formatFen(i.priceFen) })),
          totalText: formatFen(o.totalFen),
          discountText: o.discountFen > 0 ? formatFen(o.discountFen) : '',
          pointsUsed: o.pointsUsed ?? 0,
          payableText: formatFen(o.payableFen),
          groupId: o.groupId ?? '',
        };
      },
      actions: () => orderDetail.actions.map((action) => ({ action, text: ACTION_TEXT[action], primary: action === 'pay' || action === 'confirmReceipt' })),
      acting: () => orderDetail.acting,
      actionMessage: () => {
        if (orderDetail.actionError) return errorText(orderDetail.actionError);
        if (orderDetail.order?.status !== 'pendingPayment') return '';
        if (orderDetail.payOutcome === 'cancelled') return '支付已取消，可稍后在此继续支付';
        if (orderDetail.payOutcome === 'failed') return '支付未成功，请重试';
        if (orderDetail.payOutcome === 'unavailable') return '暂时无法发起支付，请稍后重试';
        return '';
      },
    },
    actions: {},
  },
  data: {
    confirmVisible: false,
    confirmText: '',
    pendingAction: '' as OrderAction | '',
    refundVisible: false,
    refundReasons: REFUND_REASONS,
    refundReason: REFUND_REASONS[0],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.orderId) void orderDetail.open(query.orderId);
    },
    onRetry() {
      if (orderDetail.orderId) void orderDetail.load(orderDetail.orderId);
    },
    onActionTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { action: OrderAction }>) {
      const { action } = e.currentTarget.dataset;
      if (action === 'pay') void orderDetail.pay();
      else if (action === 'refund') this.setData({ refundVisible: true });
      else this.setData({ confirmVisible: true, confirmText: CONFIRMS[action] ?? '', pendingAction: action });
    },
    onConfirm() {
      const action = this.data.pendingAction;
      this.setData({ confirmVisible: false, pendingAction: '' });
      if (action === 'cancel') void orderDetail.cancel();
      if (action === 'confirmReceipt') void orderDetail.confirmReceipt();
    },
    onConfirmCancel() {
      this.setData({ confirmVisible: false, pendingAction: '' });
    },
    onRefundReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ refundReason: e.detail.value });
    },
    onRefundVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ refundVisible: e.detail.visible });
    },
    onRefundSubmit() {
      this.setData({ refundVisible: false });
      void orderDetail.refund(this.data.refundReason);
    },
    onGroupTap() {
      const groupId = orderDetail.order?.groupId;
      if (groupId) void wx.navigateTo({ url: ROUTES.group(groupId) });
    },
  },
});
