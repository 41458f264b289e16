import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { liveConsole, liveErrorText } from '../../../stores/live';

const MINUTE = 60_000;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
function clockText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Host console (直播控制台): go live or end, and pick one of the room's products to push now or to
 * schedule some minutes ahead; the current product and the plan show by title.
 * Closed once the backend answers FORBIDDEN (only the room's host or an operator may direct it).
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: liveConsole,
    fields: {
      forbidden: () => liveConsole.forbidden,
      busy: () => liveConsole.busy,
      notice: () => liveConsole.notice,
      status: () => liveConsole.room.status,
      current: () => {
        const goods = liveConsole.room.current;
        return goods ? liveConsole.room.titleOf(goods.productId) : '';
      },
      products: () => {
        const currentId = liveConsole.room.current?.productId;
        return liveConsole.room.roomProductIds.map((productId) => ({
          productId, ...liveConsole.room.products[productId], current: productId === currentId,
        }));
      },
      loaded: () => liveConsole.room.loaded,
      schedule: () => liveConsole.room.schedule.map((p, index) => ({
        key: `${p.productId}@${p.at}#${index}`,
        productId: p.productId,
        title: liveConsole.room.titleOf(p.productId),
        // Shown on the phone's clock.
        time: clockText(p.at - liveConsole.room.offsetMs),
      })),
      loadError: () => (liveConsole.room.error && !liveConsole.room.loaded ? liveErrorText(liveConsole.room.error) : ''),
    },
    actions: {},
  },
  data: {
    minutes: 5,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      liveConsole.room.open(query.roomId ?? '');
      void liveConsole.room.load();
    },
    onMinutesChange(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      this.setData({ minutes: Number(e.detail.value) });
    },
    onPushNow(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { productId?: string }>) {
      const { productId } = e.currentTarget.dataset;
      if (productId) void liveConsole.push(productId);
    },
    onSchedule(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { productId?: string }>) {
      const { productId } = e.currentTarget.dataset;
      if (productId) void liveConsole.schedule(productId, this.data.minutes * MINUTE);
    },
    onGoLive() {
      void liveConsole.setStatus('live');
    },
    onEnd() {
      void liveConsole.setStatus('ended');
    },
  },
});
