import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText } from '../../../stores/admin';
import { CAMPAIGN_TABS, campaignIdOf, campaignList, campaignTerms, campaignTitleOf, campaignWindow, type CampaignKind } from '../../../stores/admin-marketing';
import { ROUTES } from '../../../utils/routes';

/** Group-buys, flash sales, coupons and promotions: one tab each; create, edit, stop or restart. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: campaignList,
    fields: {
      kind: () => campaignList.kind,
      campaigns: () => campaignList.items.map((c) => {
        const ended = (c.kind === 'flash' && c.endAt < Date.now()) || (c.kind === 'coupon' && c.validUntil < Date.now());
        return {
          id: campaignIdOf(c),
          title: campaignTitleOf(c),
          terms: campaignTerms(c),
          window: campaignWindow(c),
          active: c.active && !ended,
          stateText: !c.active ? '已停止' : ended ? '已结束' : '进行中',
          canToggle: !ended,
        };
      }),
      busyId: () => campaignList.actions.busyKey,
      notice: () => campaignList.actions.notice,
      loading: () => campaignList.loading,
      isEmpty: () => campaignList.isEmpty,
      hasMore: () => campaignList.hasMore,
      errorText: () => (campaignList.error ? adminErrorText(campaignList.error) : ''),
    },
    actions: {},
  },
  data: { tabs: CAMPAIGN_TABS, shown: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const kind = CAMPAIGN_TABS.find((t) => t.value === query.kind)?.value ?? 'group';
      void campaignList.selectKind(kind);
    },
    onShow() {
      if (this.data.shown) void campaignList.refresh();
      this.setData({ shown: true });
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: CampaignKind }>) {
      void campaignList.selectKind(e.detail.value);
    },
    onReachBottom() {
      if (campaignList.error === null) void campaignList.loadMore();
    },
    onRetry() {
      void campaignList.refresh();
    },
    onCreate() {
      void wx.navigateTo({ url: ROUTES.adminCampaign(campaignList.kind) });
    },
    onEdit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      void wx.navigateTo({ url: ROUTES.adminCampaign(campaignList.kind, e.currentTarget.dataset.id) });
    },
    async onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; active: boolean }>) {
      const { id, active } = e.currentTarget.dataset;
      const campaign = campaignList.items.find((c) => campaignIdOf(c) === id);
      if (!campaign) return;
      if (active) {
        const { confirm } = await wx.showModal({ title: '停止活动', content: '停止后顾客将看不到这个活动，已下的订单不受影响。', confirmText: '停止' });
        if (!confirm) return;
      }
      await campaignList.setActive(campaign, !active);
    },
  },
});
