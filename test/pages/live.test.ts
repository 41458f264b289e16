/** @jest-environment jsdom */
import type { Api } from '../../typings/api';
import { currentAt } from '../../miniprogram/stores/live';
import { fakeBackend, fail, flush, mountPage, useBackend, type Mounted } from '../support/simulate';

/* eslint-disable @typescript-eslint/no-explicit-any */
const wxApi = (globalThis as any).wx;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOUR = 3600_000;

type Room = Api['live.room']['res'];
const aRoom = (overrides: Partial<Room> = {}): Room => ({
  roomId: 'room1', status: 'live', currentGoods: null, schedule: [], serverNow: Date.now(), products: [], ...overrides,
});
const detail = (productId: string, title: string, priceFen: number) => ({
  productId, title, images: [`https://img/${productId}.png`], skus: [{ skuId: `${productId}-s`, name: '默认', priceFen, stock: 9 }], groupCampaigns: [], flashSales: [],
});

function studio(room: () => Room) {
  return fakeBackend({
    'live.room': () => room(),
    'catalog.detail': ({ productId }) => (productId === 'p1' ? detail('p1', '秋梨膏', 3990) : detail('p2', '手工红糖', 2590)),
    'live.list': () => ({ items: [
      { roomId: 'room1', title: '秋季养生专场', status: 'live', currentGoods: null },
      { roomId: 'room2', title: '周末预告', status: 'upcoming', currentGoods: null },
    ], nextCursor: null }),
    'live.pushGoods': ({ productId }) => ({ currentGoods: { productId, since: Date.now() } }),
    'live.schedulePush': () => ({}),
    'live.setStatus': ({ status }) => ({ status }),
  });
}

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount(); // stops the room's timers
  mounted = null;
  jest.restoreAllMocks();
});

describe('currentAt', () => {
  it('takes the latest of the pushed product and the scheduled ones already due', () => {
    const schedule = [{ productId: 'p2', at: 2_000 }, { productId: 'p3', at: 3_000 }];
    expect(currentAt({ productId: 'p1', since: 1_000 }, schedule, 1_500)).toEqual({ productId: 'p1', since: 1_000 });
    expect(currentAt({ productId: 'p1', since: 1_000 }, schedule, 2_000)).toEqual({ productId: 'p2', since: 2_000 });
    expect(currentAt(null, schedule, 9_000)).toEqual({ productId: 'p3', since: 3_000 });
  });

  it('keeps a manual push made after a scheduled one fell due', () => {
    expect(currentAt({ productId: 'p9', since: 2_500 }, [{ productId: 'p2', at: 2_000 }], 3_000)).toEqual({ productId: 'p9', since: 2_500 });
  });
});

describe('live list', () => {
  it('lists the rooms with TDesign status tags and enters a room on tap', async () => {
    const backend = studio(() => aRoom());
    useBackend(backend);
    const urls: string[] = [];
    wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
    mounted = await mountPage('packages/live/list/list');

    expect(backend.callsOf('live.list')).toEqual([{ limit: 20 }]);
    expect(mounted.$$('.tm-live-list__room')).toHaveLength(2);
    expect(mounted.$$('.tm-live-list__status.t-tag')).toHaveLength(2);
    expect(mounted.text('.tm-live-list__room')).toContain('直播中');

    await mounted.tap('.tm-live-list__room');
    expect(urls).toEqual(['/packages/live/room/room?roomId=room1']);
  });

  it('shows the TDesign empty state when nothing is on', async () => {
    const backend = studio(() => aRoom());
    backend.on({ 'live.list': () => ({ items: [], nextCursor: null }) });
    useBackend(backend);
    mounted = await mountPage('packages/live/list/list');
    expect(mounted.$('.tm-live-list__empty .t-empty')).not.toBeNull();
  });
});

describe('live room', () => {
  it('shows the bubble of the pushed product with its price in yuan', async () => {
    useBackend(studio(() => aRoom({ currentGoods: { productId: 'p1', since: Date.now() - 1000 } })));
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room1' } });

    expect(mounted.text('.tm-live__bubble-title')).toBe('秋梨膏');
    expect(mounted.text('.tm-live__bubble-price')).toBe('¥39.90');
    expect(mounted.$('.tm-live__buy.t-button')).not.toBeNull();
  });

  it('switches the bubble when a scheduled product falls due on the server’s clock, without asking again', async () => {
    // The server's clock runs an hour ahead of the phone's: only the offset makes the switch on time.
    const serverAhead = HOUR;
    const backend = studio(() => {
      const serverNow = Date.now() + serverAhead;
      return aRoom({ currentGoods: { productId: 'p1', since: serverNow - 1000 }, schedule: [{ productId: 'p2', at: serverNow + 300 }], serverNow });
    });
    useBackend(backend);
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room1' } });
    expect(mounted.text('.tm-live__bubble-title')).toBe('秋梨膏');

    await sleep(150);
    await flush();
    expect(mounted.text('.tm-live__bubble-title')).toBe('秋梨膏');

    await sleep(300);
    await flush();
    expect(mounted.text('.tm-live__bubble-title')).toBe('手工红糖');
    expect(backend.callsOf('live.room')).toHaveLength(1);
  });

  it('reads the room again every 15 s for pushes made on the spot', async () => {
    const intervals: [() => void, number][] = [];
    const realSetInterval = global.setInterval;
    jest.spyOn(global, 'setInterval').mockImplementation(((fn: () => void, ms: number) => {
      intervals.push([fn, ms]);
      return realSetInterval(() => undefined, 1e9);
    }) as any);
    let pushed = 'p1';
    const backend = studio(() => aRoom({ currentGoods: { productId: pushed, since: Date.now() } }));
    useBackend(backend);
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room1' } });
    expect(intervals.map(([, ms]) => ms)).toEqual([15_000]);

    pushed = 'p2';
    intervals[0][0]();
    await flush();

    expect(backend.callsOf('live.room')).toHaveLength(2);
    expect(mounted.text('.tm-live__bubble-title')).toBe('手工红糖');
  });

  it('opens the product page with the room, so the order is attributed to it', async () => {
    useBackend(studio(() => aRoom({ currentGoods: { productId: 'p1', since: Date.now() } })));
    const urls: string[] = [];
    wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room1' } });

    await mounted.tap('.tm-live__buy');

    expect(urls).toEqual(['/packages/store/product/product?productId=p1&liveRoomId=room1']);
  });

  it('lists the room’s products in the shopping bag, marks the one on sale, and opens one with the room', async () => {
    useBackend(studio(() => aRoom({
      currentGoods: { productId: 'p2', since: Date.now() },
      products: [
        { productId: 'p1', title: '秋梨膏', minPriceFen: 3990, cover: 'https://img/p1.png' },
        { productId: 'p2', title: '手工红糖', minPriceFen: 2590, cover: 'https://img/p2.png' },
      ],
    })));
    const urls: string[] = [];
    wxApi.navigateTo = (o: { url: string }) => urls.push(o.url);
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room1' } });
    expect(mounted.text('.tm-live__bag-count')).toBe('2');

    await mounted.tap('.tm-live__bag');

    const goods = mounted.$$('.tm-live__goods');
    expect(goods.map((g) => g.textContent?.replace(/\s+/g, ''))).toEqual(['秋梨膏¥39.90去看看', '讲解中手工红糖¥25.90去看看']);
    await mounted.tap(goods[0]);
    expect(urls).toEqual(['/packages/store/product/product?productId=p1&liveRoomId=room1']);
  });

  it('shows no bubble before anything is on sale', async () => {
    useBackend(studio(() => aRoom({ status: 'upcoming' })));
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room1' } });
    expect(mounted.$('.tm-live__bubble')).toBeNull();
    expect(mounted.text('.tm-live__player')).toContain('直播即将开始');
  });

  it('shows an error with a retry when the room cannot be read', async () => {
    const backend = studio(() => fail('NOT_FOUND'));
    useBackend(backend);
    mounted = await mountPage('packages/live/room/room', { query: { roomId: 'room-x' } });
    expect(mounted.$('.tm-live__error .t-empty')).not.toBeNull();
    expect(mounted.text('.tm-live__error')).toContain('直播间不存在');
  });
});

describe('host console', () => {
  const cards = [
    { productId: 'p1', title: '秋梨膏', minPriceFen: 3990, cover: 'https://img/p1.png' },
    { productId: 'p2', title: '手工红糖', minPriceFen: 2590, cover: 'https://img/p2.png' },
  ];

  /** A room that remembers the pushes and schedules the console makes, as the backend would. */
  function consoleBackend(roomId: string, serverAhead = 0) {
    let currentGoods: Room['currentGoods'] = null;
    const schedule: Room['schedule'] = [];
    const backend = studio(() => aRoom({ roomId, currentGoods, schedule: [...schedule], serverNow: Date.now() + serverAhead, products: cards }));
    backend.on({
      'live.pushGoods': ({ productId }) => { currentGoods = { productId, since: Date.now() + serverAhead }; return { currentGoods }; },
      'live.schedulePush': ({ productId, at }) => { schedule.push({ productId, at }); return {}; },
    });
    return backend;
  }
  const pick = (page: Mounted, index: number, action: 'push' | 'schedule') => page.tap(page.$$(`.tm-live-console__${action}.t-button`)[index]);
  const texts = (page: Mounted, selector: string) => page.$$(selector).map((e) => e.textContent?.trim() ?? '');

  describe('when the room has products', () => {
    it('lists them with cover, title and price, read with the room and not one by one', async () => {
      const backend = consoleBackend('room3');
      backend.on({ 'live.room': () => aRoom({ roomId: 'room3', currentGoods: { productId: 'p1', since: Date.now() }, products: cards }) });
      useBackend(backend);
      mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room3' } });

      expect(texts(mounted, '.tm-live-console__pick-title')).toEqual(['秋梨膏', '手工红糖']);
      expect(texts(mounted, '.tm-live-console__pick-price')).toEqual(['¥39.90', '¥25.90']);
      expect(mounted.$$('.tm-live-console__pick-cover.t-image')).toHaveLength(2);
      expect(mounted.$$('.tm-live-console__push.t-button')).toHaveLength(2);
      expect(mounted.text('.tm-live-console__current')).toContain('秋梨膏');
      expect(backend.callsOf('catalog.detail')).toEqual([]);
    });

    it('pushes the tapped product now and shows it as current by title', async () => {
      const backend = consoleBackend('room3');
      useBackend(backend);
      mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room3' } });

      await pick(mounted, 1, 'push');

      expect(backend.callsOf('live.pushGoods')).toEqual([{ roomId: 'room3', productId: 'p2' }]);
      expect(mounted.text('.tm-live-console__notice--success')).toBe('已推送到直播间');
      expect(mounted.text('.tm-live-console__current')).toContain('手工红糖');
      expect(mounted.text('.tm-live-console__current')).not.toContain('p2');
      expect(mounted.$$('.tm-live-console__pick--current')).toHaveLength(1);
      expect(mounted.text('.tm-live-console__pick--current')).toContain('手工红糖');
      expect(mounted.text('.tm-live-console__pick--current')).toContain('讲解中');
    });

    it('schedules the tapped product the chosen minutes ahead on the server’s clock, and lists it by title', async () => {
      const serverAhead = HOUR;
      const backend = consoleBackend('room4', serverAhead);
      useBackend(backend);
      mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room4' } });
      expect(mounted.$('.tm-live-console__plan')).toBeNull();

      await mounted.tap('.tm-live-console__minutes .t-stepper__plus'); // 5 → 6 minutes
      const before = Date.now();
      await pick(mounted, 0, 'schedule');

      const [sent] = backend.callsOf('live.schedulePush');
      expect(sent.productId).toBe('p1');
      expect(sent.roomId).toBe('room4');
      expect(sent.at - (before + serverAhead + 6 * 60_000)).toBeGreaterThan(-1000);
      expect(sent.at - (before + serverAhead + 6 * 60_000)).toBeLessThan(1000);
      expect(mounted.text('.tm-live-console__notice--success')).toBe('已加入推送计划');
      expect(texts(mounted, '.tm-live-console__plan-item')).toEqual([expect.stringContaining('秋梨膏')]);
      expect(mounted.text('.tm-live-console__plan')).not.toContain('p1');
    });

    it('says in Chinese why a push was refused, and keeps the current product', async () => {
      const backend = consoleBackend('room6');
      backend.on({ 'live.pushGoods': () => fail('INVALID_STATE') });
      useBackend(backend);
      mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room6' } });

      await pick(mounted, 0, 'push');

      expect(mounted.text('.tm-live-console__notice--error')).toBe('直播已结束');
      expect(mounted.text('.tm-live-console__current')).toContain('无');
    });

    it('says in Chinese why a schedule was refused', async () => {
      const backend = consoleBackend('room7');
      backend.on({ 'live.schedulePush': () => fail('INVALID_ARGUMENT') });
      useBackend(backend);
      mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room7' } });

      await pick(mounted, 1, 'schedule');

      expect(mounted.text('.tm-live-console__notice--error')).toBe('请检查商品和时间');
      expect(mounted.$('.tm-live-console__plan')).toBeNull();
    });
  });

  it('tells the host when the room has no products yet', async () => {
    useBackend(studio(() => aRoom({ roomId: 'room8', products: [] })));
    mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room8' } });
    expect(mounted.$$('.tm-live-console__pick')).toHaveLength(0);
    expect(mounted.text('.tm-live-console__no-products')).toContain('直播间还没有商品');
  });

  it('closes to whoever is neither host nor operator', async () => {
    const backend = consoleBackend('room5');
    backend.on({ 'live.pushGoods': () => fail('FORBIDDEN') });
    useBackend(backend);
    mounted = await mountPage('packages/live/console/console', { query: { roomId: 'room5' } });

    await pick(mounted, 0, 'push');

    expect(mounted.$('.tm-live-console__forbidden .t-empty')).not.toBeNull();
    expect(mounted.$('.tm-live-console__push')).toBeNull();
  });
});
