import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { CommissionStatus } from '../../../../typings/api';
import { distribution, distributionErrorText, shareOf, yuanToFen } from '../../../stores/distribution';
import { session } from '../../../stores/session';
import { formatFen } from '../../../utils/money';
import { ROUTES } from '../../../utils/routes';

const STATUS: Record<CommissionStatus, { text: string; theme: string }> = {
  pending: { text: '待结算', theme: 'warning' },
  settled: { text: '已结算', theme: 'success' },
  reversed: { text: '已冲回', theme: 'default' },
};

/**
 * Promoter center (分销中心): commission by status and what can be withdrawn, team sizes of level 1 and
 * 2, the commission list (paged on reach-bottom), a withdraw form, and the poster. Shares carry the
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
        orderId: c.orderId,
        levelText: c.level === 1 ? '一级' : '二级',
        amount: formatFen(c.amountFen),
        statusText: STATUS[c.status].text,
        statusTheme: STATUS[c.status].theme,
      })),
      listLoading: () => distribution.commissions.loading,
      listEmpty: () => distribution.commissions.isEmpty,
      listEnd: () => !distribution.commissions.hasMore && distribution.commissions.items.length > 0,
      listError: () => (distribution.commissions.error ? distributionErrorText(distribution.commissions.error) : ''),
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
    },
    onReachBottom() {
      if (distribution.commissions.error === null) void distribution.commissions.loadMore();
    },
    onRetry() {
      void distribution.loadCenter();
      void distribution.commissions.loadMore();
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
      return shareOf(session.userId);
    },
  },
});
