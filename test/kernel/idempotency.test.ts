/**
 * CONTRACT §4 Envelope: "An idempotencyKey reused by the same caller for a different request is refused
 * with INVALID_ARGUMENT; nothing happens. The same request repeated still gets the first answer."
 * Checked on every kind of creating action: order.create, points.redeem, alliance.exchange,
 * groupbuy.join and staff.deductPoints (whose member code rotates).
 */
import { all, startCloud } from '../support/cloud';
import { aPartner, givePoints } from '../support/growth';
import { aKey, aMemberWithPoints, aReward, aStaffMember } from '../membership/fixtures';
import { aSku, stockOf } from '../store/fixtures';
import { userIdFor } from '../../server/membership/users';
import { canonicalJson, fingerprintOf } from '../../server/kernel/idempotency';

const cloud = startCloud();
const refused = { ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/idempotencyKey was already used/) } };
const balanceOf = (openid: string) => cloud.docs<{ balance: number }>('points_accounts', { _id: userIdFor(openid) })[0]?.balance ?? 0;

describe('the request fingerprint', () => {
  it('does not depend on the order of keys, and tells apart what differs', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1}');
    expect(fingerprintOf({ a: 1, b: 2 })).toBe(fingerprintOf({ b: 2, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});

describe('order.create with a used key', () => {
  it('refuses other items under the same key, and takes nothing more', async () => {
    const a = await aSku(cloud, { stock: 10 });
    const b = await aSku(cloud, { stock: 10 });
    const k = aKey('order');
    const first = await cloud.as('o-idem-order').ok('order.create', { items: [{ skuId: a, quantity: 1 }], idempotencyKey: k });
    expect(await cloud.as('o-idem-order').call('order.create', { items: [{ skuId: b, quantity: 3 }], idempotencyKey: k })).toMatchObject(refused);
    expect(await cloud.as('o-idem-order').call('order.create', { items: [{ skuId: a, quantity: 2 }], idempotencyKey: k })).toMatchObject(refused);
    expect(await cloud.as('o-idem-order').ok('order.create', { items: [{ skuId: a, quantity: 1 }], idempotencyKey: k })).toEqual(first);
    expect([stockOf(cloud, a), stockOf(cloud, b)]).toEqual([9, 10]);
    expect(cloud.count('orders', { userId: userIdFor('o-idem-order') })).toBe(1);
  });

  it('ends with one order and one reservation when different requests race under one key', async () => {
    const a = await aSku(cloud, { stock: 50 });
    const k = aKey('race');
    const outs = await all(10, (i) => cloud.as('o-idem-race').call('order.create', { items: [{ skuId: a, quantity: 1 + (i % 2) }], idempotencyKey: k }));
    const oks = outs.filter((o) => o.ok);
    expect(oks.length).toBeGreaterThan(0);
    expect(new Set(oks.map((o) => JSON.stringify(o))).size).toBe(1);
    for (const o of outs.filter((x) => !x.ok)) expect(o).toMatchObject(refused);
    expect(cloud.count('orders', { userId: userIdFor('o-idem-race') })).toBe(1);
    const [order] = cloud.docs<{ items: { quantity: number }[] }>('orders', { userId: userIdFor('o-idem-race') });
    expect(stockOf(cloud, a)).toBe(50 - order.items[0].quantity);
  });
});

describe('points.redeem with a used key', () => {
  it('refuses another reward under the same key, spending nothing more', async () => {
    await aMemberWithPoints(cloud, 'o-idem-redeem', 1000);
    const cheap = (await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 100 }))).rewardId;
    const dear = (await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 500 }))).rewardId;
    const k = aKey('redeem');
    const first = await cloud.as('o-idem-redeem').ok('points.redeem', { rewardId: cheap, idempotencyKey: k });
    expect(await cloud.as('o-idem-redeem').call('points.redeem', { rewardId: dear, idempotencyKey: k })).toMatchObject(refused);
    expect(await cloud.as('o-idem-redeem').ok('points.redeem', { rewardId: cheap, idempotencyKey: k })).toEqual(first);
    expect(balanceOf('o-idem-redeem')).toBe(900);
  });
});

describe('alliance.exchange with a used key', () => {
  it('refuses 1000 points under the key that exchanged 100', async () => {
    await cloud.admin.ok('admin.addPartner', aPartner());
    await givePoints(userIdFor('o-idem-exchange'), 5000);
    const k = aKey('exchange');
    const first = await cloud.as('o-idem-exchange').ok('alliance.exchange', { partnerId: 'coffee', points: 100, idempotencyKey: k });
    expect(await cloud.as('o-idem-exchange').call('alliance.exchange', { partnerId: 'coffee', points: 1000, idempotencyKey: k })).toMatchObject(refused);
    expect(await cloud.as('o-idem-exchange').ok('alliance.exchange', { partnerId: 'coffee', points: 100, idempotencyKey: k })).toEqual(first);
    expect(balanceOf('o-idem-exchange')).toBe(4900);
    expect(cloud.count('alliance_transfers', { userId: userIdFor('o-idem-exchange') })).toBe(1);
  });
});

describe('groupbuy.join with a used key', () => {
  it('refuses another group under the same key, taking no seat in it', async () => {
    const skuId = await aSku(cloud, { stock: 10 });
    const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 990, groupSize: 3, durationMs: 3600_000, stock: 20 });
    const g1 = await cloud.as('o-idem-lead-1').ok('groupbuy.open', { campaignId, idempotencyKey: aKey('open') });
    const g2 = await cloud.as('o-idem-lead-2').ok('groupbuy.open', { campaignId, idempotencyKey: aKey('open') });
    const k = aKey('join');
    const first = await cloud.as('o-idem-joiner').ok('groupbuy.join', { groupId: g1.groupId, idempotencyKey: k });
    expect(await cloud.as('o-idem-joiner').call('groupbuy.join', { groupId: g2.groupId, idempotencyKey: k })).toMatchObject(refused);
    expect(await cloud.as('o-idem-joiner').ok('groupbuy.join', { groupId: g1.groupId, idempotencyKey: k })).toEqual(first);
    expect(cloud.count('group_seats', { groupId: g2.groupId })).toBe(1);
    expect(cloud.count('group_seats', { groupId: g1.groupId })).toBe(2);
  });
});

describe('staff.deductPoints with a used key', () => {
  let clerk: string;
  beforeAll(async () => {
    clerk = await aStaffMember(cloud, 'o-idem-clerk', 'store-1');
  });

  it("refuses another member's code under the same key: the second member is not charged", async () => {
    await aMemberWithPoints(cloud, 'o-idem-m1', 1000);
    await aMemberWithPoints(cloud, 'o-idem-m2', 1000);
    const k = aKey('deduct');
    const c1 = await cloud.as('o-idem-m1').ok('user.memberCode', {});
    const first = await cloud.as(clerk).ok('staff.deductPoints', { code: c1.code, points: 300, reason: 'coffee', idempotencyKey: k });
    expect(first).toEqual({ pointsBalance: 700 });
    const c2 = await cloud.as('o-idem-m2').ok('user.memberCode', {});
    expect(await cloud.as(clerk).call('staff.deductPoints', { code: c2.code, points: 300, reason: 'coffee', idempotencyKey: k })).toMatchObject(refused);
    expect([balanceOf('o-idem-m1'), balanceOf('o-idem-m2')]).toEqual([700, 1000]);
  });

  it('answers a retry with a fresh code of the same member as the same request, charging once', async () => {
    await aMemberWithPoints(cloud, 'o-idem-m3', 1000);
    const k = aKey('deduct');
    const c1 = await cloud.as('o-idem-m3').ok('user.memberCode', {});
    const first = await cloud.as(clerk).ok('staff.deductPoints', { code: c1.code, points: 200, reason: 'tea', idempotencyKey: k });
    cloud.advance(1_000);
    const c2 = await cloud.as('o-idem-m3').ok('user.memberCode', {});
    expect(await cloud.as(clerk).ok('staff.deductPoints', { code: c2.code, points: 200, reason: 'tea', idempotencyKey: k })).toEqual(first);
    // The first code, replaced and then expired, still gets the first answer.
    cloud.advance(61_000);
    expect(await cloud.as(clerk).ok('staff.deductPoints', { code: c1.code, points: 200, reason: 'tea', idempotencyKey: k })).toEqual(first);
    // The same member with other points under the key is another request.
    const c3 = await cloud.as('o-idem-m3').ok('user.memberCode', {});
    expect(await cloud.as(clerk).call('staff.deductPoints', { code: c3.code, points: 500, reason: 'tea', idempotencyKey: k })).toMatchObject(refused);
    expect(balanceOf('o-idem-m3')).toBe(800);
  });
});
