import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { GROUP_STATUS_TEXT, myGroups } from '../../../stores/groupbuy';
import { errorText } from '../../../utils/errors';
import { ROUTES } from '../../../utils/routes';

/** My groups: each with its status and how full it is; a tap opens the group. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: myGroups,
    fields: {
      groups: () => myGroups.items.map((g) => ({
        groupId: g.groupId,
        title: g.title,
        status: g.status,
        statusText: GROUP_STATUS_TEXT[g.status],
        progressText: `${g.paidMembers}/${g.groupSize}人`,
        percent: Math.round((g.paidMembers / g.groupSize) * 100),
      })),
      loading: () => myGroups.loading && myGroups.items.length === 0,
      isEmpty: () => myGroups.isEmpty,
      errorMessage: () => (myGroups.error ? errorText(myGroups.error) : ''),
    },
    actions: {},
  },
  methods: {
    onLoad() {
      myGroups.reset();
    },
    onShow() {
      void myGroups.refresh();
    },
    onRetry() {
      void myGroups.refresh();
    },
    onReachBottom() {
      void myGroups.loadMore();
    },
    onGroupTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { groupId: string }>) {
      void wx.navigateTo({ url: ROUTES.group(e.currentTarget.dataset.groupId) });
    },
  },
});
