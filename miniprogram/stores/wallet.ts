import { makeAutoObservable } from 'mobx-miniprogram';
import type { Res } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

type MyCoupon = Res<'coupon.mine'>['items'][number];

/** The member's coupons as the "me" tab counts them (`coupon.mine`): usable ones only. */
export class WalletStore {
  coupons: MyCoupon[] | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  /** Unused coupons still valid at `now` (the phone's clock; the server re-checks at checkout). */
  usableCount(now: number): number | null {
    if (!this.coupons) return null;
    return this.coupons.filter((c) => !c.used && c.validUntil > now).length;
  }

  async load(): Promise<void> {
    await request(() => call('coupon.mine', {}), {
      done: ({ items }) => { this.coupons = items; },
      failed: (code) => { console.warn(`[wallet] coupons unknown (${code})`); },
    });
  }
}

export const wallet = new WalletStore();
