/**
 * The merchant back-office (packages/admin): what every back-office store shares (a notice for the last
 * outcome, field checks of typed input, the operator's words for statuses), the dashboard and the
 * withdrawal queue. The server guards every `admin.*` action (operators only, else FORBIDDEN); these
 * checks only spare the operator a round trip and put the message on the field.
 */
import { action, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { ApiName, DashboardView, ErrorCode, OrderStatus, Page, Req, Res } from '../../typings/api';
import { call } from '../api/client';
import { PagedList, type ItemOf, type PagedName } from './paged-list';
import { request } from './request';

// ---------------------------------------------------------------------------------------------
// Words

/** The merchant's words for each order status (the buyer's 待收货 is the merchant's 已发货). */
export const ADMIN_ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  pendingPayment: '待付款',
  paid: '待发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};

/** What the operator reads for an error code of an admin action. */
export function adminErrorText(code: ErrorCode): string {
  switch (code) {
    case 'FORBIDDEN': return '没有后台权限，请用运营账号登录';
    case 'UNAUTHENTICATED': return '请先登录';
    case 'INVALID_ARGUMENT': return '填写的内容有误，请检查后再提交';
    case 'NOT_FOUND': return '没有找到这条记录，可能已被删除';
    case 'INVALID_STATE': return '状态已变化，请刷新后再操作';
    case 'ALREADY_DONE': return '已经处理过了';
    case 'OUT_OF_STOCK': return '库存不足，不能扣减到负数';
    case 'INSUFFICIENT_BALANCE': return '该会员的可提现余额已不足，不能通过';
    case 'LIMIT_EXCEEDED': return '超出上限';
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    default: return '网络开小差了，请稍后重试';
  }
}

/** `ord_5f3a91c2…` → `5F3A 91C2 …`: the order number as the operator reads it out (and searches by). */
export function orderNoOf(orderId: string): string {
  const hex = orderId.replace(/^[a-z]+_/, '').toUpperCase();
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The form on a list card: the number in one piece (`5F3A91C2…`), as it can be copied into the search. */
export function shortOrderNo(orderId: string): string {
  return orderId.replace(/^[a-z]+_/, '').toUpperCase();
}

/**
 * What the operator typed into the order search, as the server's search keys read it: an order number as
 * shown (`5F3A 91C2 …` or `5F3A91C2…`, any case) becomes the stored id `ord_5f3a91c2…`; anything else (a
 * phone tail, a name, a product) goes as typed.
 */
export function orderKeyword(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const m = /^(?:ord_)?([0-9a-f]{24})$/i.exec(compact);
  return m ? `ord_${m[1].toLowerCase()}` : text.trim();
}

/** `13800138000` → `138****8000`. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

// ---------------------------------------------------------------------------------------------
// Field checks: typed text → a value, or the message the field shows.

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Yuan with at most two decimals → fen. `min` in fen (1 unless zero is allowed). */
export function checkYuan(text: string, label: string, min = 1): Checked<number> {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text ?? '');
  if (!m) return { ok: false, message: `请输入${label}，如 19.90` };
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen < min) return { ok: false, message: min === 1 ? `${label}必须大于 0` : `${label}不能低于 ¥${(min / 100).toFixed(2)}` };
  return { ok: true, value: fen };
}

/** A whole number in [min, max]. */
export function checkInt(text: string, label: string, min: number, max: number): Checked<number> {
  const m = /^\s*([-+]?\d{1,9})\s*$/.exec(text ?? '');
  if (!m) return { ok: false, message: `请输入整数${label}` };
  const n = Number(m[1]);
  if (n < min || n > max) return { ok: false, message: `${label}应在 ${min} 到 ${max} 之间` };
  return { ok: true, value: n };
}

/** Percent with up to two decimals (`"12.5"`) → basis points, in [0, maxBps]. */
export function checkPercent(text: string, label: string, maxBps: number): Checked<number> {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(text ?? '');
  if (!m) return { ok: false, message: `请输入${label}（百分比），如 5 或 2.5` };
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (bps > maxBps) return { ok: false, message: `${label}不能超过 ${maxBps / 100}%` };
  return { ok: true, value: bps };
}

/** Non-blank text of at most `max` characters, trimmed. */
export function checkText(text: string, label: string, max: number, min = 1): Checked<string> {
  const t = (text ?? '').trim();
  if (t.length === 0) return { ok: false, message: `请填写${label}` };
  if (t.length < min) return { ok: false, message: `${label}至少 ${min} 个字` };
  if (t.length > max) return { ok: false, message: `${label}不能超过 ${max} 个字` };
  return { ok: true, value: t };
}

/** Basis points → `"5%"` / `"2.5%"`. */
export function percentText(bps: number): string {
  return `${Number((bps / 100).toFixed(2))}%`;
}

// ---------------------------------------------------------------------------------------------
// One form: typed fields, a message per field, the last outcome.

export interface Notice { kind: 'success' | 'error'; text: string }

/**
 * The typed text of one back-office form and the message under each field. `check` reads every field and
 * either answers the request or sets the messages (then nothing is sent).
 */
export class FormState<F extends string> {
  fields: Record<F, string>;
  errors: Partial<Record<F, string>> = {};
  busy = false;
  notice: Notice | null = null;

  constructor(initial: Record<F, string>) {
    this.fields = { ...initial };
    makeObservable<FormState<F>, never>(this, {
      fields: observable.ref,
      errors: observable.ref,
      busy: observable,
      notice: observable.ref,
      set: action.bound,
      fill: action.bound,
      fail: action.bound,
      clearNotice: action.bound,
    });
  }

  /** One field typed: its message goes until the next submit. */
  set(key: F, value: string): void {
    this.fields = { ...this.fields, [key]: value };
    if (this.errors[key]) {
      const errors = { ...this.errors };
      delete errors[key];
      this.errors = errors;
    }
  }

  /** Loads what is stored (editing), clearing every message. */
  fill(values: Partial<Record<F, string>>): void {
    this.fields = { ...this.fields, ...values };
    this.errors = {};
    this.notice = null;
  }

  fail(errors: Partial<Record<F, string>>): void {
    this.errors = errors;
    this.notice = { kind: 'error', text: '请按提示修改后再提交' };
  }

  clearNotice(): void {
    this.notice = null;
  }

  /**
   * Runs each check; when all pass, answers their values, else shows every message and answers null.
   */
  collect<T extends Partial<Record<F, unknown>>>(checks: { [K in keyof T]: Checked<T[K]> }): T | null {
    const errors: Partial<Record<F, string>> = {};
    const values: Partial<T> = {};
    for (const key of Object.keys(checks) as (keyof T & F)[]) {
      const result = checks[key];
      if (result.ok) values[key] = result.value;
      else errors[key] = result.message;
    }
    if (Object.keys(errors).length > 0) {
      this.fail(errors);
      return null;
    }
    return values as T;
  }

  /** Sends one admin action; the notice says how it went, in Chinese. */
  async submit<K extends ApiName>(name: K, req: Req<K>, successText: string): Promise<Res<K> | null> {
    const outcome = await request(() => call(name, req), {
      start: () => { this.busy = true; this.notice = null; },
      done: () => { this.notice = { kind: 'success', text: successText }; },
      failed: (code) => { this.notice = { kind: 'error', text: adminErrorText(code) }; },
      settle: () => { this.busy = false; },
    });
    return outcome.ok ? outcome.value : null;
  }
}

/**
 * One admin action outside a form (approve, stop, put on shelf): the busy row and the last outcome.
 */
export class ActionState {
  busyKey: string | null = null;
  notice: Notice | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  async run<K extends ApiName>(key: string, name: K, req: Req<K>, successText: string): Promise<Res<K> | null> {
    if (this.busyKey !== null) return null;
    const outcome = await request(() => call(name, req), {
      start: () => { this.busyKey = key; this.notice = null; },
      done: () => { this.notice = { kind: 'success', text: successText }; },
      failed: (code) => { this.notice = { kind: 'error', text: adminErrorText(code) }; },
      settle: () => { this.busyKey = null; },
    });
    return outcome.ok ? outcome.value : null;
  }

  say(notice: Notice | null): void {
    this.notice = notice;
  }
}

/** The most rows one page of an admin list may ask for (the server's paging bound). */
export const MAX_PAGE = 50;

/**
 * Reads a paged admin list page by page (at most `maxPages`) until `match` finds a row; null when none
 * does. For editors opened on one row of a list the contract reads only as pages.
 */
export async function findInPages<K extends PagedName>(name: K, req: Req<K>, match: (row: ItemOf<K>) => boolean, maxPages = 20): Promise<ItemOf<K> | null> {
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i += 1) {
    const page = (await call(name, { ...req, limit: MAX_PAGE, ...(cursor ? { cursor } : {}) } as Req<K>)) as Page<ItemOf<K>>;
    const found = page.items.find(match);
    if (found) return found;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Dashboard

/** What waits for the operator, each with the list it opens. */
export const PENDING_TILES = [
  { key: 'toShip', label: '待发货', icon: 'deliver' },
  { key: 'afterSales', label: '待审售后', icon: 'service' },
  { key: 'withdrawals', label: '待审提现', icon: 'wallet' },
  { key: 'riskFlagged', label: '风控订单', icon: 'error-circle' },
  { key: 'riskAlerts', label: '风险告警', icon: 'notification' },
] as const;
export type PendingKey = (typeof PENDING_TILES)[number]['key'];

/** The height of each day's bar, in percent of the best day (a day with sales never drops below 4 %). */
export function barHeights(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  if (max === 0) return values.map(() => 0);
  return values.map((v) => (v <= 0 ? 0 : Math.max(4, Math.round((v / max) * 100))));
}

/** The back-office home (`admin.dashboard`). */
export class DashboardStore {
  view: DashboardView | null = null;
  loading = false;
  error: ErrorCode | null = null;

  constructor() {
    makeAutoObservable(this, { view: observable.ref }, { autoBind: true });
  }

  async load(): Promise<void> {
    await request(() => call('admin.dashboard', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: (view) => { this.view = view; },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }
}

export const dashboard = new DashboardStore();

// ---------------------------------------------------------------------------------------------
// Withdrawals

export type WithdrawalTab = 'pendingApproval' | 'approved' | 'rejected';
export const WITHDRAWAL_TABS: readonly { value: WithdrawalTab; label: string }[] = [
  { value: 'pendingApproval', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '已驳回' },
];

/** The withdrawal queue (`admin.listWithdrawals`) with approve and reject (a reason is required). */
export class WithdrawalQueueStore extends PagedList<'admin.listWithdrawals'> {
  tab: WithdrawalTab = 'pendingApproval';
  readonly actions = new ActionState();
  /** The request being rejected (its reason sheet is open), and the typed reason. */
  rejecting: string | null = null;
  reason = '';
  reasonError = '';

  constructor() {
    super('admin.listWithdrawals', 20, () => ({ status: this.tab }));
    makeObservable(this, {
      tab: observable, rejecting: observable, reason: observable, reasonError: observable,
      selectTab: action.bound, startReject: action.bound, setReason: action.bound, cancelReject: action.bound,
    });
  }

  selectTab(tab: WithdrawalTab): Promise<void> {
    this.tab = tab;
    return this.refresh();
  }

  async approve(withdrawalId: string): Promise<void> {
    const done = await this.actions.run(withdrawalId, 'admin.approveWithdrawal', { withdrawalId }, '已通过，款项将打给会员');
    if (done) await this.refresh();
  }

  startReject(withdrawalId: string): void {
    this.rejecting = withdrawalId;
    this.reason = '';
    this.reasonError = '';
  }

  setReason(reason: string): void {
    this.reason = reason;
    this.reasonError = '';
  }

  cancelReject(): void {
    this.rejecting = null;
  }

  async confirmReject(): Promise<void> {
    const withdrawalId = this.rejecting;
    if (!withdrawalId) return;
    const reason = checkText(this.reason, '驳回原因', 100, 2);
    if (!reason.ok) {
      const message = reason.message;
      runInAction(() => { this.reasonError = message; });
      return;
    }
    const done = await this.actions.run(withdrawalId, 'admin.rejectWithdrawal', { withdrawalId, reason: reason.value }, '已驳回，会员可看到原因');
    if (done) {
      this.cancelReject();
      await this.refresh();
    }
  }
}
export const withdrawalQueue = new WithdrawalQueueStore();
