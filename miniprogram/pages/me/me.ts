import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { Role } from '../../../typings/api';
import { orderList, type OrderCounts } from '../../stores/orders';
import { session } from '../../stores/session';
import { wallet } from '../../stores/wallet';
import { ROUTES } from '../../utils/routes';
import { tierName } from '../../utils/codes';

interface Entry { key: string; title: string; icon: string; url: string; role?: Role }

/** The "me" tab's entries, in display order; an entry with a `role` shows only to members with it. */
const ENTRIES: readonly Entry[] = [
  { key: 'groups', title: '我的拼团', icon: 'usergroup', url: ROUTES.myGroups },
  { key: 'member-code', title: '会员码', icon: 'qrcode', url: ROUTES.memberCode },
  { key: 'distribution', title: '分销中心', icon: 'share', url: ROUTES.distribution },
  { key: 'live', title: '直播', icon: 'video', url: ROUTES.liveList },
  { key: 'alliance', title: '联盟权益', icon: 'link', url: ROUTES.alliancePartner() },
  { key: 'privacy', title: '隐私中心', icon: 'secured', url: ROUTES.privacy },
  { key: 'live-host', title: '主播控制台', icon: 'video-camera', url: ROUTES.liveList, role: 'host' },
  { key: 'staff', title: '门店核销（店员）', icon: 'scan', url: ROUTES.staffScan, role: 'staff' },
];

/** The order row: each opens the order list on its tab, with the tab's count as a badge. */
const ORDER_ROW: readonly { status: string; title: string; icon: string; count: keyof OrderCounts }[] = [
  { status: 'pendingPayment', title: '待付款', icon: 'wallet', count: 'pendingPayment' },
  { status: 'paid', title: '待发货', icon: 'undertake-delivery', count: 'toShip' },
  { status: 'shipped', title: '待收货', icon: 'task-checked', count: 'toReceive' },
  { status: 'afterSale', title: '售后', icon: 'service', count: 'afterSale' },
];

/**
 * "Me" tab, as the starter's user centre: the profile (tier in Chinese, 会员码 at hand), points, coupons
 * and the rights mall, the order row with counts, 我的服务 as a grid of round icons (the member's entries
 * plus those of their roles), the back-office for operators, customer service.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: session,
      fields: {
        loggedIn: () => session.loggedIn,
        tier: () => tierName(session.tier),
        pointsBalance: () => session.pointsBalance,
        loggingIn: () => session.loggingIn,
        isOperator: () => session.isOperator,
        hasGift: () => session.giftCouponId !== null,
        entries: () => ENTRIES.filter((e) => !e.role || session.roles.includes(e.role)).map(({ key, title, icon, url }) => ({ key, title, icon, url })),
      },
      actions: {},
    },
    {
      store: orderList,
      fields: {
        orderRow: () => ORDER_ROW.map((o) => {
          const n = orderList.counts?.[o.count] ?? 0;
          return { status: o.status, title: o.title, icon: o.icon, url: `${ROUTES.orders}?status=${o.status}`, badge: n > 99 ? '99+' : n > 0 ? String(n) : '' };
        }),
      },
      actions: {},
    },
    {
      store: wallet,
      fields: {
        couponCount: () => {
          const n = wallet.usableCount(Date.now());
          return n === null ? '-' : String(n);
        },
      },
      actions: {},
    },
  ],
  data: {
    adminUrl: ROUTES.adminHome,
    allOrdersUrl: ROUTES.orders,
    pointsUrl: ROUTES.points,
    mallUrl: ROUTES.pointsMall,
    memberCodeUrl: ROUTES.memberCode,
    couponsUrl: ROUTES.myCoupons,
  },
  methods: {
    onShow() {
      const ready = session.loggedIn ? session.refreshPoints() : session.login();
      void ready.then(() => {
        if (!session.loggedIn) return;
        void orderList.loadCounts();
        void wallet.load();
      });
    },
    onEntryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      void wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onGiftTap() {
      session.dismissGift();
      void wx.navigateTo({ url: ROUTES.myCoupons });
    },
  },
});
