import { couponRule, coupons } from '../../../stores/coupons';
import { session } from '../../../stores/session';
import { chinaTime } from '../../../utils/codes';
import { formatFen } from '../../../utils/money';
import { ROUTES, TABS } from '../../../utils/routes';
import { couponIdOf } from '../../../utils/scene';

/**
 * 扫码领券: the page a store's QR code opens. Scanned in the store, it claims the coupon online at once
 * (logging in first), then offers 去使用 in the mall. Claiming again (a second scan) is not an error:
 * the shopper already holds it.
 */
Component({
  data: {
    state: 'claiming' as 'claiming' | 'claimed' | 'failed',
    message: '',
    retryable: false,
    offer: null as { title: string; discountText: string; rule: string; untilText: string } | null,
    couponId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const couponId = couponIdOf(query);
      if (!couponId) {
        this.setData({ state: 'failed', message: '二维码无效，请向店员确认', retryable: false });
        return;
      }
      this.setData({ couponId });
      void this.claim(query.inviter);
    },
    async claim(inviter?: string) {
      const couponId = this.data.couponId;
      this.setData({ state: 'claiming' });
      if (!session.loggedIn) await session.login(inviter);
      const ok = await coupons.claim(couponId);
      const alreadyHeld = !ok && /上限/.test(coupons.notice?.text ?? '');
      if (!coupons.loaded) await coupons.load();
      const o = coupons.offers.find((c) => c.couponId === couponId);
      const offer = o ? { title: o.title, discountText: formatFen(o.discountFen).replace(/\.00$/, ''), rule: couponRule(o), untilText: `有效期至 ${chinaTime(o.validUntil).slice(0, 10)}` } : null;
      if (ok || alreadyHeld) {
        this.setData({ state: 'claimed', offer, message: ok ? '领取成功，已放入你的券包' : '你已领过这张券，可直接使用' });
      } else {
        const text = coupons.notice?.text ?? '领取失败';
        this.setData({ state: 'failed', offer, message: text, retryable: /网络/.test(text) });
      }
    },
    onRetry() {
      if (this.data.retryable) void this.claim();
      else void wx.switchTab({ url: TABS.home });
    },
    onUse() {
      void wx.switchTab({ url: TABS.home });
    },
    onMore() {
      void wx.navigateTo({ url: ROUTES.couponCentre });
    },
  },
});
