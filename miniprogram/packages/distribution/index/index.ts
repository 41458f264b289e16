import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { CommissionStatus, WithdrawalView } from '../../../../typings/api';
import { distribution, distributionErrorText, formatChinaTime, shareOf, yuanToFen } from '../../../stores/distribution';
import { session } from '../../../stores/session';
import { readableNo } from '../../../utils/codes';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';
import { shareReward } from '../../../stores/share';

const STATUS: Record<CommissionStatus, { text: string; theme: string }> = {
  pending: { text: '待结算', theme: 'warning' },
  settled: { text: '已结算', theme: 'success' },
  reversed: { text: '已冲回', theme: 'default' },
};

const WITHDRAWAL_STATUS: Record<WithdrawalView['status'], { text: string; theme: string }> = {
  pendingApproval: { text: '审核中', theme: 'warning' },
  approved: { text: '已通过', theme: 'success' },
  rejected: { text: '已驳回', theme: 'danger' },
};

const LEVEL_TEXT = { 1: '一级佣金', 2: '二级佣金', host: '直播佣金' } as const;

/** What a refund did to a commission, in words: only when it took something back. */
function reversalNote(c: { accruedFen?: number; reversedFen?: number }): string {
  return c.reversedFen && c.accruedFen !== undefined ? `原 ¥${formatFen(c.accruedFen)}，退款冲回 ¥${formatFen(c.reversedFen)}` : '';
}

/**
 * Promoter center (分销中心), on the points centre's banner style: commission by status and what can be withdrawn, team sizes of level 1 and
 * 2, the commission list (paged on reach-bottom; a partly refunded commission says what it was and what
 * the refund took back), a withdraw form with the member's withdrawal requests under it, and the poster. Shares carry the
 * promoter's id as inviter.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: distribution,
    fields: {
      loading: () => distribution.loading && distribution.center === null,
      loadError: () => (distribution.error && distribution.center === null ? distributionErrorText(distribution.error) : ''),
      stats: () => {
        const c = distribution.center;
        return c && {
          withdrawable: formatFen(c.withdrawableFen),
          pending: formatFen(c.pendingFen),
          settled: formatFen(c.settledFen),
          reversed: formatFen(c.reversedFen),
          level1: c.level1Count,
          level2: c.level2Count,
        };
      },
      withdrawing: () => distribution.withdrawing,
      notice: () => distribution.notice,
      commissions: () => distribution.commissions.items.map((c, index) => ({
        key: `${c.orderId}:${c.level}:${index}`,
        orderNo: readableNo(c.orderId),
        reversed: c.status === 'reversed',
        levelText: LEVEL_TEXT[c.level],
        description: [LEVEL_TEXT[c.level], reversalNote(c)].filter(Boolean).join(' · '),
        amount: formatFen(c.amountFen),
        statusText: STATUS[c.status].text,
        statusTheme: STATUS[c.status].theme,
      })),
      listLoading: () => distribution.commissions.loading,
      listEmpty: () => distribution.commissions.isEmpty,
      listEnd: () => !distribution.commissions.hasMore && distribution.commissions.items.length > 0,
      listError: () => (distribution.commissions.error ? distributionErrorText(distribution.commissions.error) : ''),
      withdrawals: () => distribution.withdrawals.items.map((w) => ({
        key: w.withdrawalId,
        amount: formatFen(w.amountFen),
        time: formatChinaTime(w.createdAt),
        description: w.status === 'rejected' && w.rejectReason ? `${formatChinaTime(w.createdAt)} · ${w.rejectReason}` : formatChinaTime(w.createdAt),
        statusText: WITHDRAWAL_STATUS[w.status].text,
        statusTheme: WITHDRAWAL_STATUS[w.status].theme,
      })),
      withdrawalsMore: () => distribution.withdrawals.hasMore && distribution.withdrawals.items.length > 0 && !distribution.withdrawals.loading,
      withdrawalsEmpty: () => distribution.withdrawals.isEmpty,
    },
    actions: {},
  },
  data: {
    amount: '',
  },
  methods: {
    onLoad() {
      if (!session.loggedIn) void session.login();
      distribution.reset();
      void distribution.loadCenter();
      void distribution.commissions.refresh();
      void distribution.withdrawals.refresh();
    },
    onMoreWithdrawals() {
      void distribution.withdrawals.loadMore();
    },
    onReachBottom() {
      if (distribution.commissions.error === null) void distribution.commissions.loadMore();
    },
    onRetry() {
      void distribution.loadCenter();
      void distribution.commissions.loadMore();
      if (distribution.withdrawals.error !== null) void distribution.withdrawals.loadMore();
    },
    onAmountInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ amount: e.detail.value });
    },
    onWithdrawAll() {
      const c = distribution.center;
      if (c) this.setData({ amount: formatFen(c.withdrawableFen) });
    },
    async onWithdraw() {
      const done = await distribution.withdraw(yuanToFen(this.data.amount));
      if (done) {
        this.setData({ amount: '' });
        void distribution.commissions.refresh();
      }
    },
    onPosterTap() {
      void wx.navigateTo({ url: ROUTES.distributionPoster });
    },
    onShareAppMessage() {
      void shareReward.shared();
      return shareOf(session.userId);
    },
  },
});
