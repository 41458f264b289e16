import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { couponRule, coupons } from '../../../stores/coupons';
import { chinaTime } from '../../../utils/codes';
import { errorText } from '../../../utils/errors';
import { formatFen } from '../../../utils/money';
import { TABS } from '../../../utils/routes';

/** Below this many left, a coupon says how few remain. */
const FEW_LEFT = 20;

/** The coupon centre (领券中心): the live coupons (`coupon.available`), claimed in one tap, then 去使用. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: coupons,
    fields: {
      offers: () => coupons.offers.map((o) => ({
        couponId: o.couponId,
        title: o.title,
        discountText: formatFen(o.discountFen).replace(/\.00$/, ''),
        ruleText: o.minSpendFen > 0 ? `满${formatFen(o.minSpendFen).replace(/\.00$/, '')}可用` : '无门槛',
        rule: couponRule(o),
        untilText: `有效期至 ${chinaTime(o.validUntil).slice(0, 10)}`,
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
  },
  methods: {
    onLoad() {
      coupons.clearNotice();
      void coupons.load();
    },
    onPullDownRefresh() {
      void coupons.load().then(() => wx.stopPullDownRefresh());
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
