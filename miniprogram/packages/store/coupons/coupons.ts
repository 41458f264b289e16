import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { couponRule, coupons } from '../../../stores/coupons';
import { wallet } from '../../../stores/wallet';
import { chinaTime } from '../../../utils/codes';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { TABS } from '../../../utils/routes';

/** Below this many left, a coupon says how few remain. */
const FEW_LEFT = 20;

type Tab = 'centre' | 'mine';
type Filter = 'usable' | 'used' | 'expired';
const FILTERS: readonly { value: Filter; label: string }[] = [
  { value: 'usable', label: '可使用' },
  { value: 'used', label: '已使用' },
  { value: 'expired', label: '已过期' },
];

/** A coupon's face on a ticket: the value without `.00`, its minimum spend, its last day. */
function face(c: { discountFen: number; minSpendFen: number; validUntil: number }) {
  const yuan = (fen: number) => formatFen(fen).replace(/\.00$/, '');
  return {
    discountText: yuan(c.discountFen),
    ruleText: c.minSpendFen > 0 ? `满${yuan(c.minSpendFen)}可用` : '无门槛',
    untilText: `有效期至 ${chinaTime(c.validUntil).slice(0, 10)}`,
  };
}

/**
 * Coupons, in two tabs. 领券中心: the live coupons (`coupon.available`) as tickets, claimed in one tap,
 * then 去使用. 我的优惠券 (`?tab=mine`, from 我的): the member's coupons (`coupon.mine`) by 可使用 /
 * 已使用 / 已过期, used and expired ones greyed with a stamp.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [{
    store: wallet,
    fields: {
      mine: () => {
        const groups = wallet.byState(Date.now());
        const view = (list: typeof groups.usable) => list.map((c, i) => ({ key: `${c.couponId}-${i}`, title: c.title, ...face(c) }));
        return { usable: view(groups.usable), used: view(groups.used), expired: view(groups.expired) };
      },
      mineLoading: () => wallet.loading && wallet.coupons === null,
      mineError: () => (wallet.error && wallet.coupons === null ? errorText(wallet.error) : ''),
    },
    actions: {},
  }, {
    store: coupons,
    fields: {
      offers: () => coupons.offers.map((o) => ({
        couponId: o.couponId,
        title: o.title,
        ...face(o),
        rule: couponRule(o),
        remaining: o.remaining,
        fewLeft: o.remaining <= FEW_LEFT,
        soldOut: o.remaining <= 0,
        claimed: o.claimedByMe,
      })),
      loading: () => coupons.loading && !coupons.loaded,
      isEmpty: () => coupons.loaded && coupons.offers.length === 0,
      errorMessage: () => (coupons.error && !coupons.loaded ? errorText(coupons.error) : ''),
      claiming: () => coupons.claiming,
      notice: () => coupons.notice,
    },
    actions: {},
  }],
  data: {
    tab: 'centre' as Tab,
    filter: 'usable' as Filter,
    filters: FILTERS,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      coupons.clearNotice();
      this.showTab(query.tab === 'mine' ? 'mine' : 'centre');
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.showTab(e.detail.value);
    },
    /** Shows a tab and reads it afresh (a coupon claimed in the centre shows in 我的 at once). */
    showTab(tab: Tab) {
      this.setData({ tab });
      void (tab === 'mine' ? wallet.load() : coupons.load());
    },
    onFilterTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: Filter }>) {
      this.setData({ filter: e.currentTarget.dataset.value });
    },
    onGoCentre() {
      this.showTab('centre');
    },
    onRetryMine() {
      void wallet.load();
    },
    onPullDownRefresh() {
      const reload = this.data.tab === 'mine' ? wallet.load() : coupons.load();
      void reload.then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void coupons.load();
    },
    onClaim(e: WechatMiniprogram.BaseEvent<Record<string, never>, { couponId: string }>) {
      void coupons.claim(e.currentTarget.dataset.couponId);
    },
    onUse() {
      void wx.switchTab({ url: TABS.home });
    },
  },
});
