/**
 * Back-office orders: the list (status tabs, search by order number, phone tail or product), one order
 * (address, items, payment, shipment, after-sale), shipping with carrier and tracking number, the merchant's
 * refund by line and quantity, and the after-sales queue (approve, or reject with a note).
 */
import { action, computed, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { AdminOrderView, ErrorCode, OrderStatus, RefundLine } from '../../typings/api';
import { call } from '../api/client';
import { ActionState, adminErrorText, checkText, orderKeyword, type Notice } from './admin';
import { PagedList } from './paged-list';
import { request } from './request';

export type AdminOrderTab = 'all' | OrderStatus;
export const ADMIN_ORDER_TABS: readonly { value: AdminOrderTab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'paid', label: '待发货' },
  { value: 'shipped', label: '已发货' },
  { value: 'pendingPayment', label: '待付款' },
  { value: 'completed', label: '已完成' },
  { value: 'refunded', label: '已退款' },
  { value: 'cancelled', label: '已取消' },
];

/** The carriers the picker offers (what Chinese shops ship with most). */
export const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '京东物流', '中国邮政 EMS'] as const;

/** A tracking number: 8 to 30 letters and digits (no spaces). */
export function trackingProblem(trackingNo: string): string | null {
  const t = trackingNo.trim();
  if (!t) return '请填写运单号';
  if (!/^[A-Za-z0-9]{8,30}$/.test(t)) return '运单号应为 8-30 位字母或数字';
  return null;
}

export class AdminOrderListStore extends PagedList<'admin.listOrders'> {
  tab: AdminOrderTab = 'all';
  keyword = '';
  /** Only orders the risk rules held for review (from the dashboard's 风控待审 count). */
  riskOnly = false;

  constructor() {
    super('admin.listOrders', 20, () => ({
      ...(this.tab !== 'all' ? { status: this.tab } : {}),
      ...(this.keyword.trim() ? { keyword: this.keyword.trim() } : {}),
    }));
    makeObservable(this, { tab: observable, keyword: observable, riskOnly: observable, shown: computed, open: action.bound, selectTab: action.bound, search: action.bound });
  }

  /** The orders on screen: with `riskOnly`, those the risk rules flagged. */
  get shown(): AdminOrderView[] {
    return this.riskOnly ? this.items.filter((o) => o.risk === 'review' || o.risk === 'block') : this.items;
  }

  /** The page opened (from the dashboard or the menu): a tab, maybe risk-only, no keyword left over. */
  open(tab: AdminOrderTab, riskOnly: boolean): Promise<void> {
    this.keyword = '';
    this.riskOnly = riskOnly;
    return this.selectTab(tab);
  }

  selectTab(tab: AdminOrderTab): Promise<void> {
    this.tab = tab;
    return this.refresh();
  }

  /** Searches by order number (as shown), phone tail, buyer name or product. */
  search(keyword: string): Promise<void> {
    this.keyword = orderKeyword(keyword);
    return this.refresh();
  }
}

export const adminOrderList = new AdminOrderListStore();

/** How many units of each line can still be refunded. */
export function refundableOf(order: AdminOrderView): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of order.items) out[item.skuId] = Math.max(0, item.quantity - (order.refundedQuantities?.[item.skuId] ?? 0));
  return out;
}

/** One order in the back-office (`admin.orderDetail`), with ship and refund. */
export class AdminOrderStore {
  order: AdminOrderView | null = null;
  loading = false;
  loadError: ErrorCode | null = null;
  busy = false;
  notice: Notice | null = null;
  /** Ship form. */
  carrier = '';
  trackingNo = '';
  shipErrors: { carrier?: string; trackingNo?: string } = {};
  /** Refund form: units per skuId, and the reason. */
  refundQuantities: Record<string, number> = {};
  refundReason = '';
  refundErrors: { lines?: string; reason?: string } = {};

  constructor() {
    makeAutoObservable(this, { order: observable.ref, refundQuantities: observable.ref }, { autoBind: true });
  }

  async open(orderId: string): Promise<void> {
    this.order = null;
    this.notice = null;
    this.carrier = '';
    this.trackingNo = '';
    this.shipErrors = {};
    this.refundReason = '';
    this.refundErrors = {};
    await this.load(orderId);
  }

  async load(orderId: string): Promise<void> {
    await request(() => call('admin.orderDetail', { orderId }), {
      start: () => { this.loading = true; this.loadError = null; },
      done: (order) => {
        this.order = order;
        this.refundQuantities = refundableOf(order);
      },
      failed: (code) => { this.loadError = code; },
      settle: () => { this.loading = false; },
    });
  }

  setCarrier(carrier: string): void {
    this.carrier = carrier;
    this.shipErrors = { ...this.shipErrors, carrier: undefined };
  }

  setTrackingNo(trackingNo: string): void {
    this.trackingNo = trackingNo;
    this.shipErrors = { ...this.shipErrors, trackingNo: undefined };
  }

  setRefundQuantity(skuId: string, quantity: number): void {
    this.refundQuantities = { ...this.refundQuantities, [skuId]: quantity };
    this.refundErrors = { ...this.refundErrors, lines: undefined };
  }

  setRefundReason(reason: string): void {
    this.refundReason = reason;
    this.refundErrors = { ...this.refundErrors, reason: undefined };
  }

  /** `admin.ship {orderId, carrier, trackingNo}`: checked first; nothing is sent when a field is wrong. */
  async ship(): Promise<boolean> {
    const order = this.order;
    if (!order || this.busy) return false;
    const errors: AdminOrderStore['shipErrors'] = {};
    if (!this.carrier) errors.carrier = '请选择快递公司';
    const tracking = trackingProblem(this.trackingNo);
    if (tracking) errors.trackingNo = tracking;
    this.shipErrors = errors;
    if (Object.keys(errors).length) return false;
    return this.act(() => call('admin.ship', { orderId: order.orderId, carrier: this.carrier, trackingNo: this.trackingNo.trim() }), '已发货，买家可查看物流');
  }

  /** The merchant's refund (`admin.refund`) of the chosen units, at once. */
  async refund(): Promise<boolean> {
    const order = this.order;
    if (!order || this.busy) return false;
    const open = refundableOf(order);
    const lines: RefundLine[] = order.items
      .map((i) => ({ skuId: i.skuId, quantity: Math.min(this.refundQuantities[i.skuId] ?? 0, open[i.skuId]) }))
      .filter((l) => l.quantity > 0);
    const errors: AdminOrderStore['refundErrors'] = {};
    if (lines.length === 0) errors.lines = '请选择要退款的商品和数量';
    const reason = checkText(this.refundReason, '退款原因', 100, 2);
    if (!reason.ok) errors.reason = reason.message;
    this.refundErrors = errors;
    if (Object.keys(errors).length || !reason.ok) return false;
    const whole = lines.every((l) => l.quantity === open[l.skuId]) && lines.length === order.items.filter((i) => open[i.skuId] > 0).length;
    return this.act(() => call('admin.refund', { orderId: order.orderId, reason: reason.value, ...(whole ? {} : { lines }) }), '已退款，款项原路退回');
  }

  /** Approves or rejects the buyer's after-sale request (`admin.reviewRefund`); a rejection needs a note. */
  async review(approve: boolean, note: string): Promise<boolean> {
    const order = this.order;
    if (!order || this.busy) return false;
    return this.act(() => call('admin.reviewRefund', { orderId: order.orderId, approve, ...(note.trim() ? { note: note.trim() } : {}) }), approve ? '已同意，退款原路退回' : '已拒绝，买家可看到说明');
  }

  private async act(send: () => Promise<unknown>, successText: string): Promise<boolean> {
    const order = this.order as AdminOrderView;
    const outcome = await request(send, {
      start: () => { this.busy = true; this.notice = null; },
      done: () => { this.notice = { kind: 'success', text: successText }; },
      failed: (code) => { this.notice = { kind: 'error', text: adminErrorText(code) }; },
      settle: () => { this.busy = false; },
    });
    if (outcome.ok) {
      const notice = this.notice;
      await this.load(order.orderId);
      runInAction(() => { this.notice = notice; });
    }
    return outcome.ok;
  }
}

export const adminOrder = new AdminOrderStore();

// ---------------------------------------------------------------------------------------------
// After-sales

export type AfterSaleTab = 'requested' | 'approved' | 'rejected';
export const AFTER_SALE_TABS: readonly { value: AfterSaleTab; label: string }[] = [
  { value: 'requested', label: '待审核' },
  { value: 'approved', label: '已同意' },
  { value: 'rejected', label: '已拒绝' },
];

/** The after-sales queue (`admin.listAfterSales`), reviewed in place. */
export class AfterSalesStore extends PagedList<'admin.listAfterSales'> {
  tab: AfterSaleTab = 'requested';
  readonly actions = new ActionState();
  /** The order being reviewed (its sheet is open) and the note typed. */
  reviewing: string | null = null;
  note = '';
  noteError = '';

  constructor() {
    super('admin.listAfterSales', 20, () => ({ status: this.tab }));
    makeObservable(this, {
      tab: observable, reviewing: observable, note: observable, noteError: observable,
      selectTab: action.bound, startReview: action.bound, setNote: action.bound, cancelReview: action.bound,
    });
  }

  selectTab(tab: AfterSaleTab): Promise<void> {
    this.tab = tab;
    return this.refresh();
  }

  startReview(orderId: string): void {
    this.reviewing = orderId;
    this.note = '';
    this.noteError = '';
  }

  setNote(note: string): void {
    this.note = note;
    this.noteError = '';
  }

  cancelReview(): void {
    this.reviewing = null;
  }

  /** Approve: the refund runs. Reject: the buyer reads the note, so one is required. */
  async decide(approve: boolean): Promise<void> {
    const orderId = this.reviewing;
    if (!orderId) return;
    const note = this.note.trim();
    if (!approve && note.length < 2) {
      runInAction(() => { this.noteError = '拒绝时请写明原因，买家会看到'; });
      return;
    }
    const done = await this.actions.run(orderId, 'admin.reviewRefund', { orderId, approve, ...(note ? { note } : {}) }, approve ? '已同意，退款原路退回' : '已拒绝，买家可看到说明');
    if (done) {
      this.cancelReview();
      await this.refresh();
    }
  }
}

export const afterSales = new AfterSalesStore();
