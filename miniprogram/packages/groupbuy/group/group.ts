import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { GROUP_STATUS_TEXT, group, groupErrorText } from '../../../stores/groupbuy';
import { requestPayment } from '../../../stores/orders';
import { session } from '../../../stores/session';
import { ROUTES } from '../../../utils/routes';

/**
 * One group (`?groupId=`, and `&inviter=` on shared links): the seats with members' avatars, seats left,
 * a countdown measured on the server's clock, join, and share (the link carries the group and the sharer
 * as inviter).
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: group,
    fields: {
      loading: () => group.loading && !group.group,
      errorMessage: () => (group.error && !group.group ? groupErrorText(group.error) : ''),
      view: () => {
        const g = group.group;
        if (!g) return null;
        return { status: g.status, statusText: GROUP_STATUS_TEXT[g.status], groupSize: g.groupSize, paidMembers: g.paidMembers, seatsLeft: g.seatsLeft };
      },
      seats: () => group.seats,
      remainingMs: () => group.remainingMs,
      open: () => group.open,
      joining: () => group.joining,
      joinMessage: () => (group.joinError ? groupErrorText(group.joinError) : ''),
    },
    actions: {},
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // A shared link: log in with the sharer as inviter (first touch binds; later ones are ignored).
      if (!session.loggedIn) void session.login(query.inviter);
      if (query.groupId) void group.load(query.groupId);
    },
    onRetry() {
      if (group.groupId) void group.load(group.groupId);
    },
    onCountdownFinish() {
      // Time is up on the server's clock: the server says what became of the group.
      if (group.groupId) void group.load(group.groupId);
    },
    async onJoinTap() {
      const entry = await group.join();
      if (!entry) return;
      await requestPayment(entry.payment);
      await group.load(entry.groupId);
    },
    onShareAppMessage() {
      const g = group.group;
      const groupId = g?.groupId ?? group.groupId ?? '';
      return {
        title: g && g.status === 'forming' ? `还差${g.seatsLeft}人成团，快来一起拼！` : '一起来拼团',
        path: ROUTES.group(groupId, session.userId),
      };
    },
  },
});
