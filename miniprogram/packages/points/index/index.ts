import { runInAction } from 'mobx-miniprogram';
import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { points, pointsErrorText } from '../../../stores/points';
import { session } from '../../../stores/session';
import { TABS as APP_TABS } from '../../../utils/routes';

type Tab = 'history' | 'mall' | 'rights';
const TABS: Tab[] = ['history', 'mall', 'rights'];

/** What a ledger entry's `kind` reads as. */
const KIND_TEXT: Record<string, string> = {
  purchase: '购物奖励',
  refund: '退款扣回',
  checkin: '每日签到',
  share: '分享奖励',
  adjust: '积分调整',
  redeem: '兑换权益',
  staffDeduct: '门店抵扣',
  exchange: '联盟兑换',
  expire: '积分过期',
  orderSpend: '下单抵扣',
  orderSpendReturn: '抵扣退回',
  redeemReturn: '兑换退回',
};

/** A reward's picture: a ticket for a coupon, a gift for anything redeemed at the counter. */
const REWARD_ICON = { coupon: { icon: 'discount' }, other: { icon: 'gift' } } as const;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** `2026-11-22` in the phone's time zone. */
function dayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function minuteText(ms: number): string {
  const d = new Date(ms);
  return `${dayText(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** `123456789012` → `1234 5678 9012`, easier to read out at the counter. */
function groupDigits(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The "me" tab shows the balance too: keep it in step after a change made here. */
function syncSessionBalance(): void {
  runInAction(() => {
    session.pointsBalance = points.balance;
  });
}

/**
 * Points center (积分): balance, the lot expiring first, daily check-in, and three tabs: the ledger
 * (paged on reach-bottom), the rights mall (redeem with a confirmation) and my rights with verify codes.
 * `?tab=mall` opens the mall.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: points,
    fields: {
      balance: () => points.balance,
      loading: () => points.loading,
      loadError: () => (points.error && !points.loaded ? pointsErrorText(points.error) : ''),
      expiringText: () => {
        const first = points.expiring[0];
        return first ? `${first.points} 积分将于 ${dayText(first.expiresAt)} 过期` : '';
      },
      checkingIn: () => points.checkingIn,
      notice: () => points.notice,
      history: () => points.history.items.map((e) => ({
        id: e.id,
        title: KIND_TEXT[e.kind] ?? '积分变动',
        when: minuteText(e.createdAt),
        deltaText: e.delta > 0 ? `+${e.delta}` : String(e.delta),
        gain: e.delta > 0,
      })),
      historyLoading: () => points.history.loading,
      historyFirstLoading: () => points.history.loading && points.history.items.length === 0,
      historyEmpty: () => points.history.isEmpty,
      historyEnd: () => !points.history.hasMore && points.history.items.length > 0,
      historyError: () => (points.history.error ? pointsErrorText(points.history.error) : ''),
      rewards: () => points.rewards.map((r) => ({
        rewardId: r.rewardId,
        title: r.title,
        kind: r.kind,
        icon: (r.kind === 'coupon' ? REWARD_ICON.coupon : REWARD_ICON.other).icon,
        costPoints: r.costPoints,
        stock: r.stock,
        action: r.stock <= 0 ? '已兑完' : r.costPoints > points.balance ? '积分不足' : '兑换',
        disabled: r.stock <= 0 || r.costPoints > points.balance,
      })),
      rewardsLoading: () => !points.rewardsLoaded && points.rewardsError === null,
      rewardsEmpty: () => points.rewardsLoaded && points.rewards.length === 0,
      rewardsError: () => (points.rewardsError ? pointsErrorText(points.rewardsError) : ''),
      redeeming: () => points.redeeming,
      rights: () => points.rights.items.map((r) => ({
        redemptionId: r.redemptionId,
        title: r.title,
        code: groupDigits(r.verifyCode),
        coupon: r.kind === 'coupon',
        used: r.status === 'used',
        when: dayText(r.createdAt),
      })),
      rightsLoading: () => points.rights.loading,
      rightsFirstLoading: () => points.rights.loading && points.rights.items.length === 0,
      rightsEmpty: () => points.rights.isEmpty,
      rightsError: () => (points.rights.error ? pointsErrorText(points.rights.error) : ''),
    },
    actions: {},
  },
  data: {
    tab: 'history' as Tab,
    confirming: false,
    confirmText: '',
    confirmRewardId: '',
    seenTabs: ['history'] as Tab[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      points.clearNotice();
      void points.loadBalance();
      void points.history.refresh();
      const tab = TABS.find((t) => t === query.tab);
      if (tab) this.showTab(tab);
    },
    onReachBottom() {
      if (this.data.tab === 'history' && points.history.error === null) void points.history.loadMore();
      if (this.data.tab === 'rights' && points.rights.error === null) void points.rights.loadMore();
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.showTab(e.detail.value);
    },
    /** Shows a tab; the mall and my rights are read afresh the first time they show on this visit. */
    showTab(tab: Tab) {
      const first = !this.data.seenTabs.includes(tab);
      this.setData({ tab, ...(first ? { seenTabs: [...this.data.seenTabs, tab] } : {}) });
      if (!first) return;
      if (tab === 'mall') void points.loadRewards();
      if (tab === 'rights') void points.rights.refresh();
    },
    async onCheckin() {
      await points.checkin();
      syncSessionBalance();
    },
    onRetryHistory() {
      void points.history.loadMore();
    },
    onUseCoupon() {
      void wx.switchTab({ url: APP_TABS.home });
    },
    onRetryRights() {
      void points.rights.loadMore();
    },
    onToMall() {
      this.showTab('mall');
    },
    onRetryRewards() {
      void points.loadRewards();
    },
    onRedeemTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { rewardId: string }>) {
      const reward = points.rewards.find((r) => r.rewardId === e.currentTarget.dataset.rewardId);
      if (!reward) return;
      this.setData({
        confirming: true,
        confirmRewardId: reward.rewardId,
        confirmText: `使用 ${reward.costPoints} 积分兑换「${reward.title}」？`,
      });
    },
    onCancelRedeem() {
      this.setData({ confirming: false });
    },
    async onConfirmRedeem() {
      const rewardId = this.data.confirmRewardId;
      this.setData({ confirming: false });
      const done = await points.redeem(rewardId);
      syncSessionBalance();
      if (done) this.showTab('rights');
    },
  },
});
