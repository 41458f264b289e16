import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { ADMIN_ORDER_STATUS_TEXT, adminErrorText, orderNoOf } from '../../../stores/admin';
import { CARRIERS, adminOrder, refundableOf } from '../../../stores/admin-orders';
import { formatFen } from '../../../utils/money';
import { formatChinaDateTime } from '../../../utils/time';

const AFTER_SALE_TEXT = { requested: '买家申请退款，待审核', approved: '已同意退款', rejected: '已拒绝退款' } as const;

/** What the header says under each status. */
const STATUS_HINT: Record<string, string> = {
  pendingPayment: '买家尚未付款，超时将自动取消',
  paid: '买家已付款，请尽快发货',
  shipped: '已发货，买家确认收货或发货 10 天后自动完成',
  completed: '交易完成，7 天内买家可申请售后',
  cancelled: '订单已取消，库存已退回',
  refunding: '退款处理中',
  refunded: '已退款，款项原路退回，库存已退回',
};

/**
 * One order in the back-office: status, address, items, payment, shipment and after-sale; ship it (carrier
 * from a sheet, tracking number), review the buyer's refund request, or refund lines and quantities at once.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: adminOrder,
    fields: {
      loading: () => adminOrder.loading,
      loadErrorText: () => (adminOrder.loadError ? adminErrorText(adminOrder.loadError) : ''),
      notice: () => adminOrder.notice,
      busy: () => adminOrder.busy,
      carrier: () => adminOrder.carrier,
      trackingNo: () => adminOrder.trackingNo,
      shipErrors: () => adminOrder.shipErrors,
      refundReason: () => adminOrder.refundReason,
      refundErrors: () => adminOrder.refundErrors,
      order: () => {
        const o = adminOrder.order;
        if (!o) return null;
        const open = refundableOf(o);
        const refundable = Object.values(open).some((n) => n > 0);
        return {
          orderId: o.orderId,
          orderNo: orderNoOf(o.orderId),
          status: o.status,
          statusText: ADMIN_ORDER_STATUS_TEXT[o.status],
          hint: STATUS_HINT[o.status] ?? '',
          address: o.address,
          items: o.items.map((i) => ({
            skuId: i.skuId, title: i.title, skuName: i.skuName, quantity: i.quantity, price: formatFen(i.priceFen),
            refunded: o.refundedQuantities?.[i.skuId] ?? 0, open: open[i.skuId], chosen: adminOrder.refundQuantities[i.skuId] ?? 0,
          })),
          total: formatFen(o.totalFen),
          shipping: formatFen(o.shippingFen ?? 0),
          discount: formatFen(o.discountFen),
          payable: formatFen(o.payableFen),
          refunded: o.refundedFen ? formatFen(o.refundedFen) : '',
          pointsUsed: o.pointsUsed ?? 0,
          createdAt: o.createdAt ? formatChinaDateTime(o.createdAt) : '',
          paidAt: o.paidAt ? formatChinaDateTime(o.paidAt) : '',
          shipment: o.shipment ? { ...o.shipment, time: formatChinaDateTime(o.shipment.shippedAt) } : null,
          afterSale: o.afterSale ? {
            ...o.afterSale, text: AFTER_SALE_TEXT[o.afterSale.status],
            time: formatChinaDateTime(o.afterSale.requestedAt),
          } : null,
          risk: o.risk === 'review' || o.risk === 'block',
          canShip: o.status === 'paid',
          canRefund: refundable && (o.status === 'paid' || o.status === 'shipped' || o.status === 'completed'),
          canReview: o.afterSale?.status === 'requested',
        };
      },
    },
    actions: {},
  },
  data: {
    carriers: CARRIERS.map((c) => ({ label: c, value: c })),
    carrierSheet: false,
    reviewNote: '',
    reviewNoteError: '',
    refundOpen: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.orderId) void adminOrder.open(query.orderId);
    },
    onPickCarrier() {
      this.setData({ carrierSheet: true });
    },
    onCarrierChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      adminOrder.setCarrier(e.detail.value);
      this.setData({ carrierSheet: false });
    },
    onCarrierClose() {
      this.setData({ carrierSheet: false });
    },
    onTracking(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      adminOrder.setTrackingNo(e.detail.value);
    },
    async onShip() {
      if (await adminOrder.ship()) wx.showToast({ title: '已发货', icon: 'success' });
    },
    onCopyTracking() {
      const no = adminOrder.order?.shipment?.trackingNo;
      if (no) void wx.setClipboardData({ data: no });
    },
    onCall() {
      const phone = adminOrder.order?.address?.phone;
      if (phone) void wx.makePhoneCall({ phoneNumber: phone });
    },
    onReviewNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reviewNote: e.detail.value, reviewNoteError: '' });
    },
    async onApprove() {
      if (await adminOrder.review(true, this.data.reviewNote)) this.setData({ reviewNote: '' });
    },
    async onReject() {
      if (this.data.reviewNote.trim().length < 2) {
        this.setData({ reviewNoteError: '拒绝时请写明原因，买家会看到' });
        return;
      }
      if (await adminOrder.review(false, this.data.reviewNote)) this.setData({ reviewNote: '', reviewNoteError: '' });
    },
    onToggleRefund() {
      this.setData({ refundOpen: !this.data.refundOpen });
    },
    onRefundQuantity(e: WechatMiniprogram.CustomEvent<{ value: number }, Record<string, never>, { skuId: string }>) {
      adminOrder.setRefundQuantity(e.currentTarget.dataset.skuId, Number(e.detail.value));
    },
    onRefundReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      adminOrder.setRefundReason(e.detail.value);
    },
    async onRefund() {
      const { confirm } = await wx.showModal({ title: '确认退款', content: '退款将原路退回买家，库存同时退回，确认退款吗？', confirmText: '确认退款' });
      if (!confirm) return;
      if (await adminOrder.refund()) this.setData({ refundOpen: false });
    },
  },
});
