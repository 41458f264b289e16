import { makeAutoObservable } from 'mobx-miniprogram';
import type { Api, ErrorCode } from '../../typings/api';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';
import { TABS } from '../utils/routes';
import { PagedList } from './paged-list';

type Center = Api['distribution.center']['res'];

/**
 * Yuan typed by a person → integer fen: `"12"` → 1200, `"0.5"` → 50, `"3.25"` → 325. Null for anything
 * that is not a positive amount with at most two decimals. No floating point is involved.
 */
export function yuanToFen(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : null;
}

/** The link a promoter shares: the home page, carrying the promoter as inviter (bound first-touch). */
export function shareOf(inviter: string | null): { title: string; path: string } {
  return { title: '团团优选 · 好物拼着买更划算', path: inviter ? `${TABS.home}?inviter=${encodeURIComponent(inviter)}` : TABS.home };
}

/** The share code a poster's scene carries: `i=<code>` (the server's short form, scenes are ≤ 32 chars) or `inviter=<code>`. */
export function inviterOfScene(scene: string): string | null {
  const match = /(?:^|&)(?:i|inviter)=([^&]+)/.exec(scene);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * An instant as the member reads it, in China time (UTC+8) whatever the phone's zone: `"2024-05-01 09:30"`.
 * `at` is epoch ms.
 */
export function formatChinaTime(at: number): string {
  const iso = new Date(at + 8 * 3600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** How many withdrawal requests the center shows at a time (a short list under the form). */
export const WITHDRAWALS_PAGE_SIZE = 5;

export function distributionErrorText(code: ErrorCode): string {
  switch (code) {
    case 'INSUFFICIENT_BALANCE': return '可提现金额不足';
    case 'INVALID_ARGUMENT': return '请输入正确的金额';
    case 'LIMIT_EXCEEDED': return '超出今日提现次数';
    case 'RISK_BLOCKED': return '账户存在风险，暂不可提现';
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    case 'UNAUTHENTICATED': return '请先登录';
    default: return '网络开小差了，请稍后重试';
  }
}

/**
 * The promoter center (分销): commission totals by status, the two-level team, the commission list,
 * withdrawals, and the share poster.
 */
export class DistributionStore {
  center: Center | null = null;
  loading = false;
  error: ErrorCode | null = null;
  withdrawing = false;
  notice: { tone: 'success' | 'error'; text: string } | null = null;
  readonly commissions = new PagedList('distribution.commissions');
  /** The member's own withdrawal requests, newest first. */
  readonly withdrawals = new PagedList('distribution.withdrawals', WITHDRAWALS_PAGE_SIZE);
  /** The poster: the code's fileID (cloud storage, made once per member), the scene it encodes, the featured product. */
  poster: Pick<Api['distribution.poster']['res'], 'scene' | 'shareCode' | 'fileID' | 'featured'> | null = null;
  posterLoading = false;
  posterError: ErrorCode | null = null;
  private withdrawKeys = new Map<number, string>();

  constructor() {
    makeAutoObservable<DistributionStore, 'withdrawKeys'>(this, { commissions: false, withdrawals: false, withdrawKeys: false }, { autoBind: true });
  }

  /** Forgets the totals and the last notice: a new visit shows what the server says now. */
  reset(): void {
    this.center = null;
    this.error = null;
    this.notice = null;
  }

  async loadCenter(): Promise<void> {
    await request(() => call('distribution.center', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: (center) => { this.center = center; },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  /** Withdraws `amountFen`; the key of an amount lives until the server answers for sure. */
  async withdraw(amountFen: number | null): Promise<boolean> {
    if (this.withdrawing) return false;
    this.notice = null;
    if (amountFen === null) {
      this.notice = { tone: 'error', text: '请输入正确的金额' };
      return false;
    }
    if (this.center && amountFen > this.center.withdrawableFen) {
      this.notice = { tone: 'error', text: '可提现金额不足' };
      return false;
    }
    const key = this.withdrawKeys.get(amountFen) ?? idempotencyKey();
    this.withdrawKeys.set(amountFen, key);
    const outcome = await request(async () => {
      await call('distribution.withdraw', { amountFen, idempotencyKey: key });
      this.withdrawKeys.delete(amountFen);
      // The button stays busy until the totals and the list show the request.
      await Promise.all([this.loadCenter(), this.withdrawals.refresh()]);
    }, {
      start: () => { this.withdrawing = true; },
      done: () => { this.notice = { tone: 'success', text: '提现申请已提交' }; },
      failed: (code) => {
        if (code !== 'INTERNAL') this.withdrawKeys.delete(amountFen);
        this.notice = { tone: 'error', text: distributionErrorText(code) };
      },
      settle: () => { this.withdrawing = false; },
    });
    return outcome.ok;
  }

  /** Fetches the poster (`distribution.poster`): the code of the home page, with the member as inviter. */
  async loadPoster(): Promise<void> {
    await request(async () => {
      // The image itself is not kept: the page shows the stored file by its fileID.
      const { scene, shareCode, fileID, featured } = await call('distribution.poster', { page: 'pages/home/home' });
      return { scene, shareCode, fileID, featured };
    }, {
      start: () => { this.posterLoading = true; this.posterError = null; },
      done: (poster) => { this.poster = poster; },
      failed: (code) => { this.posterError = code; },
      settle: () => { this.posterLoading = false; },
    });
  }
}

export const distribution = new DistributionStore();
