/**
 * An order credits a live room (and its host's commission) only when the room has not ended at order
 * time; an order naming a room that has ended is still taken, credited to no one.
 */
import { startCloud } from '../support/cloud';
import { aProductWithSkus, key } from '../support/social';

const cloud = startCloud();
let n = 0;

async function aRoom() {
  const host = `o-la-host-${n++}`;
  await cloud.as(host).ok('user.login', {});
  const [skuId] = await aProductWithSkus(cloud, [6000]);
  const productId = cloud.docs<{ productId: string }>('skus', { _id: skuId })[0].productId;
  const { roomId } = await cloud.admin.ok('admin.createLiveRoom', { title: '直播间', hostOpenid: host, productIds: [productId], hostCommissionBps: 500 });
  return { host, roomId, skuId };
}

async function buyFrom(room: { roomId: string; skuId: string }) {
  const buyer = `o-la-buyer-${n++}`;
  const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId: room.skuId, quantity: 1 }], liveRoomId: room.roomId, idempotencyKey: key('la') });
  await cloud.pay(o.payment.outTradeNo);
  return o.orderId;
}

describe('an order from a live room', () => {
  it('pays the host while the room is live', async () => {
    const room = await aRoom();
    await cloud.as(room.host).ok('live.setStatus', { roomId: room.roomId, status: 'live' });
    const orderId = await buyFrom(room);
    expect(cloud.count('commissions', { orderId, level: 'host' })).toBe(1);
  });

  it('pays the host nothing once the room has ended, and the order still goes through unattributed', async () => {
    const room = await aRoom();
    await cloud.as(room.host).ok('live.setStatus', { roomId: room.roomId, status: 'live' });
    await cloud.as(room.host).ok('live.setStatus', { roomId: room.roomId, status: 'ended' });
    const orderId = await buyFrom(room);
    expect(cloud.docs<{ status: string; liveRoomId: string | null }>('orders', { _id: orderId })[0]).toMatchObject({ status: 'paid', liveRoomId: null });
    expect(cloud.count('commissions', { orderId, level: 'host' })).toBe(0);
  });
});
