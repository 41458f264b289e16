import { makeAutoObservable } from 'mobx-miniprogram';
import type { CouponOffer, ErrorCode } from '../../typings/api';
import { call } from '../api/client';
import { formatFen } from '../utils/money';
import { request } from './request';

/** Words for the codes a claim meets. */
export function claimErrorText(code: ErrorCode): string {
  switch (code) {
    case 'LIMIT_EXCEEDED': return '已达领取上限';
    case 'OUT_OF_STOCK': return '来晚了，券已领完';
    case 'NOT_FOUND': return '优惠券不存在或已结束';
    case 'INVALID_STATE': return '优惠券已过期';
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    case 'UNAUTHENTICATED': return '请先登录';
    default: return '网络开小差了，请稍后重试';
  }
}

/** A coupon's rule as a shopper reads it: `满100减10`, or `无门槛减5`. */
export function couponRule(c: { discountFen: number; minSpendFen: number }): string {
  const yuan = (fen: number) => formatFen(fen).replace(/\.00$/, '');
  return c.minSpendFen > 0 ? `满${yuan(c.minSpendFen)}减${yuan(c.discountFen)}` : `无门槛减${yuan(c.discountFen)}`;
}

/**
 * The coupon centre (领券中心, `coupon.available`) and claiming (`coupon.claim`), shared by the centre page,
 * the product page's 领券 row, checkout and the store-QR landing page.
 */
export class CouponsStore {
  offers: CouponOffer[] = [];
  loaded = false;
  loading = false;
  error: ErrorCode | null = null;
  /** The coupon being claimed (one at a time). */
  claiming: string | null = null;
  notice: { tone: 'success' | 'error'; text: string } | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  async load(): Promise<void> {
    await request(() => call('coupon.available', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: ({ items }) => { this.offers = items; this.loaded = true; },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  /** Claims one coupon; resolves true when the shopper holds it now. */
  async claim(couponId: string): Promise<boolean> {
    if (this.claiming) return false;
    const outcome = await request(() => call('coupon.claim', { couponId }), {
      start: () => { this.claiming = couponId; this.notice = null; },
      done: () => {
        this.offers = this.offers.map((o) => (o.couponId === couponId ? { ...o, claimedByMe: true, remaining: Math.max(0, o.remaining - 1) } : o));
        this.notice = { tone: 'success', text: '领取成功，下单时自动可用' };
      },
      failed: (code) => { this.notice = { tone: 'error', text: claimErrorText(code) }; },
      settle: () => { this.claiming = null; },
    });
    return outcome.ok;
  }

  clearNotice(): void {
    this.notice = null;
  }
}

export const coupons = new CouponsStore();
