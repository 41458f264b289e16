import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { alliance, DEMO_PARTNER_ID, exchangeErrorText, partnerPointsFor, type PartnerBrand } from '../../../stores/alliance';
import { session } from '../../../stores/session';
import { track } from '../../../utils/tracker';

/** The largest multiple of `step` not above `value` (0 when none). */
const floorTo = (value: number, step: number) => Math.floor(Math.max(0, value) / step) * step;

/** The partner of this visit (set in onLoad; one page instance shows one partner). */
function brandOf(partnerId: string): PartnerBrand | null {
  return alliance.partner(partnerId);
}

/**
 * Exchange of our points for a partner's (联盟积分兑换), `?partnerId=` (the demo partner `coffee` by
 * default). The stepper moves in multiples of the partner's ratio; the partner points it would buy are
 * computed here for the preview only: the request carries the points to spend and nothing else, and the
 * result shows what the server answered. Confirmation is a TDesign dialog; a retry after a network
 * failure sends the same idempotency key.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: session,
      fields: { balance: () => session.pointsBalance },
      actions: {},
    },
    {
      store: alliance,
      fields: {
        exchanging: () => alliance.exchanging,
        result: () => alliance.exchangeResult,
        errorCode: () => alliance.exchangeError ?? '',
      },
      actions: {},
    },
  ],
  data: {
    partnerId: DEMO_PARTNER_ID,
    known: false,
    partnerName: '',
    ours: 0,
    theirs: 0,
    points: 0,
    /** The preview: partner points `points` would buy, or null when `points` is not exchangeable. */
    preview: null as number | null,
    maxPoints: 0,
    confirming: false,
    confirmText: '',
    errorText: '',
  },
  observers: {
    balance(balance: number) {
      const { ours, points } = this.data;
      if (!ours) return;
      const maxPoints = Math.max(ours, floorTo(balance, ours));
      this.setData({ maxPoints, ...(points > maxPoints ? this.pick(maxPoints) : {}) });
    },
    errorCode(code: string) {
      const brand = brandOf(this.data.partnerId);
      this.setData({ errorText: code ? exchangeErrorText(alliance.exchangeError ?? 'INTERNAL', brand?.ratio) : '' });
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      alliance.clearExchange();
      const partnerId = query.partnerId || DEMO_PARTNER_ID;
      const brand = brandOf(partnerId);
      if (!brand) {
        this.setData({ partnerId, known: false });
        return;
      }
      const maxPoints = Math.max(brand.ratio.ours, floorTo(session.pointsBalance, brand.ratio.ours));
      this.setData({
        partnerId,
        known: true,
        partnerName: brand.name,
        ours: brand.ratio.ours,
        theirs: brand.ratio.theirs,
        maxPoints,
        points: brand.ratio.ours,
        preview: partnerPointsFor(brand.ratio.ours, brand.ratio),
      });
      if (!session.loggedIn) void session.login();
      else void session.refreshPoints();
    },
    /** The data for `points` chosen: the amount and its preview. */
    pick(points: number) {
      const { ours, theirs } = this.data;
      return { points, preview: partnerPointsFor(points, { ours, theirs }) };
    },
    onPointsChange(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      alliance.clearExchange();
      this.setData(this.pick(Number(e.detail.value)));
    },
    onExchangeTap() {
      const { points, preview, partnerName } = this.data;
      if (preview === null || alliance.exchanging) return;
      this.setData({ confirming: true, confirmText: `使用 ${points} 积分兑换 ${preview} ${partnerName}积分？兑换后不可撤回。` });
    },
    onCancelExchange() {
      this.setData({ confirming: false });
    },
    async onConfirmExchange() {
      const { partnerId, points } = this.data;
      this.setData({ confirming: false });
      const done = await alliance.exchange(partnerId, points);
      track('alliance_exchange', { partnerId, points, ok: done, ...(alliance.exchangeError ? { code: alliance.exchangeError } : {}) });
    },
  },
});
