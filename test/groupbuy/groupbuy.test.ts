import { all, startCloud } from '../support/cloud';
import { aProduct, key } from '../support/social';

const cloud = startCloud();
let n = 0;
const member = (label = 'm') => `o-gb-${label}-${n++}`;

async function aCampaign(o: { groupSize?: number; groupPriceFen?: number; durationMs?: number; stock?: number } = {}) {
  const { skuId } = await aProduct(cloud, { priceFen: 3990 });
  const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: o.groupPriceFen ?? 2990, groupSize: o.groupSize ?? 3, durationMs: o.durationMs ?? 3600_000, stock: o.stock ?? 100 });
  return { campaignId, skuId };
}

async function anOpenGroup(o: Parameters<typeof aCampaign>[0] = {}) {
  const { campaignId } = await aCampaign(o);
  const leader = member('leader');
  const opened = await cloud.as(leader).ok('groupbuy.open', { campaignId, idempotencyKey: key('open') });
  return { campaignId, leader, ...opened };
}

const join = (openid: string, groupId: string) => cloud.as(openid).call('groupbuy.join', { groupId, idempotencyKey: key('join') });
const detail = (groupId: string) => cloud.as('o-anyone').ok('groupbuy.detail', { groupId });

describe('opening a group', () => {
  it('makes the caller the leader with an order at the group price', async () => {
    const g = await anOpenGroup({ groupPriceFen: 2990 });
    const order = await cloud.as(g.leader).ok('order.detail', { orderId: g.orderId });
    expect(order).toMatchObject({ status: 'pendingPayment', payableFen: 2990, groupId: g.groupId });
    expect(await detail(g.groupId)).toMatchObject({ status: 'forming', groupSize: 3, paidMembers: 0, seatsLeft: 2 });
  });

  it('answers a repeated request with the same group and order, taking campaign stock once', async () => {
    const { campaignId } = await aCampaign({ stock: 10 });
    const k = key('open');
    const a = await cloud.as('o-gb-repeat').ok('groupbuy.open', { campaignId, idempotencyKey: k });
    const b = await cloud.as('o-gb-repeat').ok('groupbuy.open', { campaignId, idempotencyKey: k });
    expect(b).toEqual(a);
    expect(cloud.docs<{ stock: number }>('group_campaigns', { _id: campaignId })[0].stock).toBe(9);
  });

  it('takes exactly one unit of campaign stock when 10 identical requests arrive at once', async () => {
    const { campaignId } = await aCampaign({ stock: 10 });
    const leader = member('twin');
    const k = key('open');
    const outs = await all(10, () => cloud.as(leader).call('groupbuy.open', { campaignId, idempotencyKey: k }));
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(new Set(outs.map((o) => JSON.stringify(o.ok && { groupId: o.data.groupId, orderId: o.data.orderId }))).size).toBe(1);
    expect(cloud.docs<{ stock: number }>('group_campaigns', { _id: campaignId })[0].stock).toBe(9);
    expect(cloud.count('groups', { campaignId })).toBe(1);
    expect(cloud.count('orders', { 'extra.campaignId': campaignId })).toBe(1);
  });

  it('sells exactly the campaign stock when many members open at once, refusing the rest as OUT_OF_STOCK', async () => {
    const { campaignId } = await aCampaign({ stock: 3 });
    const outs = await all(12, (i) => cloud.as(`o-gb-rush-${campaignId}-${i}`).call('groupbuy.open', { campaignId, idempotencyKey: key('open') }));
    expect(outs.filter((o) => o.ok)).toHaveLength(3);
    expect(new Set(outs.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.code)))).toEqual(new Set(['OUT_OF_STOCK']));
    expect(cloud.docs<{ stock: number }>('group_campaigns', { _id: campaignId })[0].stock).toBe(0);
    expect(cloud.count('orders', { 'extra.campaignId': campaignId })).toBe(3);
  });

  it('refuses a malformed request and writes nothing', async () => {
    const before = cloud.count('groups');
    expect(await cloud.as(member()).call('groupbuy.open', { campaignId: '', idempotencyKey: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('groups')).toBe(before);
  });

  it('refuses when the campaign stock is gone', async () => {
    const { campaignId } = await aCampaign({ stock: 1 });
    await cloud.as(member()).ok('groupbuy.open', { campaignId, idempotencyKey: key() });
    expect(await cloud.as(member()).call('groupbuy.open', { campaignId, idempotencyKey: key() })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
  });
});

describe('joining', () => {
  it('takes a seat and places the member order', async () => {
    const g = await anOpenGroup();
    const out = await join(member(), g.groupId);
    expect(out.ok).toBe(true);
    expect(await detail(g.groupId)).toMatchObject({ seatsLeft: 1, paidMembers: 0 });
  });

  it('refuses joining twice as ALREADY_IN_GROUP, leader included', async () => {
    const g = await anOpenGroup();
    const m = member();
    await join(m, g.groupId);
    expect(await join(m, g.groupId)).toMatchObject({ ok: false, error: { code: 'ALREADY_IN_GROUP' } });
    expect(await join(g.leader, g.groupId)).toMatchObject({ ok: false, error: { code: 'ALREADY_IN_GROUP' } });
  });

  describe('when the group is full', () => {
    it('refuses the fourth member', async () => {
      const g = await anOpenGroup({ groupSize: 3 });
      await join(member(), g.groupId);
      await join(member(), g.groupId);
      expect(await join(member(), g.groupId)).toMatchObject({ ok: false, error: { code: 'GROUP_FULL' } });
    });
  });

  it('never over-fills a 3-seat group however many join at once', async () => {
    const g = await anOpenGroup({ groupSize: 3, stock: 100 });
    const outs = await all(30, (i) => join(`o-gb-race-${g.groupId}-${i}`, g.groupId));
    const ok = outs.filter((o) => o.ok);
    const codes = outs.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.code));
    expect(ok).toHaveLength(2);
    expect(new Set(codes)).toEqual(new Set(['GROUP_FULL']));
    expect(cloud.count('group_seats', { groupId: g.groupId })).toBe(3);
    expect(cloud.count('orders', { groupId: g.groupId })).toBe(3);
    expect(cloud.docs<{ seatsTaken: number }>('groups', { _id: g.groupId })[0].seatsTaken).toBe(3);
    // Stock held by the refused joins came back: 100 − 3 orders.
    expect(cloud.docs<{ stock: number }>('group_campaigns', { _id: g.campaignId })[0].stock).toBe(97);
  });
});

describe('forming', () => {
  it('forms when groupSize members have paid, not before', async () => {
    const g = await anOpenGroup({ groupSize: 3 });
    const a = await join(member(), g.groupId);
    const b = await join(member(), g.groupId);
    if (!a.ok || !b.ok) throw new Error('join failed');
    await cloud.pay(g.payment.outTradeNo);
    await cloud.pay(a.data.payment.outTradeNo);
    expect(await detail(g.groupId)).toMatchObject({ status: 'forming', paidMembers: 2 });
    await cloud.pay(b.data.payment.outTradeNo);
    expect(await detail(g.groupId)).toMatchObject({ status: 'formed', paidMembers: 3, seatsLeft: 0 });
  });

  it('counts a repeated payment notification once', async () => {
    const g = await anOpenGroup();
    await cloud.pay(g.payment.outTradeNo);
    await cloud.pay(g.payment.outTradeNo);
    expect((await detail(g.groupId)).paidMembers).toBe(1);
  });
});

describe('seats of unpaid orders', () => {
  it('free when the order times out, so a new member can join', async () => {
    const g = await anOpenGroup({ groupSize: 2, durationMs: 24 * 3600_000 });
    const late = member('late');
    expect((await join(late, g.groupId)).ok).toBe(true);
    expect(await join(member(), g.groupId)).toMatchObject({ ok: false, error: { code: 'GROUP_FULL' } });
    await cloud.pay(g.payment.outTradeNo); // the leader pays; the member does not
    cloud.advance(15 * 60_000 + 1000);
    await cloud.tick();
    expect(await detail(g.groupId)).toMatchObject({ status: 'forming', seatsLeft: 1, paidMembers: 1 });
    expect(cloud.count('group_seats', { groupId: g.groupId })).toBe(1);
    const newcomer = await join(member('new'), g.groupId);
    expect(newcomer.ok).toBe(true);
  });

  it('free when the member cancels', async () => {
    const g = await anOpenGroup({ groupSize: 2 });
    const m = member();
    const j = await join(m, g.groupId);
    if (!j.ok) throw new Error('join failed');
    await cloud.as(m).ok('order.cancel', { orderId: j.data.orderId });
    expect((await detail(g.groupId)).seatsLeft).toBe(1);
  });
});

describe('when a group expires still forming', () => {
  it('fails it and refunds every paid member exactly once, however often the timer runs', async () => {
    const g = await anOpenGroup({ groupSize: 3, durationMs: 3600_000 });
    const a = await join(member(), g.groupId);
    if (!a.ok) throw new Error('join failed');
    await cloud.pay(g.payment.outTradeNo);
    await cloud.pay(a.data.payment.outTradeNo);
    cloud.advance(3600_000 + 1000);
    await cloud.host.runTimer('groupbuy', 'expire');
    await cloud.host.runTimer('groupbuy', 'expire');
    expect(await detail(g.groupId)).toMatchObject({ status: 'failed' });
    for (const orderId of [g.orderId, a.data.orderId]) {
      expect(cloud.count('refunds', { orderId })).toBe(1);
      expect(cloud.state.outbox.filter((x) => x.api === 'cloudPay.refund' && (x.data as { outTradeNo: string }).outTradeNo === orderId)).toHaveLength(1);
      expect(cloud.docs<{ status: string }>('orders', { _id: orderId })[0].status).toBe('refunded');
    }
  });

  it('never forms it automatically and refunds nobody who did not pay', async () => {
    const g = await anOpenGroup({ groupSize: 2, durationMs: 3600_000 });
    cloud.advance(3600_000 + 1000);
    await cloud.host.runTimer('groupbuy', 'expire');
    expect(await detail(g.groupId)).toMatchObject({ status: 'failed', paidMembers: 0 });
    expect(cloud.count('refunds', { orderId: g.orderId })).toBe(0);
  });

  it('refuses late joins', async () => {
    const g = await anOpenGroup({ durationMs: 3600_000 });
    cloud.advance(3600_000 + 1000);
    expect(await join(member(), g.groupId)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});

describe('outcome messages', () => {
  it('go only to members who opted in, one per accepted template, once', async () => {
    const g = await anOpenGroup({ groupSize: 2 });
    const m = member('sub');
    const j = await join(m, g.groupId);
    if (!j.ok) throw new Error('join failed');
    await cloud.as(m).ok('groupbuy.subscribe', { groupId: g.groupId, templateIds: ['tpl-group-result'] });
    await cloud.pay(g.payment.outTradeNo);
    await cloud.pay(j.data.payment.outTradeNo);
    await cloud.host.runTimer('groupbuy', 'expire');
    await cloud.host.runTimer('groupbuy', 'expire');
    const sent = cloud.state.outbox.filter((x) => x.api === 'subscribeMessage.send' && (x.data as { page: string }).page.endsWith(g.groupId));
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toMatchObject({ touser: m, templateId: 'tpl-group-result' });
  });

  it('cannot be subscribed by someone outside the group', async () => {
    const g = await anOpenGroup();
    expect(await cloud.as(member()).call('groupbuy.subscribe', { groupId: g.groupId, templateIds: ['t'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('listing', () => {
  it('lists campaigns and my groups', async () => {
    const g = await anOpenGroup();
    const mineList = await cloud.as(g.leader).ok('groupbuy.mine', {});
    const { productId } = cloud.docs<{ productId: string }>('group_campaigns', { _id: g.campaignId })[0];
    const { title } = cloud.docs<{ title: string }>('products', { _id: productId })[0];
    expect(mineList.items).toEqual([expect.objectContaining({ groupId: g.groupId, isLeader: true, orderId: g.orderId, title })]);
    expect(title).toMatch(/^商品 /);
    const list = await cloud.as(g.leader).ok('groupbuy.campaigns', { limit: 50 });
    expect(list.items.map((c) => c.campaignId)).toContain(g.campaignId);
  });
});

describe('database requests', () => {
  it('reports dbRequests for join and for the group order payment callback', async () => {
    const g = await anOpenGroup({ groupSize: 3 });
    const j = await join(member(), g.groupId);
    const joinCall = cloud.host.calls(5).find((c) => c.name === 'groupbuy' && c.action === 'join')!;
    if (!j.ok) throw new Error('join failed');
    await cloud.pay(j.data.payment.outTradeNo);
    const payCall = cloud.host.calls(5).find((c) => c.name === 'pay')!;
    expect(joinCall.dbRequests).toBeLessThan(40);
    expect(payCall.dbRequests).toBeLessThan(40);
  });
});

describe('the group page clock', () => {
  it('answers the server time with the group, so countdowns do not trust the phone', async () => {
    const g = await anOpenGroup();
    const before = Date.now();
    const d = await detail(g.groupId);
    expect(d.serverNow).toBeGreaterThanOrEqual(before);
    expect(d.expiresAt - d.serverNow!).toBeGreaterThan(0);
  });
});
