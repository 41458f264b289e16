import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode, Res } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

type MyCoupon = Res<'coupon.mine'>['items'][number];

/** The member's coupons (`coupon.mine`): counted on the "me" tab (usable ones), listed on 我的优惠券. */
export class WalletStore {
  coupons: MyCoupon[] | null = null;
  loading = false;
  error: ErrorCode | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  /** Unused coupons still valid at `now` (the phone's clock; the server re-checks at checkout). */
  usableCount(now: number): number | null {
    if (!this.coupons) return null;
    return this.coupons.filter((c) => !c.used && c.validUntil > now).length;
  }

  /** The coupons by what can still be done with them at `now`: use, or nothing (used, expired). */
  byState(now: number): { usable: MyCoupon[]; used: MyCoupon[]; expired: MyCoupon[] } {
    const all = this.coupons ?? [];
    return {
      usable: all.filter((c) => !c.used && c.validUntil > now),
      used: all.filter((c) => c.used),
      expired: all.filter((c) => !c.used && c.validUntil <= now),
    };
  }

  async load(): Promise<void> {
    await request(() => call('coupon.mine', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: ({ items }) => { this.coupons = items; },
      failed: (code) => {
        this.error = code;
        console.warn(`[wallet] coupons unknown (${code})`);
      },
      settle: () => { this.loading = false; },
    });
  }
}

export const wallet = new WalletStore();
