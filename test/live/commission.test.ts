/**
 * The live host's commission (直播佣金): an order paid from a room with a host rate pays the room's host
 * floor(payable × hostCommissionBps / 10000), through the same ledger, settlement, reversal and clawback as
 * the two distribution levels, and independently of the buyer's inviter chain.
 */
import { auditCommissionAccount } from '../../server/distribution/commission';
import { userIdFor } from '../../server/membership/users';
import { all, startCloud } from '../support/cloud';
import { aProductWithSkus, key } from '../support/social';

const cloud = startCloud();
const DAY = 24 * 3600_000;
let n = 0;

interface Entry { key: string; kind: string; level: number | string; beneficiaryId: string; amountFen: number; keptFen?: number; rateBps?: number; status: string }

/** A host who has logged in, and a room of theirs selling a product of two SKUs (6000 + 3999 fen). */
async function aRoom(o: { hostCommissionBps?: number } = {}) {
  const host = `o-lc-host-${n++}`;
  await cloud.as(host).ok('user.login', {});
  const [big, small] = await aProductWithSkus(cloud, [6000, 3999]);
  const productId = cloud.docs<{ productId: string }>('skus', { _id: big })[0].productId;
  const { roomId } = await cloud.admin.ok('admin.createLiveRoom', { title: '直播间', hostOpenid: host, productIds: [productId], ...(o.hostCommissionBps !== undefined ? { hostCommissionBps: o.hostCommissionBps } : {}) });
  return { host, roomId, big, small };
}

async function aBuyer(inviter?: string) {
  const buyer = `o-lc-buyer-${n++}`;
  await cloud.as(buyer).ok('user.login', inviter ? { inviter } : {});
  return buyer;
}

/** Both lines (9999 fen) bought from the room and paid. */
async function aLiveOrder(buyer: string, room: { roomId: string; big: string; small: string }) {
  const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId: room.big, quantity: 1 }, { skuId: room.small, quantity: 1 }], liveRoomId: room.roomId, idempotencyKey: key('lc') });
  await cloud.pay(o.payment.outTradeNo);
  return o.orderId;
}

const center = (openid: string) => cloud.as(openid).ok('distribution.center', {});
const items = async (openid: string) => (await cloud.as(openid).ok('distribution.commissions', {})).items;
const settle = () => cloud.host.runTimer('distribution', 'settle');
const hostEntries = (orderId: string) => cloud.docs<Entry>('commissions', { orderId, level: 'host' });
const audited = async (openid: string) => (await auditCommissionAccount(userIdFor(openid))).ok;

async function completeAndSettle(buyer: string, orderId: string) {
  await cloud.admin.ok('admin.ship', { orderId, carrier: 'SF', trackingNo: 'SF100200300' });
  await cloud.as(buyer).ok('order.confirmReceipt', { orderId });
  cloud.advance(7 * DAY);
  await settle();
}

beforeAll(async () => {
  await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 300, settleAfterMs: 7 * DAY });
});

describe('an order paid from a room with a host rate', () => {
  it('pays the host floor(payable × rate / 10000), pending, as a host commission of its own', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const orderId = await aLiveOrder(await aBuyer(), room);
    expect(await center(room.host)).toMatchObject({ pendingFen: 499, settledFen: 0, withdrawableFen: 0 });
    expect(await items(room.host)).toEqual([{ orderId, level: 'host', amountFen: 499, status: 'pending', accruedFen: 499, reversedFen: 0 }]);
    expect(hostEntries(orderId)).toEqual([expect.objectContaining({ key: `order:${orderId}:host`, kind: 'earn', beneficiaryId: userIdFor(room.host), amountFen: 499, rateBps: 500 })]);
    expect(await audited(room.host)).toBe(true);
  });

  it('leaves the two distribution levels exactly as they are: the host is no third level', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const l2 = `o-lc-l2-${n++}`;
    const l1 = `o-lc-l1-${n++}`;
    const l2Id = (await cloud.as(l2).ok('user.login', {})).userId;
    const l1Id = (await cloud.as(l1).ok('user.login', { inviter: l2Id })).userId;
    const orderId = await aLiveOrder(await aBuyer(l1Id), room);
    expect((await center(l1)).pendingFen).toBe(999);
    expect((await center(l2)).pendingFen).toBe(299);
    expect((await center(room.host)).pendingFen).toBe(499);
    expect(cloud.docs<Entry>('commissions', { orderId }).map((e) => e.level).sort()).toEqual([1, 2, 'host']);
  });

  it('settles with the others once settleAfterMs has passed since completion', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const buyer = await aBuyer();
    const orderId = await aLiveOrder(buyer, room);
    await completeAndSettle(buyer, orderId);
    expect(await center(room.host)).toMatchObject({ pendingFen: 0, settledFen: 499, withdrawableFen: 499 });
    expect(await audited(room.host)).toBe(true);
  });

  it('accrues once however many payment notifications arrive at once', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const o = await cloud.as(await aBuyer()).ok('order.create', { items: [{ skuId: room.big, quantity: 1 }], liveRoomId: room.roomId, idempotencyKey: key('lc') });
    await all(6, () => cloud.pay(o.payment.outTradeNo));
    expect(hostEntries(o.orderId)).toHaveLength(1);
    expect((await center(room.host)).pendingFen).toBe(300);
  });
});

describe('refunds of a live order', () => {
  it('reverse the host’s pending commission by the recorded rate, like the levels', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const buyer = await aBuyer();
    const orderId = await aLiveOrder(buyer, room);
    await cloud.admin.ok('admin.setLiveHostCommission', { roomId: room.roomId, hostCommissionBps: 3000 }); // later payments only
    await cloud.as(buyer).ok('order.refund', { orderId, reason: 'after-sale', skuIds: [room.small] }); // 6000 stays paid
    expect(await center(room.host)).toMatchObject({ pendingFen: 300, reversedFen: 199 });
    expect(await items(room.host)).toEqual([{ orderId, level: 'host', amountFen: 300, status: 'pending', accruedFen: 499, reversedFen: 199 }]);
    await cloud.as(buyer).ok('order.refund', { orderId, reason: 'after-sale' });
    expect(await center(room.host)).toMatchObject({ pendingFen: 0, reversedFen: 499, settledFen: 0 });
    expect(hostEntries(orderId).filter((e) => e.kind === 'reversal').map((e) => e.amountFen).sort()).toEqual([-199, -300]);
    expect(await audited(room.host)).toBe(true);
  });

  it('claw back a settled host commission, lowering withdrawable', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const buyer = await aBuyer();
    const orderId = await aLiveOrder(buyer, room);
    await completeAndSettle(buyer, orderId);
    await cloud.admin.ok('admin.refund', { orderId, reason: 'after-sale', skuIds: [room.big] }); // 3999 stays paid (past the member's after-sale window: the merchant refunds)
    expect(await center(room.host)).toMatchObject({ settledFen: 499, reversedFen: 300, withdrawableFen: 199 });
    expect(hostEntries(orderId).filter((e) => e.kind === 'clawback').map((e) => e.amountFen)).toEqual([-300]);
    expect(await audited(room.host)).toBe(true);
  });
});

describe('when nothing is owed to a host', () => {
  it('pays nothing for a room without a rate', async () => {
    const room = await aRoom();
    const orderId = await aLiveOrder(await aBuyer(), room);
    expect(hostEntries(orderId)).toEqual([]);
    expect(cloud.docs<{ hostCommissionBps: number }>('live_rooms', { _id: room.roomId })[0].hostCommissionBps).toBe(0);
  });

  it('pays the host nothing for buying in their own room', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const orderId = await aLiveOrder(room.host, room);
    expect(hostEntries(orderId)).toEqual([]);
    expect((await center(room.host)).pendingFen).toBe(0);
  });
});

describe('the operator’s host rate', () => {
  it('applies to payments after it is set', async () => {
    const room = await aRoom();
    expect(await cloud.admin.ok('admin.setLiveHostCommission', { roomId: room.roomId, hostCommissionBps: 1000 })).toEqual({ roomId: room.roomId, hostCommissionBps: 1000 });
    const orderId = await aLiveOrder(await aBuyer(), room);
    expect(hostEntries(orderId)).toEqual([expect.objectContaining({ amountFen: 999, rateBps: 1000 })]);
  });

  it('refuses rates outside 0..3000 bps as INVALID_ARGUMENT and writes nothing', async () => {
    const room = await aRoom({ hostCommissionBps: 100 });
    for (const bad of [3001, -1, 12.5, '500']) {
      expect(await cloud.admin.call('admin.setLiveHostCommission', { roomId: room.roomId, hostCommissionBps: bad as number })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(cloud.docs<{ hostCommissionBps: number }>('live_rooms', { _id: room.roomId })[0].hostCommissionBps).toBe(100);
    const before = cloud.count('live_rooms', {});
    expect(await cloud.admin.call('admin.createLiveRoom', { title: 'x', hostOpenid: 'o-h', productIds: ['p'], hostCommissionBps: 3001 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('live_rooms', {})).toBe(before);
  });

  it('answers NOT_FOUND for an unknown room, and FORBIDDEN to a non-operator', async () => {
    expect(await cloud.admin.call('admin.setLiveHostCommission', { roomId: 'lr_nope', hostCommissionBps: 100 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const room = await aRoom();
    expect(await cloud.as(room.host).call('admin.setLiveHostCommission', { roomId: room.roomId, hostCommissionBps: 3000 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('database requests', () => {
  it('reports dbRequests for the payment callback of a live order paying two levels and the host', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const l1Id = (await cloud.as(`o-lc-l1-${n++}`).ok('user.login', {})).userId;
    await aLiveOrder(await aBuyer(l1Id), room);
    const callback = cloud.host.calls(5).find((x) => x.name === 'pay')!;
    expect(callback.dbRequests).toBeLessThan(40);
  });
});

describe('which orders may name a live room', () => {
  it('refuses a room that does not sell any of the ordered products, and writes nothing', async () => {
    const room = await aRoom({ hostCommissionBps: 500 });
    const [otherSku] = await aProductWithSkus(cloud, [2500]);
    const buyer = await aBuyer();
    const before = cloud.count('orders');
    const out = await cloud.as(buyer).call('order.create', { items: [{ skuId: otherSku, quantity: 1 }], liveRoomId: room.roomId, idempotencyKey: key('lc') });
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('orders')).toBe(before);
  });

  it('refuses a room that does not exist', async () => {
    const room = await aRoom();
    const buyer = await aBuyer();
    const out = await cloud.as(buyer).call('order.create', { items: [{ skuId: room.big, quantity: 1 }], liveRoomId: 'room-nope', idempotencyKey: key('lc') });
    expect(out).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
