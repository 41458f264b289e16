import { initCloud } from './api/client';
import { alliance, type Referrer } from './stores/alliance';
import { session } from './stores/session';
import { track, tracker } from './utils/tracker';

export interface AppGlobalData {
  /** The userId or share code the user arrived with (`?inviter=` or a scene code). */
  inviter: string | null;
}

App<{ globalData: AppGlobalData }>({
  globalData: { inviter: null },

  onLaunch(options) {
    initCloud();
    const inviter = inviterOf(options.query);
    this.globalData.inviter = inviter;
    const referrer = referrerOf(options.referrerInfo);
    // The first login records where a new member came from: a partner's mini-program beats a share link.
    void session.login(inviter ?? undefined, channelOf(referrer));
    void alliance.land(referrer);
    trackPageViews();
  },

  onShow(options) {
    // A cold start runs onLaunch then onShow with the same referrer: the store reports it once.
    void alliance.land(referrerOf(options.referrerInfo));
  },

  onHide() {
    alliance.endShow();
    void tracker.flush();
  },
});

/** `inviter` from the launch query, or from `scene` when the user scanned a mini-program code. */
function inviterOf(query: Record<string, string> | undefined): string | null {
  if (!query) return null;
  if (query.inviter) return query.inviter;
  if (query.scene) {
    const scene = decodeURIComponent(query.scene);
    // Posters carry `i=<shareCode>` (scenes are at most 32 characters); links carry `inviter=`.
    const match = /(?:^|&)(?:i|inviter)=([^&]+)/.exec(scene);
    return match ? match[1] : null;
  }
  return null;
}

/**
 * The acquisition channel a new member is recorded with (`user.login {channel}`): `partner:<appId>` when
 * a partner's mini-program opened us, so the funnel counts alliance arrivals under their partner; else the
 * server's own choice (`share` with an inviter, `direct` otherwise).
 */
export function channelOf(referrer: Referrer | undefined): string | undefined {
  return referrer ? `partner:${referrer.appId}`.slice(0, 32) : undefined;
}

/** The partner mini-program the user came from, when `navigateToMiniProgram` brought them. */
function referrerOf(info: { appId?: string; extraData?: unknown } | undefined): Referrer | undefined {
  if (!info?.appId) return undefined;
  const extraData = typeof info.extraData === 'object' && info.extraData !== null ? (info.extraData as Record<string, unknown>) : undefined;
  return { appId: info.appId, ...(extraData ? { extraData } : {}) };
}

/**
 * `page_view` for every page, in one place: `wx.onAppRoute` (base library 3.5.5 documents it; older
 * ones have it too) reports each route (launch, navigate, back, tab switch). Where it is missing no page
 * view is tracked rather than editing every page.
 */
function trackPageViews(): void {
  const onAppRoute = (wx as { onAppRoute?: WechatMiniprogram.Wx['onAppRoute'] }).onAppRoute;
  if (typeof onAppRoute !== 'function') return;
  onAppRoute.call(wx, (route) => {
    track('page_view', { route: route.path, openType: route.openType });
  });
}
