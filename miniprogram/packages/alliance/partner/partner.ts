import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { alliance, DEMO_PARTNER_ID } from '../../../stores/alliance';
import { ROUTES } from '../../../utils/routes';
import { track } from '../../../utils/tracker';

/** What every jump tells the partner mini-program (it reads them in its own `referrerInfo.extraData`). */
export const JUMP_SOURCE = 'tuanmall';

/**
 * A partner brand's page (联盟权益), `?partnerId=` (the demo partner `coffee` by default): the brand's
 * card, whether the user is already its member too, a jump to its mini-program and the points exchange.
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
    partnerId: DEMO_PARTNER_ID,
    known: false,
    name: '',
    initial: '',
    slogan: '',
    jumpError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const partnerId = query.partnerId || DEMO_PARTNER_ID;
      const brand = alliance.partner(partnerId);
      if (!brand) {
        this.setData({ partnerId, known: false });
        return;
      }
      this.setData({ partnerId, known: true, name: brand.name, initial: brand.name.slice(0, 1), slogan: brand.slogan });
      void alliance.loadDualMembership(partnerId);
    },
    onJumpTap() {
      const brand = alliance.partner(this.data.partnerId);
      if (!brand) return;
      this.setData({ jumpError: '' });
      track('alliance_jump', { partnerId: brand.partnerId });
      wx.navigateToMiniProgram({
        appId: brand.appId,
        path: brand.path,
        extraData: { source: JUMP_SOURCE, coupon_id: brand.couponId },
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
