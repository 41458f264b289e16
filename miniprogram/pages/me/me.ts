import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { session } from '../../stores/session';
import { ROUTES } from '../../utils/routes';
import { tierName } from '../../utils/codes';

/** The "me" tab's entries, in display order. */
const ENTRIES = [
  { key: 'orders', title: '我的订单', icon: 'form', url: ROUTES.orders },
  { key: 'points', title: '积分', icon: 'gift', url: ROUTES.points },
  { key: 'member-code', title: '会员码', icon: 'qrcode', url: ROUTES.memberCode },
  { key: 'groups', title: '我的拼团', icon: 'usergroup', url: ROUTES.myGroups },
  { key: 'distribution', title: '分销中心', icon: 'share', url: ROUTES.distribution },
  { key: 'live', title: '直播', icon: 'video', url: ROUTES.liveList },
  { key: 'alliance', title: '联盟权益', icon: 'link', url: ROUTES.alliancePartner() },
  { key: 'staff', title: '门店核销（店员）', icon: 'scan', url: ROUTES.staffScan },
];

/** "Me" tab: avatar, member tier, points balance, and the entries to the member features. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: session,
    fields: {
      loggedIn: () => session.loggedIn,
      tier: () => tierName(session.tier),
      pointsBalance: () => session.pointsBalance,
      loggingIn: () => session.loggingIn,
      isOperator: () => session.isOperator,
    },
    actions: {},
  },
  data: {
    entries: ENTRIES,
    adminUrl: ROUTES.adminHome,
  },
  methods: {
    onShow() {
      if (!session.loggedIn) void session.login();
      else void session.refreshPoints();
    },
    onEntryTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      void wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
