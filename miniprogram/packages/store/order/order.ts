import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { OrderItemView } from '../../../../typings/api';
import type { OrderAction } from '../../../stores/orders';
import { orderDetail } from '../../../stores/orders';
import type { AfterSaleStatus } from '../../../../typings/api';
import { afterSaleName, chinaTime, countdownText, orderStatusName, readableNo, REFUND_REASONS, type StatusTone } from '../../../utils/codes';
import { maskPhone } from '../../../utils/address';
import { errorText } from '../../../utils/errors';
import { ROUTES } from '../../../utils/routes';

/** Actions that ask "are you sure?" first, with their question. */
const CONFIRMS: Partial<Record<OrderAction, string>> = {
  cancel: '确定取消这个订单吗？',
  confirmReceipt: '确认已经收到商品了吗？',
};

const ACTION_TEXT: Record<OrderAction, string> = { cancel: '取消订单', pay: '去支付', confirmReceipt: '确认收货', refund: '申请退款' };

/** What the status line says under the status. */
const STATUS_DESC: Record<string, string> = {
  pendingPayment: '订单已提交，请尽快完成支付',
  paid: '付款成功，商家正在备货',
  shipped: '商品已发出，请留意查收',
  completed: '交易完成，感谢您的购买',
  cancelled: '订单已取消',
  refunding: '退款处理中，原路退回',
  refunded: '退款已原路退回',
};

/** An after-sale's word in its colour: waiting in orange, agreed in green, refused in red. */
const AFTER_SALE_TONE: Record<AfterSaleStatus, StatusTone> = { requested: 'warning', approved: 'success', rejected: 'brand' };

/** What the refund sheet says of where the money goes, by the status it is asked in. */
const REFUND_SHEET = {
  refund: { title: '申请退款', label: '请选择退款原因', hint: '商品未发货，提交后原路退回' },
  afterSale: { title: '申请售后', label: '请选择售后原因', hint: '商家审核通过后原路退回' },
} as const;

let payTimer: ReturnType<typeof setInterval> | null = null;

/**
 * Order detail, laid out as the retail starter's: the status banner (brand red while it waits on someone,
 * grey once closed; the time left to pay), shipment (carrier, tracking number to copy) and address, the
 * after-sale (status in its colour, reason, the operator's note), the shop's card with the lines and
 * thumbnails and the money (¥ small, yuan big), the order number (readable, copied whole), times and
 * customer service, and the buyer's actions of that status in the bottom bar: cancel, pay (pay later:
 * `order.pay`), confirm receipt, refund / after-sale in a sheet with the goods, the amount and a reason.
 */
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
        const at = (t: number | null | undefined) => (t ? chinaTime(t) : '');
        return {
          orderId: o.orderId,
          orderNo: readableNo(o.orderId),
          status: o.status,
          statusText: orderStatusName(o.status),
          statusDesc: STATUS_DESC[o.status] ?? '',
          paid: o.status !== 'pendingPayment' && o.status !== 'cancelled',
          closed: o.status === 'cancelled' || o.status === 'refunded',
          items: o.items.map((i: OrderItemView) => {
            const refunded = o.refundedQuantities?.[i.skuId] ?? 0;
            return {
              key: i.skuId, title: i.title, skuName: i.skuName, quantity: i.quantity, priceFen: i.priceFen, cover: i.cover ?? '',
              refundedText: refunded > 0 ? `已退 ${refunded} 件` : '',
            };
          }),
          totalFen: o.totalFen,
          shippingFen: o.shippingFen ?? 0,
          discountFen: Math.max(0, o.discountFen),
          pointsUsed: o.pointsUsed ?? 0,
          payableFen: o.payableFen,
          refundedFen: o.refundedFen ?? 0,
          refundableFen: Math.max(0, o.payableFen - (o.refundedFen ?? 0)),
          groupId: o.groupId ?? '',
          address: o.address ? { ...o.address, phone: maskPhone(o.address.phone) } : null,
          shipment: o.shipment ? { carrier: o.shipment.carrier, trackingNo: o.shipment.trackingNo, shippedAtText: chinaTime(o.shipment.shippedAt) } : null,
          afterSale: o.afterSale
            ? { statusText: afterSaleName(o.afterSale.status), tone: AFTER_SALE_TONE[o.afterSale.status] ?? 'muted', reason: o.afterSale.reason, note: o.afterSale.note ?? '', requestedAtText: chinaTime(o.afterSale.requestedAt) }
            : null,
          createdAtText: at(o.createdAt),
          paidAtText: at(o.paidAt),
          completedAtText: at(o.completedAt),
          cancelReason: o.status === 'cancelled' ? (o.cancelReason === 'timeout' ? '超时未支付' : o.cancelReason ? '已取消' : '') : '',
          payDeadlineAt: o.status === 'pendingPayment' ? (o.payDeadlineAt ?? 0) : 0,
        };
      },
      actions: () => orderDetail.actions
        // An after-sale already asked for is not asked again.
        .filter((action) => !(action === 'refund' && orderDetail.order?.afterSale?.status === 'requested'))
        .map((action) => ({
          action,
          text: action === 'refund' && orderDetail.order?.status !== 'paid' ? '申请售后' : ACTION_TEXT[action],
          primary: action === 'pay' || action === 'confirmReceipt',
        })),
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
    refundTitle: REFUND_SHEET.refund.title as string,
    refundLabel: REFUND_SHEET.refund.label as string,
    refundHint: REFUND_SHEET.refund.hint as string,
    refundReasons: REFUND_REASONS as readonly string[],
    refundReason: REFUND_REASONS[0] as string,
    payLeftText: '',
  },
  observers: {
    order(order: { payDeadlineAt: number } | null) {
      const deadline = order?.payDeadlineAt ?? 0;
      if (payTimer) clearInterval(payTimer);
      payTimer = null;
      if (!deadline) {
        if (this.data.payLeftText) this.setData({ payLeftText: '' });
        return;
      }
      const tick = () => {
        const left = deadline - Date.now();
        this.setData({ payLeftText: left > 0 ? countdownText(left) : '' });
        if (left <= 0 && payTimer) {
          clearInterval(payTimer);
          payTimer = null;
          if (orderDetail.orderId) void orderDetail.load(orderDetail.orderId);
        }
      };
      tick();
      payTimer = setInterval(tick, 1000);
    },
  },
  lifetimes: {
    detached() {
      if (payTimer) clearInterval(payTimer);
      payTimer = null;
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.orderId) void orderDetail.open(query.orderId);
    },
    onRetry() {
      if (orderDetail.orderId) void orderDetail.load(orderDetail.orderId);
    },
    onCopy(e: WechatMiniprogram.BaseEvent<Record<string, never>, { text: string }>) {
      const data = e.currentTarget.dataset.text;
      if (data) wx.setClipboardData({ data });
    },
    onActionTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { action: OrderAction }>) {
      const { action } = e.currentTarget.dataset;
      if (action === 'pay') void orderDetail.pay();
      else if (action === 'refund') {
        const sheet = orderDetail.order?.status === 'paid' ? REFUND_SHEET.refund : REFUND_SHEET.afterSale;
        this.setData({ refundVisible: true, refundTitle: sheet.title, refundLabel: sheet.label, refundHint: sheet.hint });
      }
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
