import { startCloud } from '../support/cloud';
import { someProducts } from '../support/social';

const cloud = startCloud();
const HOST = 'o-live-host';

async function aRoom() {
  const productIds = someProducts(cloud, 3);
  const { roomId } = await cloud.admin.ok('admin.createLiveRoom', { title: '春茶上新', hostOpenid: HOST, productIds });
  return { roomId, productIds };
}

describe('live rooms', () => {
  it('start upcoming with nothing current and an empty schedule, telling the server time', async () => {
    const { roomId } = await aRoom();
    const before = Date.now();
    const room = await cloud.as('o-viewer').ok('live.room', { roomId });
    expect(room).toMatchObject({ roomId, status: 'upcoming', currentGoods: null, schedule: [] });
    expect(room.serverNow).toBeGreaterThanOrEqual(before);
  });

  it('refuse a room whose products do not exist', async () => {
    const out = await cloud.admin.call('admin.createLiveRoom', { title: 'x', hostOpenid: HOST, productIds: ['nope'] });
    expect(out).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuse createLiveRoom to a non-operator', async () => {
    const out = await cloud.as('o-viewer').call('admin.createLiveRoom', { title: 'x', hostOpenid: HOST, productIds: ['p'] });
    expect(out).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('pushing goods', () => {
  it('makes the product current now when the host pushes, and the room goes live', async () => {
    const { roomId, productIds } = await aRoom();
    const { currentGoods } = await cloud.as(HOST).ok('live.pushGoods', { roomId, productId: productIds[1] });
    expect(currentGoods.productId).toBe(productIds[1]);
    expect(await cloud.as('o-viewer').ok('live.room', { roomId })).toMatchObject({ status: 'live', currentGoods });
  });

  it('lets an operator push', async () => {
    const { roomId, productIds } = await aRoom();
    expect((await cloud.admin.call('live.pushGoods', { roomId, productId: productIds[0] })).ok).toBe(true);
  });

  it('forbids a viewer from pushing or scheduling, and writes nothing', async () => {
    const { roomId, productIds } = await aRoom();
    expect(await cloud.as('o-viewer').call('live.pushGoods', { roomId, productId: productIds[0] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.as('o-viewer').call('live.schedulePush', { roomId, productId: productIds[0], at: Date.now() + 60_000 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(cloud.count('live_pushes', { roomId })).toBe(0);
    expect((await cloud.as('o-viewer').ok('live.room', { roomId })).currentGoods).toBeNull();
  });

  it('answer the room’s own products as cards in the room’s order, leaving out one since deleted', async () => {
    const ids = ['p_live_card_a', 'p_live_card_b', 'p_live_card_c'];
    cloud.engine.handle('database.insertDocument', { collectionName: 'products', data: [
      { _id: ids[0], title: '秋梨膏', images: ['cloud://a.png'], minPriceFen: 3990, sort: 0, skuIds: [] },
      { _id: ids[1], title: '手工红糖', images: [], minPriceFen: 2590, sort: 0, skuIds: [] },
      { _id: ids[2], title: '枸杞', images: ['cloud://c.png'], minPriceFen: 1200, sort: 0, skuIds: [] },
    ] });
    const { roomId } = await cloud.admin.ok('admin.createLiveRoom', { title: '秋季养生', hostOpenid: HOST, productIds: [ids[2], ids[0], ids[1]] });
    cloud.engine.handle('database.removeDocument', { collectionName: 'products', queryType: 'DOC', query: JSON.stringify({ _id: ids[1] }), multi: false });

    const room = await cloud.as('o-viewer').ok('live.room', { roomId });
    expect(room.products).toEqual([
      { productId: ids[2], title: '枸杞', minPriceFen: 1200, cover: 'cloud://c.png' },
      { productId: ids[0], title: '秋梨膏', minPriceFen: 3990, cover: 'cloud://a.png' },
    ]);
  });

  it('refuses a product that is not in the room', async () => {
    const { roomId } = await aRoom();
    expect(await cloud.as(HOST).call('live.pushGoods', { roomId, productId: 'elsewhere' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('scheduled pushes', () => {
  it('show in the schedule, then become current at their time in time order when the timer runs', async () => {
    const { roomId, productIds } = await aRoom();
    const t = Date.now();
    await cloud.as(HOST).ok('live.schedulePush', { roomId, productId: productIds[2], at: t + 120_000 });
    await cloud.as(HOST).ok('live.schedulePush', { roomId, productId: productIds[0], at: t + 60_000 });
    await cloud.as(HOST).ok('live.schedulePush', { roomId, productId: productIds[1], at: t + 180_000 });
    const before = await cloud.as('o-viewer').ok('live.room', { roomId });
    expect(before.schedule.map((s) => s.productId)).toEqual([productIds[0], productIds[2], productIds[1]]);
    expect(before.currentGoods).toBeNull();

    cloud.advance(125_000);
    await cloud.host.runTimer('live', 'duePushes');
    const stored = cloud.docs<{ currentGoods: { productId: string; since: number } }>('live_rooms', { _id: roomId })[0];
    expect(stored.currentGoods).toEqual({ productId: productIds[2], since: t + 120_000 });
    expect(cloud.count('live_pushes', { roomId, done: true })).toBe(2);
    const after = await cloud.as('o-viewer').ok('live.room', { roomId });
    expect(after.schedule).toEqual([{ productId: productIds[1], at: t + 180_000 }]);

    cloud.advance(60_000);
    await cloud.host.runTimer('live', 'duePushes');
    expect((await cloud.as('o-viewer').ok('live.room', { roomId })).currentGoods).toEqual({ productId: productIds[1], since: t + 180_000 });
  });

  it('counts the same schedule twice as one push', async () => {
    const { roomId, productIds } = await aRoom();
    const at = Date.now() + 60_000;
    await cloud.as(HOST).ok('live.schedulePush', { roomId, productId: productIds[0], at });
    await cloud.as(HOST).ok('live.schedulePush', { roomId, productId: productIds[0], at });
    expect(cloud.count('live_pushes', { roomId })).toBe(1);
  });

  it('refuses a time in the past', async () => {
    const { roomId, productIds } = await aRoom();
    expect(await cloud.as(HOST).call('live.schedulePush', { roomId, productId: productIds[0], at: Date.now() - 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('ending a live', () => {
  it('clears the current goods and refuses further pushes', async () => {
    const { roomId, productIds } = await aRoom();
    await cloud.as(HOST).ok('live.pushGoods', { roomId, productId: productIds[0] });
    expect(await cloud.as('o-viewer').call('live.setStatus', { roomId, status: 'ended' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await cloud.as(HOST).ok('live.setStatus', { roomId, status: 'ended' });
    expect(await cloud.as('o-viewer').ok('live.room', { roomId })).toMatchObject({ status: 'ended', currentGoods: null });
    expect(await cloud.as(HOST).call('live.pushGoods', { roomId, productId: productIds[1] })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});
