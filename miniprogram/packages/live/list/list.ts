import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { LiveStatus } from '../../../../typings/api';
import { liveErrorText, liveList } from '../../../stores/live';
import { session } from '../../../stores/session';
import { ROUTES, TABS } from '../../../utils/routes';

/** A room's state: its tag (on the cover), what the card says of it, and where the tap leads. */
const STATUS: Record<LiveStatus, { text: string; theme: string; hint: string; action: string }> = {
  live: { text: '● 直播中', theme: 'primary', hint: '主播正在讲解好物', action: '进入直播间' },
  upcoming: { text: '预告', theme: 'warning', hint: '直播即将开始', action: '先去看看' },
  ended: { text: '已结束', theme: 'default', hint: '本场直播已结束', action: '看看好物' },
};

/** Live list (直播): rooms as cover cards with their state on the cover; a tap enters the room. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [{
    store: session,
    fields: { isHost: () => session.isHost },
    actions: {},
  }, {
    store: liveList,
    fields: {
      rooms: () => liveList.items.map((r) => ({
        roomId: r.roomId,
        title: r.title,
        cover: r.cover ?? '',
        statusText: STATUS[r.status].text,
        statusTheme: STATUS[r.status].theme,
        hint: STATUS[r.status].hint,
        action: STATUS[r.status].action,
        ended: r.status === 'ended',
      })),
      firstLoading: () => liveList.loading && liveList.items.length === 0,
      loading: () => liveList.loading,
      hasMore: () => liveList.hasMore,
      isEmpty: () => liveList.isEmpty,
      errorMessage: () => (liveList.error ? liveErrorText(liveList.error) : ''),
    },
    actions: {},
  }],
  methods: {
    onLoad() {
      void liveList.refresh();
    },
    onPullDownRefresh() {
      void liveList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (liveList.error === null) void liveList.loadMore();
    },
    onRetry() {
      void liveList.loadMore();
    },
    /** A host opens the room's console (the server refuses a host who does not run the room). */
    onConsoleTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { roomId: string }>) {
      void wx.navigateTo({ url: ROUTES.liveConsole(e.currentTarget.dataset.roomId) });
    },
    onGoShopping() {
      void wx.switchTab({ url: TABS.home });
    },
    onRoomTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { roomId: string }>) {
      void wx.navigateTo({ url: ROUTES.liveRoom(e.currentTarget.dataset.roomId) });
    },
  },
});
