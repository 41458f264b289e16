import { action, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import { PagedList } from './paged-list';
import type { ErrorCode, OrderStatus, OrderView, PaymentParams, PaymentRef, Res } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

export type OrderAction = 'cancel' | 'pay' | 'confirmReceipt' | 'refund';

/**
 * What the buyer may ask for in each status: the server's order transitions seen from the buyer's side
 * (the server still guards every one and answers `INVALID_STATE` when the order moved on meanwhile).
 * `refund` covers after-sale on `completed` orders too.
 */
export const BUYER_ACTIONS: Record<OrderStatus, readonly OrderAction[]> = {
  pendingPayment: ['cancel', 'pay'],
  paid: ['refund'],
  shipped: ['refund', 'confirmReceipt'],
  completed: ['refund'],
  cancelled: [],
  refunding: [],
  refunded: [],
};

/** Tabs of the order list: `all`, one status, or `afterSale` (orders with an after-sale request, any review state). */
export type OrderTab = 'all' | OrderStatus | 'afterSale';
export const ORDER_TABS: readonly { value: OrderTab; label: string; count?: keyof OrderCounts }[] = [
  { value: 'all', label: '全部' },
  { value: 'pendingPayment', label: '待付款', count: 'pendingPayment' },
  { value: 'paid', label: '待发货', count: 'toShip' },
  { value: 'shipped', label: '待收货', count: 'toReceive' },
  { value: 'afterSale', label: '售后', count: 'afterSale' },
];

export type OrderCounts = Res<'order.counts'>;

/** How many orders one `order.list` call asks for. */
export const ORDER_PAGE_SIZE = 10;

// ---------------------------------------------------------------------------------------------
// Payment

/** What a creating action (`order.create`, `groupbuy.open/join`) answers about paying. */
export type PaymentAnswer = PaymentRef & Partial<PaymentParams>;

/** Payment answers of orders created in this session, by orderId: "pay" on a pending order reuses them. */
const payments = new Map<string, PaymentAnswer>();

export function rememberPayment(orderId: string, payment: PaymentAnswer): void {
  payments.set(orderId, payment);
}

/** The `wx.requestPayment` arguments of a payment answer, or null when the server sent none. */
export function paymentParamsOf(payment: PaymentAnswer | undefined): PaymentParams | null {
  if (!payment) return null;
  const { timeStamp, nonceStr, signType, paySign } = payment;
  const pkg = payment.package;
  if (!timeStamp || !nonceStr || !pkg || !signType || !paySign) return null;
  return { timeStamp, nonceStr, package: pkg, signType, paySign };
}

/**
 * `paid`: WeChat Pay accepted (the order turns `paid` when the server gets the notification);
 * `cancelled`: the user closed the cashier; `failed`: WeChat Pay refused; `unavailable`: the server sent
 * no payment parameters (the local cloud, which is paid through `/_local/pay`).
 */
export type PayOutcome = 'paid' | 'cancelled' | 'failed' | 'unavailable';

/** Opens WeChat Pay's cashier for a payment answer. Never throws. */
export function requestPayment(payment: PaymentAnswer | undefined): Promise<PayOutcome> {
  const params = paymentParamsOf(payment);
  if (!params) return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    wx.requestPayment({
      ...params,
      // The server signs with the type it names; the typings only know the literal values.
      signType: params.signType as WechatMiniprogram.RequestPaymentOption['signType'],
      success: () => resolve('paid'),
      fail: (err: { errMsg?: string }) => {
        const cancelled = /cancel/.test(err?.errMsg ?? '');
        if (!cancelled) console.error('[pay] requestPayment failed', err);
        resolve(cancelled ? 'cancelled' : 'failed');
      },
    });
  });
}

/**
 * Pays a pending order: with the payment answer it was created with in this session, else with fresh payment
 * parameters from `order.pay` (pay later: another session, the order list), then WeChat Pay's cashier.
 * Answers what the attempt came to, or null when `order.pay` refused (its code goes to `failed`). The steps run
 * in actions: `start` first, `settle` once it is over either way.
 */
export async function payPending(orderId: string, steps: { start: () => void; failed: (code: ErrorCode) => void; settle: () => void }): Promise<PayOutcome | null> {
  runInAction(steps.start);
  let payment: PaymentAnswer | undefined = payments.get(orderId);
  if (!paymentParamsOf(payment)) {
    const fresh = await request(() => call('order.pay', { orderId }), {
      done: (answer) => { rememberPayment(orderId, answer.payment); },
      failed: steps.failed,
    });
    if (!fresh.ok) {
      runInAction(steps.settle);
      return null;
    }
    payment = fresh.value.payment;
  }
  const outcome = await requestPayment(payment);
  runInAction(steps.settle);
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// The order list

/** The buyer's orders (`order.list`), one tab at a time, paged; an answer for another tab is dropped. */
export class OrderListStore extends PagedList<'order.list'> {
  tab: OrderTab = 'all';
  /** The tabs' badges (`order.counts`); null until known (a failure leaves the tabs without numbers). */
  counts: OrderCounts | null = null;

  constructor() {
    super('order.list', ORDER_PAGE_SIZE, () => {
      if (this.tab === 'all') return {};
      return this.tab === 'afterSale' ? { afterSale: true } : { status: this.tab };
    });
    makeObservable(this, { tab: observable, counts: observable.ref, paying: observable, payError: observable, selectTab: action.bound, loadCounts: action.bound, pay: action.bound });
  }

  /** The listed order being paid now (its button waits), if any. */
  paying: string | null = null;
  /** Why the last payment from the list could not start (`order.pay` refused: e.g. the deadline passed). */
  payError: ErrorCode | null = null;

  /**
   * Pays a listed order now (pay later from the list): the payment it was created with in this session, else
   * fresh parameters from `order.pay`; then WeChat Pay's cashier; then the list and the tab counts again.
   * Answers what the attempt came to, or null when it could not start (`payError` says why).
   */
  async pay(orderId: string): Promise<PayOutcome | null> {
    if (this.paying) return null;
    const outcome = await payPending(orderId, {
      start: () => { this.paying = orderId; this.payError = null; },
      failed: (code) => { this.payError = code; },
      settle: () => { this.paying = null; },
    });
    await Promise.all([this.refresh(), this.loadCounts()]);
    return outcome;
  }

  selectTab(tab: OrderTab): Promise<void> {
    this.tab = tab;
    return this.refresh();
  }

  async loadCounts(): Promise<void> {
    await request(() => call('order.counts', {}), {
      done: (counts) => { this.counts = counts; },
      failed: (code) => { console.warn(`[orders] counts unknown (${code})`); },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// One order

/** One order (`order.detail`) and the buyer's actions on it; each action reloads the order after. */
export class OrderDetailStore {
  orderId: string | null = null;
  order: OrderView | null = null;
  loading = false;
  error: ErrorCode | null = null;
  /** The action on its way, if any: buttons are disabled meanwhile. */
  acting: OrderAction | null = null;
  actionError: ErrorCode | null = null;
  /** What the last payment attempt came to (shown as a hint when nothing was paid). */
  payOutcome: PayOutcome | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  get actions(): readonly OrderAction[] {
    return this.order ? BUYER_ACTIONS[this.order.status] : [];
  }

  /** Opens an order page afresh: nothing shown from an earlier visit until the order arrives. */
  open(orderId: string): Promise<void> {
    this.orderId = null;
    return this.load(orderId);
  }

  async load(orderId: string): Promise<void> {
    await request(() => call('order.detail', { orderId }), {
      start: () => {
        if (orderId !== this.orderId) {
          this.order = null;
          this.actionError = null;
          this.payOutcome = null;
        }
        this.orderId = orderId;
        this.loading = true;
        this.error = null;
      },
      done: (order) => {
        if (orderId !== this.orderId) return;
        this.order = order;
        this.loading = false;
      },
      failed: (code) => { this.error = code; this.loading = false; },
    });
  }

  cancel(): Promise<void> {
    return this.act('cancel', (orderId) => call('order.cancel', { orderId }));
  }

  confirmReceipt(): Promise<void> {
    return this.act('confirmReceipt', (orderId) => call('order.confirmReceipt', { orderId }));
  }

  refund(reason: string): Promise<void> {
    return this.act('refund', (orderId) => call('order.refund', { orderId, reason }));
  }

  /**
   * Pays a pending order: with the payment answer it was created with in this session, else with fresh
   * payment parameters from `order.pay` (pay later, from the order list or another session); then reloads it.
   */
  async pay(): Promise<void> {
    const orderId = this.orderId;
    if (!orderId || this.acting) return;
    const outcome = await payPending(orderId, {
      start: () => { this.acting = 'pay'; this.actionError = null; },
      failed: (code) => { this.actionError = code; },
      settle: () => { this.acting = null; },
    });
    if (outcome) runInAction(() => { this.payOutcome = outcome; });
    await this.load(orderId);
  }

  private async act(action: OrderAction, send: (orderId: string) => Promise<{ status: OrderStatus }>): Promise<void> {
    const orderId = this.orderId;
    if (!orderId || this.acting) return;
    await request(() => send(orderId), {
      start: () => { this.acting = action; this.actionError = null; },
      done: ({ status }) => {
        if (this.order && this.order.orderId === orderId) this.order = { ...this.order, status };
      },
      failed: (code) => { this.actionError = code; },
      settle: () => { this.acting = null; },
    });
    // The server may have moved the order on (a refund ends `refunded`; a refused action means it changed).
    await this.load(orderId);
  }
}

export const orderList = new OrderListStore();
export const orderDetail = new OrderDetailStore();
