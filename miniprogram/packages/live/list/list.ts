import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import type { LiveStatus } from '../../../../typings/api';
import { liveErrorText, liveList } from '../../../stores/live';
import { session } from '../../../stores/session';
import { ROUTES } from '../../../utils/routes';

const STATUS: Record<LiveStatus, { text: string; theme: string }> = {
  live: { text: '直播中', theme: 'danger' },
  upcoming: { text: '预告', theme: 'primary' },
  ended: { text: '已结束', theme: 'default' },
};

/** Live list (直播): rooms with their status; a tap enters the room. */
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
      })),
      loading: () => liveList.loading,
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
    onRoomTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { roomId: string }>) {
      void wx.navigateTo({ url: ROUTES.liveRoom(e.currentTarget.dataset.roomId) });
    },
  },
});
