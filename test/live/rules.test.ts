import { applyDue, checkSchedule, mayDirect, pushGoods, roomView, type LivePush, type LiveRoom } from '../../domain/live/live';

const T0 = Date.parse('2025-03-01T20:00:00Z');
const aRoom = (o: Partial<LiveRoom> = {}): LiveRoom => ({ _id: 'r1', title: '春茶', hostOpenid: 'o-host', productIds: ['p1', 'p2', 'p3'], status: 'upcoming', currentGoods: null, createdAt: T0, ...o });
const aPush = (o: Partial<LivePush> = {}): LivePush => ({ _id: `push_${o.productId ?? 'p1'}_${o.at ?? T0}`, roomId: 'r1', productId: 'p1', at: T0, done: false, ...o });

describe('who directs a room', () => {
  it('lets the host push', () => expect(mayDirect(aRoom(), { openid: 'o-host', isOperator: false })).toBe(true));
  it('lets an operator push', () => expect(mayDirect(aRoom(), { openid: 'o-admin', isOperator: true })).toBe(true));
  it('refuses a viewer', () => expect(mayDirect(aRoom(), { openid: 'o-viewer', isOperator: false })).toBe(false));
});

describe('pushing goods', () => {
  it('makes the product current now and takes the room live', () => {
    const r = pushGoods(aRoom(), 'p2', T0 + 5);
    expect(r.ok && r.value).toMatchObject({ status: 'live', currentGoods: { productId: 'p2', since: T0 + 5 } });
  });
  it('refuses a product that is not in the room', () => expect(pushGoods(aRoom(), 'p9', T0)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' }));
  it('refuses an ended room', () => expect(pushGoods(aRoom({ status: 'ended' }), 'p1', T0)).toMatchObject({ ok: false, code: 'INVALID_STATE' }));
});

describe('scheduling', () => {
  it('refuses a time in the past', () => expect(checkSchedule(aRoom(), 'p1', T0, T0)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' }));
  it('accepts a later time', () => expect(checkSchedule(aRoom(), 'p1', T0 + 60_000, T0).ok).toBe(true));
});

describe('due pushes', () => {
  const pushes = [aPush({ productId: 'p3', at: T0 + 3000 }), aPush({ productId: 'p1', at: T0 + 1000 }), aPush({ productId: 'p2', at: T0 + 2000 })];
  it('become current in time order: the latest due one wins, at its own time', () => {
    const { room, done } = applyDue(aRoom(), pushes, T0 + 2500);
    expect(room.currentGoods).toEqual({ productId: 'p2', since: T0 + 2000 });
    expect(done).toHaveLength(2);
  });
  it('leave future pushes alone', () => expect(applyDue(aRoom(), pushes, T0 + 500).done).toEqual([]));
  it('do not replace a later manual push', () => {
    const { room } = applyDue(aRoom({ status: 'live', currentGoods: { productId: 'p3', since: T0 + 1500 } }), pushes, T0 + 1600);
    expect(room.currentGoods).toEqual({ productId: 'p3', since: T0 + 1500 });
  });
  it('show in the view before the timer runs, with the rest as a schedule', () => {
    const v = roomView(aRoom(), pushes, T0 + 1500);
    expect(v).toEqual({ roomId: 'r1', status: 'live', currentGoods: { productId: 'p1', since: T0 + 1000 }, schedule: [{ productId: 'p2', at: T0 + 2000 }, { productId: 'p3', at: T0 + 3000 }], serverNow: T0 + 1500 });
  });
});
