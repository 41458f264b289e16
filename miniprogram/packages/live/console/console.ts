import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { liveConsole, liveErrorText } from '../../../stores/live';

const MINUTE = 60_000;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
function clockText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Host console (直播控制台): go live or end, push a product now, or schedule one some minutes ahead.
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
      current: () => liveConsole.room.current?.productId ?? '',
      schedule: () => liveConsole.room.schedule.map((p, index) => ({
        key: `${p.productId}@${p.at}#${index}`,
        productId: p.productId,
        // Shown on the phone's clock.
        time: clockText(p.at - liveConsole.room.offsetMs),
      })),
      loadError: () => (liveConsole.room.error && !liveConsole.room.loaded ? liveErrorText(liveConsole.room.error) : ''),
    },
    actions: {},
  },
  data: {
    productId: '',
    minutes: 5,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      liveConsole.room.open(query.roomId ?? '');
      void liveConsole.room.load();
    },
    onProductInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ productId: e.detail.value.trim() });
    },
    onMinutesChange(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      this.setData({ minutes: Number(e.detail.value) });
    },
    onPushNow() {
      if (this.data.productId) void liveConsole.push(this.data.productId);
    },
    onSchedule() {
      if (this.data.productId) void liveConsole.schedule(this.data.productId, this.data.minutes * MINUTE);
    },
    onGoLive() {
      void liveConsole.setStatus('live');
    },
    onEnd() {
      void liveConsole.setStatus('ended');
    },
  },
});
