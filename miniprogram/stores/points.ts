import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode, Res } from '../../typings/api';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';

export { PagedList, LIST_PAGE_SIZE } from './paged-list';
import { PagedList } from './paged-list';

export type RewardItem = Res<'points.rewards'>['items'][number];

/** What the points center says after a tap (check-in, redeem); `tone` picks the colour. */
export interface Notice { tone: 'success' | 'info' | 'error'; text: string }

/**
 * The points center (积分): balance and lots expiring soon, the ledger history, daily check-in, the
 * rights mall (权益商城) and the rights the member redeemed, each with its verify code (核销码).
 */
export class PointsStore {
  balance = 0;
  expiring: { points: number; expiresAt: number }[] = [];
  loaded = false;
  loading = false;
  error: ErrorCode | null = null;
  checkingIn = false;
  /** The reward being redeemed (one at a time). */
  redeeming: string | null = null;
  notice: Notice | null = null;
  readonly history = new PagedList('points.history');
  readonly rights = new PagedList('points.myRights');
  /** The rights mall: every reward on offer (one short list, not paged). */
  rewards: RewardItem[] = [];
  rewardsLoaded = false;
  rewardsError: ErrorCode | null = null;
  /** The key of an unfinished redemption per reward: a retry after a failure sends the same one. */
  private redeemKeys = new Map<string, string>();

  constructor() {
    makeAutoObservable<PointsStore, 'redeemKeys'>(
      this,
      { history: false, rights: false, redeemKeys: false },
      { autoBind: true },
    );
  }

  /** Points of the lot that expires first, or 0. */
  get expiringSoonPoints(): number {
    return this.expiring.reduce((sum, lot) => sum + lot.points, 0);
  }

  async loadBalance(): Promise<void> {
    await request(() => call('points.balance', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: (answer) => { this.balance = answer.balance; this.expiring = answer.expiring; this.loaded = true; },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  async loadRewards(): Promise<void> {
    await request(() => call('points.rewards', {}), {
      start: () => { this.rewardsError = null; },
      done: ({ items }) => { this.rewards = items; this.rewardsLoaded = true; },
      failed: (code) => { this.rewardsError = code; },
    });
  }

  /** Daily check-in; a second one the same day is `ALREADY_DONE`, which is news, not a failure. */
  async checkin(): Promise<void> {
    if (this.checkingIn) return;
    const outcome = await request(() => call('points.checkin', {}), {
      start: () => { this.checkingIn = true; this.notice = null; },
      done: (answer) => {
        this.balance = answer.balance;
        this.notice = { tone: 'success', text: `签到成功，获得 ${answer.awarded} 积分` };
      },
      failed: (code) => {
        this.notice = code === 'ALREADY_DONE'
          ? { tone: 'info', text: '今天已经签到过啦，明天再来' }
          : { tone: 'error', text: pointsErrorText(code) };
      },
      settle: () => { this.checkingIn = false; },
    });
    if (outcome.ok) void this.history.refresh();
  }

  /**
   * Redeems a reward for points (`points.redeem`). The idempotency key lives until the server answers
   * for sure, so a retry after a network failure cannot redeem twice.
   */
  async redeem(rewardId: string): Promise<boolean> {
    if (this.redeeming) return false;
    const key = this.redeemKeys.get(rewardId) ?? idempotencyKey();
    this.redeemKeys.set(rewardId, key);
    const outcome = await request(() => call('points.redeem', { rewardId, idempotencyKey: key }), {
      start: () => { this.redeeming = rewardId; this.notice = null; },
      done: (answer) => {
        this.balance = answer.balance;
        // A coupon reward is a real coupon in the wallet; the others are used in store with their verify code.
        const kind = this.rewards.find((r) => r.rewardId === rewardId)?.kind;
        this.notice = kind === 'coupon'
          ? { tone: 'success', text: '兑换成功，优惠券已放入券包，下单时自动可用' }
          : { tone: 'success', text: '兑换成功，可在「我的权益」查看核销码' };
      },
      failed: (code) => { this.notice = { tone: 'error', text: pointsErrorText(code) }; },
      settle: () => { this.redeeming = null; },
    });
    // Only a platform failure leaves the outcome unknown; any answer of the server is final.
    if (outcome.ok || outcome.code !== 'INTERNAL') this.redeemKeys.delete(rewardId);
    if (outcome.ok) {
      void this.rights.refresh();
      void this.loadRewards();
      void this.history.refresh();
    }
    return outcome.ok;
  }

  clearNotice(): void {
    this.notice = null;
  }
}

/** Words for the codes the points center meets. */
export function pointsErrorText(code: ErrorCode): string {
  switch (code) {
    case 'INSUFFICIENT_POINTS': return '积分不足';
    case 'OUT_OF_STOCK': return '已兑完';
    case 'NOT_FOUND': return '该权益已下架';
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    case 'RISK_BLOCKED': return '账户存在风险，暂不可操作';
    case 'UNAUTHENTICATED': return '请先登录';
    default: return '网络开小差了，请稍后重试';
  }
}

export const points = new PointsStore();
