import { makeAutoObservable, runInAction } from 'mobx-miniprogram';
import type { ErrorCode, Role, Tier } from '../../typings/api';
import { call, errorCodeOf } from '../api/client';

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
  login(inviter?: string): Promise<void> {
    if (this.pending) return this.pending;
    this.loggingIn = true;
    this.error = null;
    this.pending = call('user.login', inviter ? { inviter } : {})
      .then((res) => {
        runInAction(() => {
          this.userId = res.userId;
          this.tier = res.tier;
          this.pointsBalance = res.pointsBalance;
          this.isNew = res.isNew;
          this.inviterUserId = res.inviterUserId;
          this.roles = res.roles ?? [];
        });
      })
      .catch((err: unknown) => {
        runInAction(() => {
          this.error = errorCodeOf(err);
        });
      })
      .finally(() => {
        runInAction(() => {
          this.loggingIn = false;
        });
        this.pending = null;
      });
    return this.pending;
  }

  /** Re-reads the points balance (`points.balance`), e.g. when the "me" tab shows. */
  async refreshPoints(): Promise<void> {
    try {
      const { balance } = await call('points.balance', {});
      runInAction(() => {
        this.pointsBalance = balance;
      });
    } catch (err) {
      runInAction(() => {
        this.error = errorCodeOf(err);
      });
    }
  }
}

export const session = new SessionStore();
