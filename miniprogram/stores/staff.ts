import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode, RightView, Tier } from '../../typings/api';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';

export interface Customer { code: string; userId: string; tier: Tier; pointsBalance: number }
export interface StaffNotice { tone: 'success' | 'error'; text: string }

/** Words a clerk reads for the codes of the counter actions. */
export function staffErrorText(code: ErrorCode): string {
  switch (code) {
    case 'MEMBER_CODE_EXPIRED': return '会员码已失效，请顾客刷新后重新出示';
    case 'INSUFFICIENT_POINTS': return '顾客积分不足';
    case 'NOT_FOUND': return '核销码无效';
    case 'ALREADY_DONE': return '该权益已核销，请勿重复核销';
    case 'INVALID_ARGUMENT': return '请检查输入的内容';
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    case 'RISK_BLOCKED': return '该账户存在风险，暂不可操作';
    default: return '网络开小差了，请稍后重试';
  }
}

/**
 * The counter (门店核销): a clerk scans a member code to see the member's tier and points, deducts
 * points, or verifies a redeemed right by its code. Staff only: the first `FORBIDDEN` answer closes
 * the page to whoever is not staff.
 */
export class StaffStore {
  forbidden = false;
  customer: Customer | null = null;
  lastRight: RightView | null = null;
  busy: 'verify' | 'deduct' | 'right' | null = null;
  notice: StaffNotice | null = null;
  /** Keys of unfinished actions, by what they do: a retry after a network failure reuses the key. */
  private keys = new Map<string, string>();

  constructor() {
    makeAutoObservable<StaffStore, 'keys'>(this, { keys: false }, { autoBind: true });
  }

  /** Looks up the member behind a scanned member code. */
  async verifyMember(code: string): Promise<void> {
    const trimmed = code.trim();
    if (!trimmed) return;
    await this.run('verify', () => call('staff.verifyMemberCode', { code: trimmed }), (answer) => {
      this.customer = { code: trimmed, ...answer };
    }, () => {
      this.customer = null;
    });
  }

  /** Deducts `points` from the scanned member, for `reason`. */
  async deduct(points: number, reason: string): Promise<boolean> {
    const customer = this.customer;
    if (!customer) return false;
    if (!Number.isInteger(points) || points <= 0) {
      this.notice = { tone: 'error', text: '请输入要扣减的积分数' };
      return false;
    }
    const what = `deduct:${customer.code}:${points}:${reason}`;
    const key = this.keyFor(what);
    return this.run('deduct', () => call('staff.deductPoints', { code: customer.code, points, reason: reason || '门店抵扣', idempotencyKey: key }), ({ pointsBalance }) => {
      this.customer = { ...customer, pointsBalance };
      this.notice = { tone: 'success', text: `已扣减 ${points} 积分，剩余 ${pointsBalance}` };
    }, undefined, what);
  }

  /** Verifies (核销) a redeemed right by its code. */
  async verifyRight(verifyCode: string): Promise<boolean> {
    const code = verifyCode.replace(/\s+/g, '');
    if (!code) return false;
    const what = `right:${code}`;
    const key = this.keyFor(what);
    return this.run('right', () => call('staff.verifyRight', { verifyCode: code, idempotencyKey: key }), (right) => {
      this.lastRight = right;
      this.notice = { tone: 'success', text: `核销成功：${right.title}` };
    }, () => {
      this.lastRight = null;
    }, what);
  }

  clear(): void {
    this.customer = null;
    this.lastRight = null;
    this.notice = null;
  }

  private keyFor(what: string): string {
    const known = this.keys.get(what);
    if (known) return known;
    const key = idempotencyKey();
    this.keys.set(what, key);
    return key;
  }

  /** One counter action: `send` calls the server, `apply` shows its answer, `onRefused` clears what a refusal voids. */
  private async run<T>(
    busy: 'verify' | 'deduct' | 'right',
    send: () => Promise<T>,
    apply: (answer: T) => void,
    onRefused?: () => void,
    keyed?: string,
  ): Promise<boolean> {
    if (this.busy) return false;
    const outcome = await request(send, {
      start: () => { this.busy = busy; this.notice = null; },
      done: (answer) => {
        if (keyed) this.keys.delete(keyed);
        apply(answer);
      },
      failed: (code) => {
        // Any answer of the server is final; only a platform failure leaves the outcome unknown.
        if (keyed && code !== 'INTERNAL') this.keys.delete(keyed);
        if (code === 'FORBIDDEN') this.forbidden = true;
        else this.notice = { tone: 'error', text: staffErrorText(code) };
        onRefused?.();
      },
      settle: () => { this.busy = null; },
    });
    return outcome.ok;
  }
}

export const staff = new StaffStore();
