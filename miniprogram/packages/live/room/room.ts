import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { liveErrorText, liveRoom } from '../../../stores/live';
import { session } from '../../../stores/session';
import { ROUTES } from '../../../utils/routes';

/** How often the room is read again, for pushes the host makes on the spot. */
const LIVE_REFRESH_MS = 15_000;
/** A bubble timer fires this much after the scheduled moment, so the switch is never early. */
const BUBBLE_SLACK_MS = 50;

const timers: { refresh: number | null; bubble: number | null } = { refresh: null, bubble: null };
/** False while the page is hidden or gone: an answer arriving then arms no timer. */
let visible = false;

function stopTimers(): void {
  visible = false;
  if (timers.refresh !== null) clearInterval(timers.refresh);
  if (timers.bubble !== null) clearTimeout(timers.bubble);
  timers.refresh = null;
  timers.bubble = null;
}

/** Arms one timer for the next scheduled change of the bubble (never a per-second poll). */
function armBubble(): void {
  if (timers.bubble !== null) clearTimeout(timers.bubble);
  timers.bubble = null;
  if (!visible) return;
  const at = liveRoom.nextChangeLocalAt;
  if (at === null) return;
  timers.bubble = setTimeout(() => {
    timers.bubble = null;
    void liveRoom.tick().then(armBubble);
  }, Math.max(at - Date.now(), 0) + BUBBLE_SLACK_MS) as unknown as number;
}

async function reload(): Promise<void> {
  await liveRoom.load();
  armBubble();
}

/** The player area's picture by the room's state. */
const PLAYER_ICON = { live: { icon: 'video' }, other: { icon: 'time' } } as const;

/**
 * Live room (直播间), audience side: the player area with the room's state, the bubble of the product on
 * sale now (讲解中), and the shopping bag (本场商品) listing the room's products to open. The
 * bubble follows the room's schedule on the server's clock (one timer per change) and the room is
 * read again every 15 s for pushes made on the spot. Buying opens the product page with the room, so
 * the order is attributed to it.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: liveRoom,
    fields: {
      status: () => liveRoom.status,
      loading: () => liveRoom.loading && !liveRoom.loaded,
      errorMessage: () => (liveRoom.error && !liveRoom.loaded ? liveErrorText(liveRoom.error) : ''),
      bubble: () => liveRoom.currentProduct,
      goods: () => liveRoom.roomProducts.map((p) => ({ productId: p.productId, title: p.title, cover: p.cover, priceFen: p.priceFen, current: p.productId === liveRoom.current?.productId })),
      playerIcon: () => (liveRoom.status === 'live' ? PLAYER_ICON.live : PLAYER_ICON.other).icon,
      upcomingCount: () => liveRoom.schedule.filter((p) => p.at > liveRoom.clock).length,
    },
    actions: {},
  },
  data: {
    bagVisible: false,
  },
  lifetimes: {
    detached() {
      stopTimers();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      liveRoom.open(query.roomId ?? '');
    },
    onShow() {
      stopTimers();
      visible = true;
      void reload();
      timers.refresh = setInterval(() => void reload(), LIVE_REFRESH_MS) as unknown as number;
    },
    onHide() {
      stopTimers();
    },
    onUnload() {
      stopTimers();
    },
    onRetry() {
      void reload();
    },
    onBuy() {
      const goods = liveRoom.current;
      if (goods) void wx.navigateTo({ url: ROUTES.liveProduct(goods.productId, liveRoom.roomId) });
    },
    onBagTap() {
      this.setData({ bagVisible: true });
    },
    onBagVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ bagVisible: e.detail.visible });
    },
    /** A product of the bag opens with the room, so the order is attributed to it. */
    onGoodsTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, { productId: string }>) {
      this.setData({ bagVisible: false });
      void wx.navigateTo({ url: ROUTES.liveProduct(e.currentTarget.dataset.productId, liveRoom.roomId) });
    },
    onShareAppMessage() {
      const inviter = session.userId;
      return {
        title: '正在直播，快来看看',
        path: `${ROUTES.liveRoom(liveRoom.roomId)}${inviter ? `&inviter=${encodeURIComponent(inviter)}` : ''}`,
      };
    },
  },
});
