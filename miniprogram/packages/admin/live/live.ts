import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText, percentText } from '../../../stores/admin';
import { LIVE_STATUS_TEXT, liveRoomList } from '../../../stores/admin-marketing';
import { ROUTES } from '../../../utils/routes';

/** The shop's live rooms: status, host, products; edit one, open its host console, or create a room. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: liveRoomList,
    fields: {
      rooms: () => liveRoomList.items.map((r) => ({
        roomId: r.roomId,
        title: r.title,
        cover: r.cover ?? '',
        status: r.status,
        statusText: LIVE_STATUS_TEXT[r.status],
        host: r.hostOpenid,
        products: r.productIds.length,
        commission: percentText(r.hostCommissionBps),
      })),
      loading: () => liveRoomList.loading,
      isEmpty: () => liveRoomList.isEmpty,
      errorText: () => (liveRoomList.error ? adminErrorText(liveRoomList.error) : ''),
    },
    actions: {},
  },
  methods: {
    onShow() {
      void liveRoomList.refresh();
    },
    onRetry() {
      void liveRoomList.refresh();
    },
    onEdit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { roomId: string }>) {
      void wx.navigateTo({ url: ROUTES.adminLiveRoom(e.currentTarget.dataset.roomId) });
    },
    onConsole(e: WechatMiniprogram.BaseEvent<Record<string, never>, { roomId: string }>) {
      void wx.navigateTo({ url: ROUTES.liveConsole(e.currentTarget.dataset.roomId) });
    },
    onCreate() {
      void wx.navigateTo({ url: ROUTES.adminLiveRoom() });
    },
  },
});
