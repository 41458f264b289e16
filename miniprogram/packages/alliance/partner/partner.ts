import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { alliance } from '../../../stores/alliance';
import { errorText } from '../../../utils/errors';
import { ROUTES } from '../../../utils/routes';
import { track } from '../../../utils/tracker';

/** What every jump tells the partner mini-program (it reads them in its own `referrerInfo.extraData`). */
export const JUMP_SOURCE = 'tuanmall';

/** What the page shows: the partners loading, their load failed, the partner unknown, or its card. */
type Status = 'loading' | 'error' | 'unknown' | 'ready';

/**
 * A partner brand's page (联盟权益), `?partnerId=` (the first partner the server lists by default): the
 * brand's card, whether the user is already its member too, a jump to its mini-program and the points
 * exchange. The brand, its jump target and welcome coupon come from `alliance.partners`; while they load
 * the page says so, and a failed load offers a retry.
 *
 * The jump: since base library 2.3.0 `wx.navigateToMiniProgram` only works after a user's tap (it is
 * called right in the tap handler, before anything asynchronous) and asks the user to confirm (a refusal
 * fails with `cancel`). The partner receives `extraData` only in its `App.onLaunch`/`onShow`
 * `referrerInfo`. From 2.4.0 the target's appId had to be listed in app.json's
 * `navigateToMiniProgramAppIdList` (at most 10); WeChat dropped that rule in April 2020, so list the
 * partner's real appId there only if older clients must be served.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: alliance,
    fields: { dualMember: () => alliance.dualMember },
    actions: {},
  },
  data: {
    /** The `?partnerId=` asked for ('' for the first partner listed). */
    requested: '',
    partnerId: '',
    status: 'loading' as Status,
    loadErrorText: '',
    name: '',
    initial: '',
    slogan: '',
    jumpError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ requested: query.partnerId ?? '', partnerId: query.partnerId ?? '' });
      void this.showPartner();
    },
    /** Shows the partner asked for as the server lists it, loading the partners first if need be. */
    async showPartner() {
      if (!alliance.partners) this.setData({ status: 'loading' });
      const found = await alliance.lookupPartner(this.data.requested);
      if (found.status !== 'ready') {
        this.setData(found.status === 'error' ? { status: 'error', loadErrorText: errorText(found.code) } : { status: 'unknown' });
        return;
      }
      const brand = found.brand;
      this.setData({ partnerId: brand.partnerId, status: 'ready', name: brand.name, initial: brand.name.slice(0, 1), slogan: brand.slogan ?? '' });
      void alliance.loadDualMembership(brand.partnerId);
    },
    onRetryTap() {
      void this.showPartner();
    },
    onJumpTap() {
      const brand = alliance.partner(this.data.partnerId);
      if (!brand) return;
      this.setData({ jumpError: '' });
      track('alliance_jump', { partnerId: brand.partnerId });
      wx.navigateToMiniProgram({
        appId: brand.appId,
        // Without a path the partner's home page opens; without a welcome coupon there is none to claim.
        ...(brand.jumpPath ? { path: brand.jumpPath } : {}),
        extraData: { source: JUMP_SOURCE, ...(brand.welcomeCouponId ? { coupon_id: brand.welcomeCouponId } : {}) },
        fail: (err: WechatMiniprogram.GeneralCallbackResult) => {
          // The user declining the confirmation is their choice, not an error to show.
          if (/cancel/i.test(err.errMsg)) return;
          console.warn(`[alliance] jump to ${brand.appId} failed: ${err.errMsg}`);
          this.setData({ jumpError: `暂时无法打开${brand.name}小程序，请稍后再试` });
        },
      });
    },
    onExchangeTap() {
      void wx.navigateTo({ url: ROUTES.allianceExchange(this.data.partnerId) });
    },
  },
});
