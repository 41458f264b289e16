import { makeAutoObservable } from 'mobx-miniprogram';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';
import { session } from './session';

/**
 * Share rewards (`points.share`): each share of a product, a group or the invite page earns points, up
 * to the server's daily cap. One key per share, so a retried request is never paid twice.
 */
export class ShareRewardStore {
  /** The points the last share earned (0 once the day's cap is reached). */
  lastAwarded = 0;
  sharesLeft: number | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  /** Called from a page's onShareAppMessage: asks for the reward and tells the member what it earned. */
  async shared(): Promise<void> {
    if (!session.loggedIn) return;
    const key = idempotencyKey();
    await request(() => call('points.share', { idempotencyKey: key }), {
      done: ({ awarded, balance, sharesLeft }) => {
        this.lastAwarded = awarded;
        this.sharesLeft = sharesLeft;
        session.pointsBalance = balance;
        if (awarded > 0) void wx.showToast({ title: `分享成功，积分+${awarded}`, icon: 'none' });
      },
      failed: (code) => { console.warn(`[share] no share reward (${code})`); },
    });
  }
}

export const shareReward = new ShareRewardStore();
