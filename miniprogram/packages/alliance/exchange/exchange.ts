import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { alliance, exchangeErrorText, partnerPointsFor } from '../../../stores/alliance';
import { session } from '../../../stores/session';
import { errorText } from '../../../utils/errors';
import { track } from '../../../utils/tracker';

/** The largest multiple of `step` not above `value` (0 when none). */
const floorTo = (value: number, step: number) => Math.floor(Math.max(0, value) / step) * step;

/** What the page shows: the partners loading, their load failed, the partner unknown, or the exchange. */
type Status = 'loading' | 'error' | 'unknown' | 'ready';

/**
 * Exchange of our points for a partner's (联盟积分兑换), `?partnerId=` (the first partner the server lists
 * by default). The partner and its ratio come from `alliance.partners`; while they load the page says
 * so, and a failed load offers a retry. The stepper moves in multiples of the partner's ratio; the
 * partner points it would buy are computed here for the preview only: the request carries the points
 * to spend and nothing else, and the result shows what the server answered. Confirmation is a TDesign
 * dialog; a retry after a network failure sends the same idempotency key.
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
    /** The `?partnerId=` asked for ('' for the first partner listed). */
    requested: '',
    partnerId: '',
    status: 'loading' as Status,
    loadErrorText: '',
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
      const { ours, theirs } = this.data;
      this.setData({ errorText: code ? exchangeErrorText(alliance.exchangeError ?? 'INTERNAL', ours ? { ours, theirs } : undefined) : '' });
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      alliance.clearExchange();
      this.setData({ requested: query.partnerId ?? '', partnerId: query.partnerId ?? '' });
      void this.showPartner();
      if (!session.loggedIn) void session.login();
      else void session.refreshPoints();
    },
    /** Shows the partner asked for with the server's terms, loading the partners first if need be. */
    async showPartner() {
      if (!alliance.partners) this.setData({ status: 'loading' });
      const found = await alliance.lookupPartner(this.data.requested);
      if (found.status !== 'ready') {
        this.setData(found.status === 'error' ? { status: 'error', loadErrorText: errorText(found.code) } : { status: 'unknown' });
        return;
      }
      const brand = found.brand;
      const { ours, theirs } = brand.ratio;
      this.setData({
        partnerId: brand.partnerId,
        status: 'ready',
        partnerName: brand.name,
        ours,
        theirs,
        maxPoints: Math.max(ours, floorTo(session.pointsBalance, ours)),
        points: ours,
        preview: partnerPointsFor(ours, brand.ratio),
      });
    },
    onRetryTap() {
      void this.showPartner();
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
