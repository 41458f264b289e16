import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode, LiveStatus, ProductCard } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';
import { formatFen } from '../utils/money';
import { PagedList } from './paged-list';

export interface Goods { productId: string; since: number }
export interface ProductBrief { title: string; priceText: string; priceFen: number; cover: string }

const briefOf = (card: ProductCard): ProductBrief => ({ title: card.title, priceText: formatFen(card.minPriceFen ?? 0), priceFen: card.minPriceFen ?? 0, cover: card.cover });

/**
 * Which product is current at server time `clock`: the latest of the pushed one and the scheduled ones
 * already due. Pure; time is server time in ms. A scheduled push that falls due at `at` counts from `at`,
 * so every viewer switches at the same moment whatever their phone's clock says.
 */
export function currentAt(current: Goods | null, schedule: readonly { productId: string; at: number }[], clock: number): Goods | null {
  let best = current;
  for (const push of schedule) {
    if (push.at <= clock && (!best || push.at >= best.since)) best = { productId: push.productId, since: push.at };
  }
  return best;
}

/** The next server time after `clock` at which the current product changes by schedule, or null. */
export function nextChangeAfter(schedule: readonly { productId: string; at: number }[], clock: number): number | null {
  const ahead = schedule.filter((p) => p.at > clock).map((p) => p.at);
  return ahead.length ? Math.min(...ahead) : null;
}

export function liveErrorText(code: ErrorCode): string {
  switch (code) {
    case 'NOT_FOUND': return '直播间不存在';
    case 'FORBIDDEN': return '仅主播或运营可操作';
    case 'INVALID_STATE': return '直播已结束';
    case 'INVALID_ARGUMENT': return '请检查商品和时间';
    default: return '网络开小差了，请稍后重试';
  }
}

/**
 * One live room as an audience sees it (直播): status, the product bubble and the schedule ahead. The
 * server's clock comes with every answer; `offsetMs` maps the phone's clock onto it, and the page only
 * ticks `clock` when the schedule says the bubble changes.
 */
export class LiveRoomStore {
  roomId = '';
  status: LiveStatus = 'upcoming';
  pushed: Goods | null = null;
  schedule: { productId: string; at: number }[] = [];
  /** Server time minus phone time, from the latest answer. */
  offsetMs = 0;
  /** Server time the view was last brought up to. */
  clock = 0;
  loaded = false;
  loading = false;
  error: ErrorCode | null = null;
  products: Record<string, ProductBrief> = {};
  /** The room's own products, in the room's order (what the host may push). */
  roomProductIds: string[] = [];

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  get current(): Goods | null {
    return currentAt(this.pushed, this.schedule, this.clock);
  }

  get currentProduct(): (ProductBrief & { productId: string }) | null {
    const goods = this.current;
    if (!goods) return null;
    const brief = this.products[goods.productId];
    return brief ? { productId: goods.productId, ...brief } : null;
  }

  /** The room's own products the audience can open (those known by now), in the room's order. */
  get roomProducts(): (ProductBrief & { productId: string })[] {
    return this.roomProductIds.filter((id) => this.products[id]).map((productId) => ({ productId, ...this.products[productId] }));
  }

  /** A product's title, or its id while it is unknown (a product since deleted). */
  titleOf(productId: string): string {
    return this.products[productId]?.title ?? productId;
  }

  /** Phone time (ms) at which the bubble next changes by schedule, or null. */
  get nextChangeLocalAt(): number | null {
    const at = nextChangeAfter(this.schedule, this.clock);
    return at === null ? null : at - this.offsetMs;
  }

  open(roomId: string): void {
    if (roomId === this.roomId) return;
    this.roomId = roomId;
    this.loaded = false;
    this.pushed = null;
    this.schedule = [];
    this.roomProductIds = [];
    this.status = 'upcoming';
    this.error = null;
  }

  /** Reads the room; `now` is the phone's clock when the answer arrives. */
  async load(now: () => number = Date.now): Promise<void> {
    if (!this.roomId) return;
    const roomId = this.roomId;
    const outcome = await request(() => call('live.room', { roomId }), {
      start: () => { this.loading = true; },
      done: (room) => {
        if (roomId !== this.roomId) return;
        const arrived = now();
        this.status = room.status;
        this.pushed = room.currentGoods;
        this.schedule = room.schedule;
        this.roomProductIds = room.products.map((p) => p.productId);
        this.products = { ...this.products, ...Object.fromEntries(room.products.map((p) => [p.productId, briefOf(p)])) };
        this.offsetMs = room.serverNow - arrived;
        this.clock = room.serverNow;
        this.loaded = true;
        this.loading = false;
        this.error = null;
      },
      failed: (code) => { this.error = code; this.loading = false; },
    });
    if (outcome.ok && roomId === this.roomId) await this.ensureProduct();
  }

  /** Brings the view to the phone's `now` (on the server's clock) and fetches the bubble's product. */
  tick(now: number = Date.now()): Promise<void> {
    this.clock = now + this.offsetMs;
    return this.ensureProduct();
  }

  private async ensureProduct(): Promise<void> {
    const goods = this.current;
    if (!goods || this.products[goods.productId]) return;
    await request(() => call('catalog.detail', { productId: goods.productId }), {
      done: (detail) => {
        const minFen = detail.skus.length ? Math.min(...detail.skus.map((s) => s.priceFen)) : 0;
        this.products = { ...this.products, [goods.productId]: { title: detail.title, priceText: formatFen(minFen), priceFen: minFen, cover: detail.images?.[0] ?? '' } };
      },
      failed: (code) => { console.warn(`[live] product of the bubble not loaded: ${goods.productId} (${code})`); },
    });
  }
}

/** The host console: the room, plus push now, schedule, and going live or ending. */
export class LiveConsoleStore {
  readonly room = new LiveRoomStore();
  forbidden = false;
  busy = false;
  notice: { tone: 'success' | 'error'; text: string } | null = null;

  constructor() {
    makeAutoObservable(this, { room: false }, { autoBind: true });
  }

  push(productId: string): Promise<void> {
    return this.act(async () => {
      await call('live.pushGoods', { roomId: this.room.roomId, productId });
      return '已推送到直播间';
    });
  }

  /** Schedules `productId` `inMs` from now, on the server's clock. */
  schedule(productId: string, inMs: number, now: number = Date.now()): Promise<void> {
    const at = now + this.room.offsetMs + inMs;
    return this.act(async () => {
      await call('live.schedulePush', { roomId: this.room.roomId, productId, at });
      return '已加入推送计划';
    });
  }

  setStatus(status: 'live' | 'ended'): Promise<void> {
    return this.act(async () => {
      await call('live.setStatus', { roomId: this.room.roomId, status });
      return status === 'live' ? '已开播' : '直播已结束';
    });
  }

  private async act(work: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    await request(async () => {
      const text = await work();
      await this.room.load();
      return text;
    }, {
      start: () => { this.busy = true; this.notice = null; },
      done: (text) => { this.notice = { tone: 'success', text }; },
      failed: (code) => {
        if (code === 'FORBIDDEN') this.forbidden = true;
        this.notice = { tone: 'error', text: liveErrorText(code) };
      },
      settle: () => { this.busy = false; },
    });
  }
}

export const liveList = new PagedList('live.list');
export const liveRoom = new LiveRoomStore();
export const liveConsole = new LiveConsoleStore();
