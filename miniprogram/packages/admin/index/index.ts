import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { PENDING_TILES, adminErrorText, barHeights, dashboard, type PendingKey } from '../../../stores/admin';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';
import { dayLabel } from '../../../utils/time';

/** Where each waiting count leads. */
const PENDING_URLS: Record<PendingKey, string> = {
  toShip: ROUTES.adminOrders('paid'),
  afterSales: ROUTES.adminAfterSales,
  withdrawals: ROUTES.adminWithdrawals,
  riskFlagged: `${ROUTES.adminOrders()}?risk=review`,
  riskAlerts: `${ROUTES.adminSettings}?section=risk`,
};

/** The back-office's sections, in the order a merchant reaches for them. */
const MENU = [
  { key: 'products', title: '商品', icon: 'shop', url: ROUTES.adminProducts() },
  { key: 'orders', title: '订单', icon: 'form', url: ROUTES.adminOrders() },
  { key: 'aftersales', title: '售后', icon: 'service', url: ROUTES.adminAfterSales },
  { key: 'withdrawals', title: '提现审核', icon: 'wallet', url: ROUTES.adminWithdrawals },
  { key: 'campaigns', title: '营销活动', icon: 'discount', url: ROUTES.adminCampaigns() },
  { key: 'live', title: '直播间', icon: 'video', url: ROUTES.adminLive },
  { key: 'team', title: '员工与合作', icon: 'usergroup', url: ROUTES.adminTeam },
  { key: 'settings', title: '店铺设置', icon: 'setting', url: ROUTES.adminSettings },
];

/** Back-office home: today's figures, what waits (each opens its list), the last 7 days' sales, the sections. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: dashboard,
    fields: {
      loading: () => dashboard.loading,
      errorText: () => (dashboard.error ? adminErrorText(dashboard.error) : ''),
      today: () => {
        const t = dashboard.view?.today;
        return t ? { paid: formatFen(t.paidFen), orders: t.orders, newMembers: t.newMembers, refunded: formatFen(t.refundedFen ?? 0) } : null;
      },
      pending: () => {
        const p = dashboard.view?.pending;
        return p ? PENDING_TILES.map((tile) => ({ ...tile, count: p[tile.key] ?? 0, url: PENDING_URLS[tile.key] })) : [];
      },
      week: () => {
        const days = dashboard.view?.last7Days ?? [];
        const heights = barHeights(days.map((d) => d.paidFen));
        return {
          total: formatFen(days.reduce((s, d) => s + d.paidFen, 0)),
          orders: days.reduce((s, d) => s + d.orders, 0),
          bars: days.map((d, i) => ({ day: d.day, label: dayLabel(d.day), height: heights[i], amount: d.paidFen > 0 ? compactYuan(d.paidFen) : '' })),
        };
      },
    },
    actions: {},
  },
  data: { menu: MENU },
  methods: {
    onShow() {
      void dashboard.load();
    },
    async onPullDownRefresh() {
      await dashboard.load();
      wx.stopPullDownRefresh();
    },
    onRetry() {
      void dashboard.load();
    },
    onGo(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      void wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});

/** A bar's caption: `¥1.2万`, `¥860`. */
function compactYuan(fen: number): string {
  const yuan = fen / 100;
  if (yuan >= 10000) return `${Number((yuan / 10000).toFixed(1))}万`;
  return String(Math.round(yuan));
}
