import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode, Role, Tier } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

/** Who the user is, from `user.login`, and the points balance shown across pages. */
export class SessionStore {
  userId: string | null = null;
  tier: Tier = '';
  pointsBalance = 0;
  isNew = false;
  inviterUserId: string | null = null;
  /** What else the caller is (`user.login`): operator, staff, live host; empty for a shopper. */
  roles: Role[] = [];
  loggingIn = false;
  error: ErrorCode | null = null;
  private pending: Promise<void> | null = null;
  /** The new-member gift coupon granted on this login (only a first login has one). */
  giftCouponId: string | null = null;
  /** The bound phone as the server masked it (`user.bindPhone`), once bound in this session. */
  phoneMasked: string | null = null;
  binding = false;

  constructor() {
    makeAutoObservable<SessionStore, 'pending'>(this, { pending: false }, { autoBind: true });
  }

  get loggedIn(): boolean {
    return this.userId !== null;
  }

  /** The caller runs the shop: the back-office entry shows (the server still guards every admin action). */
  get isOperator(): boolean {
    return this.roles.includes('operator');
  }

  /**
   * Logs in (`user.login`); `inviter` is a userId or share code from the entry link, bound first-touch
   * on the server. Concurrent calls share one request.
   */
  login(inviter?: string, channel?: string): Promise<void> {
    if (this.pending) return this.pending;
    this.pending = request(() => call('user.login', { ...(inviter ? { inviter } : {}), ...(channel ? { channel } : {}) }), {
      start: () => { this.loggingIn = true; this.error = null; },
      done: (res) => {
        this.userId = res.userId;
        this.tier = res.tier;
        this.pointsBalance = res.pointsBalance;
        this.isNew = res.isNew;
        this.inviterUserId = res.inviterUserId;
        this.roles = res.roles ?? [];
        this.giftCouponId = res.giftCouponId ?? null;
      },
      failed: (code) => { this.error = code; },
      settle: () => { this.loggingIn = false; },
    }).then(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Re-reads the points balance (`points.balance`), e.g. when the "me" tab shows. */
  async refreshPoints(): Promise<void> {
    await request(() => call('points.balance', {}), {
      done: ({ balance }) => { this.pointsBalance = balance; },
      failed: (code) => { this.error = code; },
    });
  }

  /** A store clerk or manager: the 核销 entry shows (the server still checks every staff action). */
  get isStaff(): boolean {
    return this.roles.includes('staff');
  }

  /** A live host: the host's console entry shows. */
  get isHost(): boolean {
    return this.roles.includes('host');
  }

  /** Binds the phone from a `getPhoneNumber` button's one-time `code` (`user.bindPhone`). */
  async bindPhone(code: string): Promise<boolean> {
    const outcome = await request(() => call('user.bindPhone', { code }), {
      start: () => { this.binding = true; this.error = null; },
      done: ({ phoneMasked }) => { this.phoneMasked = phoneMasked; },
      failed: (code) => { this.error = code; },
      settle: () => { this.binding = false; },
    });
    return outcome.ok;
  }

  dismissGift(): void {
    this.giftCouponId = null;
  }
}

export const session = new SessionStore();
