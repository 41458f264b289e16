import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { WITHDRAWAL_TABS, adminErrorText, withdrawalQueue, type WithdrawalTab } from '../../../stores/admin';
import { formatFen } from '../../../utils/money';
import { formatChinaDateTime } from '../../../utils/time';

const STATUS_TEXT = { pendingApproval: '待审核', approved: '已通过', rejected: '已驳回' } as const;

/** Promoters' withdrawal requests: approve (the server re-checks the balance) or reject with a reason. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: withdrawalQueue,
    fields: {
      tab: () => withdrawalQueue.tab,
      requests: () => withdrawalQueue.items.map((w) => ({
        withdrawalId: w.withdrawalId,
        member: `会员 ${w.userId.slice(-6).toUpperCase()}`,
        amount: formatFen(w.amountFen),
        time: formatChinaDateTime(w.createdAt),
        reviewed: w.reviewedAt ? formatChinaDateTime(w.reviewedAt) : '',
        status: w.status,
        statusText: STATUS_TEXT[w.status],
        reason: w.rejectReason ?? '',
      })),
      rejecting: () => withdrawalQueue.rejecting,
      reason: () => withdrawalQueue.reason,
      reasonError: () => withdrawalQueue.reasonError,
      busyId: () => withdrawalQueue.actions.busyKey,
      notice: () => withdrawalQueue.actions.notice,
      loading: () => withdrawalQueue.loading,
      isEmpty: () => withdrawalQueue.isEmpty,
      hasMore: () => withdrawalQueue.hasMore,
      errorText: () => (withdrawalQueue.error ? adminErrorText(withdrawalQueue.error) : ''),
    },
    actions: {},
  },
  data: { tabs: WITHDRAWAL_TABS },
  methods: {
    onLoad() {
      void withdrawalQueue.selectTab('pendingApproval');
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: WithdrawalTab }>) {
      void withdrawalQueue.selectTab(e.detail.value);
    },
    onReachBottom() {
      if (withdrawalQueue.error === null) void withdrawalQueue.loadMore();
    },
    onRetry() {
      void withdrawalQueue.refresh();
    },
    async onApprove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { withdrawalId: string; amount: string }>) {
      const { withdrawalId, amount } = e.currentTarget.dataset;
      const { confirm } = await wx.showModal({ title: '通过提现', content: `确认向会员打款 ¥${amount}？`, confirmText: '确认通过' });
      if (confirm) await withdrawalQueue.approve(withdrawalId);
    },
    onStartReject(e: WechatMiniprogram.BaseEvent<Record<string, never>, { withdrawalId: string }>) {
      withdrawalQueue.startReject(e.currentTarget.dataset.withdrawalId);
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      withdrawalQueue.setReason(e.detail.value);
    },
    onClose() {
      withdrawalQueue.cancelReject();
    },
    onConfirmReject() {
      void withdrawalQueue.confirmReject();
    },
  },
});
