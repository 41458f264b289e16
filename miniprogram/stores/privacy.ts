import { makeAutoObservable } from 'mobx-miniprogram';
import type { ConsentView, ErrorCode, MarketingChannel } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

/** The marketing channels in the order the privacy centre lists them, in the member's words. */
export const CHANNEL_NAMES: readonly { channel: MarketingChannel; title: string; description: string }[] = [
  { channel: 'miniprogram', title: '小程序消息', description: '订阅消息里的活动与优惠' },
  { channel: 'sms', title: '短信', description: '发到绑定手机的活动短信' },
  { channel: 'officialAccount', title: '公众号', description: '公众号推送的活动消息' },
  { channel: 'app', title: 'App 推送', description: '品牌 App 的活动通知' },
];

/** A switch of the privacy centre: a marketing channel, partner sharing or location. */
export type ConsentKey = MarketingChannel | 'partnerSharing' | 'location';

export function privacyErrorText(code: ErrorCode): string {
  switch (code) {
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    case 'UNAUTHENTICATED': return '请先登录';
    default: return '网络开小差了，请稍后重试';
  }
}

/**
 * The privacy centre (`user.consent` / `user.setConsent`): what the member allows, as the server keeps
 * it. A switch shows the server's answer, never a guess: a change that fails leaves the old state.
 */
export class PrivacyStore {
  consent: ConsentView | null = null;
  loading = false;
  /** The switch being saved (one at a time). */
  saving: ConsentKey | null = null;
  error: ErrorCode | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  async load(): Promise<void> {
    await request(() => call('user.consent', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: (consent) => { this.consent = consent; },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  async set(key: ConsentKey, value: boolean): Promise<void> {
    if (this.saving) return;
    const change = key === 'partnerSharing' || key === 'location' ? { [key]: value } : { marketing: { [key]: value } };
    await request(() => call('user.setConsent', change), {
      start: () => { this.saving = key; this.error = null; },
      done: (consent) => { this.consent = consent; },
      failed: (code) => { this.error = code; },
      settle: () => { this.saving = null; },
    });
  }
}

export const privacy = new PrivacyStore();
