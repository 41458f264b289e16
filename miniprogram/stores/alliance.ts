import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode, PartnerView, Res } from '../../typings/api';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';
import { session } from './session';

/** Points of ours for points of theirs: `ours` of ours buy `theirs` of the partner's. */
export type Ratio = PartnerView['ratio'];

/** Who sent the user here: `referrerInfo` of `App.onLaunch`/`onShow`. */
export interface Referrer { appId: string; extraData?: Record<string, unknown> }

/** What a page asking for a partner gets (see `AllianceStore.lookupPartner`). */
export type PartnerLookup = { status: 'ready'; brand: PartnerView } | { status: 'error'; code: ErrorCode } | { status: 'unknown' };

export type ExchangeAnswer = Res<'alliance.exchange'>;

/** Words for the codes an exchange meets. */
export function exchangeErrorText(code: ErrorCode, ratio?: Ratio): string {
  switch (code) {
    case 'LIMIT_EXCEEDED': return '今日兑换已达上限，明天再来吧';
    case 'INSUFFICIENT_POINTS': return '积分不足，攒一攒再来兑换吧';
    case 'INVALID_ARGUMENT': return ratio ? `兑换积分需为 ${ratio.ours} 的整数倍` : '兑换数量不正确';
    case 'NOT_FOUND': return '暂不支持该合作品牌';
    case 'RATE_LIMITED': return '操作太频繁，请稍后再试';
    case 'RISK_BLOCKED': return '账户存在风险，暂不可兑换';
    case 'UNAUTHENTICATED': return '请先登录';
    default: return '网络开小差了，请重试（不会重复扣积分）';
  }
}

/**
 * Alliance (联盟): landings from partner mini-programs (and the coupon they bring), and the exchange of
 * our points for a partner's.
 */
export class AllianceStore {
  /** The partner brands as the server lists them (`alliance.partners`); null until they are loaded. */
  partners: PartnerView[] | null = null;
  partnersLoading = false;
  /** Why the latest load of the partners failed (a later `loadPartners` asks again). */
  partnersError: ErrorCode | null = null;
  /** The coupon the latest landing claimed, until the home page's notice is dismissed. */
  landingCouponId: string | null = null;
  exchanging = false;
  exchangeResult: ExchangeAnswer | null = null;
  exchangeError: ErrorCode | null = null;
  /** `partnerId` → whether the user is also the partner's member (from `alliance.dualMembership`). */
  dualMember: Record<string, boolean> = {};
  /** The referrer handled in the current foreground session (reset by `App.onHide`). */
  private landedThisShow: string | null = null;
  /** The key of the unfinished exchange and the request it belongs to: a retry sends the same key. */
  private pendingExchange: { request: string; key: string } | null = null;
  /** The `alliance.partners` call under way, shared by concurrent callers. */
  private partnersRequest: Promise<void> | null = null;

  constructor() {
    makeAutoObservable<AllianceStore, 'landedThisShow' | 'pendingExchange' | 'partnersRequest'>(
      this,
      { landedThisShow: false, pendingExchange: false, partnersRequest: false },
      { autoBind: true },
    );
  }

  /**
   * Loads the partner brands and their terms (`alliance.partners`), once per session: concurrent callers
   * share one call, and once loaded the list is kept. A failure is kept in `partnersError` (never thrown);
   * the next call asks again.
   */
  loadPartners(): Promise<void> {
    if (this.partners) return Promise.resolve();
    if (this.partnersRequest) return this.partnersRequest;
    const current = (): boolean => this.partnersRequest === pending;
    const pending: Promise<void> = request(() => call('alliance.partners', {}), {
      start: () => { this.partnersLoading = true; this.partnersError = null; },
      done: ({ items }) => {
        if (current()) this.partners = items;
      },
      failed: (code) => {
        if (!current()) return;
        console.warn(`[alliance] partners not loaded (${code})`);
        this.partnersError = code;
      },
      settle: () => {
        if (!current()) return;
        this.partnersRequest = null;
        this.partnersLoading = false;
      },
    }).then(() => undefined);
    this.partnersRequest = pending;
    return pending;
  }

  /** Forgets the partners (tests; a new session loads them again). */
  forgetPartners(): void {
    this.partners = null;
    this.partnersLoading = false;
    this.partnersError = null;
    this.partnersRequest = null;
  }

  /**
   * The partner `partnerId` among those loaded, or the first one listed when `partnerId` is empty;
   * null when it is not (or not yet) known.
   */
  partner(partnerId: string | undefined): PartnerView | null {
    const partners = this.partners ?? [];
    return (partnerId ? partners.find((p) => p.partnerId === partnerId) : partners[0]) ?? null;
  }

  /**
   * The partner a page asked for, loading the list first if need be: `ready` with it, `error` when the
   * list could not be loaded, `unknown` when the server lists no such partner.
   */
  async lookupPartner(partnerId: string | undefined): Promise<PartnerLookup> {
    if (!this.partners) await this.loadPartners();
    const brand = this.partner(partnerId);
    if (brand) return { status: 'ready', brand };
    return this.partnersError ? { status: 'error', code: this.partnersError } : { status: 'unknown' };
  }

  /**
   * Reports a landing from a partner mini-program (`alliance.landing`), once per foreground session and
   * referrer, after login. Safe to call from both `onLaunch` and `onShow` of one cold start.
   */
  async land(referrer: Referrer | undefined): Promise<void> {
    if (!referrer?.appId || this.landedThisShow === referrer.appId) return;
    this.landedThisShow = referrer.appId;
    if (!session.loggedIn) await session.login();
    if (!session.loggedIn) {
      console.warn(`[alliance] landing from ${referrer.appId} not reported: not logged in (${session.error ?? 'unknown'})`);
      return;
    }
    await request(() => call('alliance.landing', { fromAppId: referrer.appId, extraData: referrer.extraData ?? {} }), {
      done: ({ couponId }) => {
        if (couponId) this.landingCouponId = couponId;
      },
      failed: (code) => { console.warn(`[alliance] landing from ${referrer.appId} failed (${code})`); },
    });
  }

  /** The app went to the background: the next show may report a landing again. */
  endShow(): void {
    this.landedThisShow = null;
  }

  dismissLandingCoupon(): void {
    this.landingCouponId = null;
  }

  async loadDualMembership(partnerId: string): Promise<void> {
    await request(() => call('alliance.dualMembership', { partnerId }), {
      done: ({ dualMember }) => { this.dualMember = { ...this.dualMember, [partnerId]: dualMember }; },
      failed: (code) => { console.warn(`[alliance] dualMembership of ${partnerId} unknown (${code})`); },
    });
  }

  /**
   * Exchanges `points` of ours for the partner's points (`alliance.exchange`). Only the points to spend
   * are sent: what the partner credits is the server's to compute. The idempotency key lives until the
   * server answers for sure, so retrying the same exchange after a network failure cannot spend twice.
   */
  async exchange(partnerId: string, points: number): Promise<boolean> {
    if (this.exchanging) return false;
    const what = `${partnerId}:${points}`;
    if (this.pendingExchange?.request !== what) this.pendingExchange = { request: what, key: idempotencyKey() };
    const key = this.pendingExchange.key;
    const outcome = await request(() => call('alliance.exchange', { partnerId, points, idempotencyKey: key }), {
      start: () => {
        this.exchanging = true;
        this.exchangeError = null;
        this.exchangeResult = null;
      },
      done: (answer) => {
        this.pendingExchange = null;
        this.exchangeResult = answer;
        session.pointsBalance = answer.balance;
      },
      failed: (code) => {
        // Only a platform failure leaves the outcome unknown; any answer of the server is final.
        if (code !== 'INTERNAL') this.pendingExchange = null;
        this.exchangeError = code;
      },
      settle: () => { this.exchanging = false; },
    });
    return outcome.ok;
  }

  clearExchange(): void {
    this.exchangeResult = null;
    this.exchangeError = null;
  }
}

export const alliance = new AllianceStore();

/**
 * The partner points `points` of ours would buy at `ratio`, for the preview; null unless `points` is a
 * positive multiple of `ratio.ours` (the only amounts the server accepts).
 */
export function partnerPointsFor(points: number, ratio: Ratio): number | null {
  if (!Number.isSafeInteger(points) || points <= 0 || points % ratio.ours !== 0) return null;
  return (points / ratio.ours) * ratio.theirs;
}
