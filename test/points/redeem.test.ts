/**
 * points.redeem as the member and the ledger see it (server/points/redeem.ts): the right, its ledger entry,
 * the markers the sweep clears, repeats under one key, keys answered before claims existed, merged members, and
 * a settled right that is never read by the sweep again.
 */
import { db } from '../../server/kernel/db';
import { fingerprintOf, idempotencyId } from '../../server/kernel/idempotency';
import { REDEMPTION_SWEEP_AGE_MS, redemptionIdFor } from '../../server/points/redeem';
import { userIdFor } from '../../server/membership/users';
import { startCloud } from '../support/cloud';
import { checkPoints, checkRedemptions } from '../support/invariants';
import { aKey, aMemberWithPoints, aReward, grantPoints } from '../membership/fixtures';

const cloud = startCloud();
const sweep = async () => {
  cloud.advance(REDEMPTION_SWEEP_AGE_MS + 1_000);
  return cloud.host.runTimer('points', 'sweepRedemptions') as Promise<{ issued: number; voided: number; failed: number }>;
};

describe('a redemption that goes through', () => {
  it('issues the right, spends the points from the lots expiring first as one ledger entry, and takes one from stock', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 150, stock: 3 }));
    const userId = await aMemberWithPoints(cloud, 'o-rd-through', 100);
    cloud.advance(1_000);
    await grantPoints(userId, 100);
    const [early, late] = cloud.docs<{ lots: { lotId: string; expiresAt: number }[] }>('points_accounts', { _id: userId })[0].lots;
    const { redemptionId, balance } = await cloud.as('o-rd-through').ok('points.redeem', { rewardId, idempotencyKey: aKey() });
    expect(balance).toBe(50);
    expect(cloud.docs('redemptions', { _id: redemptionId })[0]).toMatchObject({ status: 'issued', userId, rewardId, costPoints: 150, balance: 50 });
    expect(cloud.docs('points_entries', { userId, kind: 'redeem' })).toEqual([expect.objectContaining({
      key: `redeem:${redemptionId}`, refId: redemptionId, delta: -150,
      takes: [{ lotId: early.lotId, points: 100, expiresAt: early.expiresAt }, { lotId: late.lotId, points: 50, expiresAt: late.expiresAt }],
    })]);
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 2 });
    expect(await checkPoints((c) => cloud.docs(c))).toEqual([]);
    expect((await cloud.as('o-rd-through').ok('points.myRights', {})).items.map((r) => r.redemptionId)).toEqual([redemptionId]);
  });

  it('leaves its markers for the sweep, which clears them and never reads the right again', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 10, stock: 3 }));
    const userId = await aMemberWithPoints(cloud, 'o-rd-markers', 100);
    await cloud.as('o-rd-markers').ok('points.redeem', { rewardId, idempotencyKey: aKey() });
    expect(Object.keys(cloud.docs<{ holds?: object }>('rewards', { _id: rewardId })[0].holds ?? {})).toHaveLength(1);
    expect(Object.keys(cloud.docs<{ holds?: object }>('points_accounts', { _id: userId })[0].holds ?? {})).toHaveLength(1);
    expect(await sweep()).toMatchObject({ issued: expect.any(Number), failed: 0 });
    expect(await checkRedemptions((c) => cloud.docs(c))).toEqual([]);
    expect(cloud.docs('redemptions', { userId })[0]).toMatchObject({ status: 'issued', settled: true });
    expect(await sweep()).toEqual({ issued: 0, voided: 0, failed: 0 });
  });
});

describe('a redemption repeated under one idempotencyKey', () => {
  it('answers the same redemption every time, after the sweep and after the stock ran out too', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 100, stock: 1 }));
    await aMemberWithPoints(cloud, 'o-rd-repeat', 300);
    const key = aKey('repeat');
    const first = await cloud.as('o-rd-repeat').ok('points.redeem', { rewardId, idempotencyKey: key });
    expect(first.redemptionId).toBe(redemptionIdFor(userIdFor('o-rd-repeat'), key));
    expect(await cloud.as('o-rd-repeat').ok('points.redeem', { rewardId, idempotencyKey: key })).toEqual(first);
    await sweep();
    expect(await cloud.as('o-rd-repeat').ok('points.redeem', { rewardId, idempotencyKey: key })).toEqual(first);
    expect(await cloud.as('o-rd-repeat').call('points.redeem', { rewardId, idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
    expect((await cloud.as('o-rd-repeat').ok('points.balance', {})).balance).toBe(200);
  });

  it('refuses another request under the key with INVALID_ARGUMENT and takes nothing', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 100, stock: 5 }));
    const { rewardId: other } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 10, stock: 5 }));
    await aMemberWithPoints(cloud, 'o-rd-other', 300);
    const key = aKey('other');
    await cloud.as('o-rd-other').ok('points.redeem', { rewardId, idempotencyKey: key });
    expect(await cloud.as('o-rd-other').call('points.redeem', { rewardId: other, idempotencyKey: key })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.docs('rewards', { _id: other })[0]).toMatchObject({ stock: 5 });
    expect((await cloud.as('o-rd-other').ok('points.balance', {})).balance).toBe(200);
  });

  it('a refused redemption wrote nothing: asking again with more points goes through', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 100, stock: 5 }));
    const userId = await aMemberWithPoints(cloud, 'o-rd-poor', 50);
    const key = aKey('poor');
    expect(await cloud.as('o-rd-poor').call('points.redeem', { rewardId, idempotencyKey: key })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    expect(cloud.count('redemptions', { userId })).toBe(0);
    await grantPoints(userId, 50);
    expect(await cloud.as('o-rd-poor').ok('points.redeem', { rewardId, idempotencyKey: key })).toMatchObject({ balance: 0 });
  });
});

describe('a key answered before redemptions were claims', () => {
  it('keeps its answer from the idempotency record, and refuses another request under it', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 100, stock: 5 }));
    const userId = await aMemberWithPoints(cloud, 'o-rd-legacy', 300);
    const key = aKey('legacy');
    const redemptionId = redemptionIdFor(userId, key);
    // As the one-transaction redemption left it: the right (no tag, no fingerprint) and the key's record.
    await db().collection('redemptions').add({ data: { _id: redemptionId, userId, rewardId, kind: 'service', title: 't', costPoints: 100, verifyCode: '000000000042', status: 'issued', createdAt: Date.now(), usedAt: null, usedBy: null, storeId: null } });
    await db().collection('idempotency').add({ data: { _id: idempotencyId('points.redeem', userId, key), scope: 'points.redeem', userId, answer: { redemptionId, balance: 200 }, fp: [fingerprintOf('points.redeem', { rewardId })], createdAt: Date.now() } });
    expect(await cloud.as('o-rd-legacy').ok('points.redeem', { rewardId, idempotencyKey: key })).toEqual({ redemptionId, balance: 200 });
    const { rewardId: other } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 10, stock: 5 }));
    expect(await cloud.as('o-rd-legacy').call('points.redeem', { rewardId: other, idempotencyKey: key })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await cloud.as('o-rd-legacy').ok('points.balance', {})).balance).toBe(300);
  });
});

describe('a member merged into another', () => {
  it('redeems as the survivor, with the survivor\'s points', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 100, stock: 5 }));
    const older = await aMemberWithPoints(cloud, 'o-rd-old', 80);
    cloud.advance(1_000);
    await aMemberWithPoints(cloud, 'o-rd-new', 40);
    await cloud.as('o-rd-old').ok('user.bindPhone', { code: 'phone:13700000077' });
    await cloud.as('o-rd-new').ok('user.bindPhone', { code: 'phone:13700000077' });
    const key = aKey('merged');
    const out = await cloud.as('o-rd-new').ok('points.redeem', { rewardId, idempotencyKey: key });
    expect(out).toEqual({ redemptionId: redemptionIdFor(older, key), balance: 20 });
    expect(cloud.docs('redemptions', { _id: out.redemptionId })[0]).toMatchObject({ userId: older, accountId: older });
    expect((await cloud.as('o-rd-old').ok('points.myRights', {})).items.map((r) => r.redemptionId)).toEqual([out.redemptionId]);
    await sweep();
    expect(await checkPoints((c) => cloud.docs(c))).toEqual([]);
  });
});
