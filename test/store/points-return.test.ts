/**
 * Points an order spent come back into the lots they were taken from, keeping those lots' expiry: on a
 * cancel, on the payment timeout, and on a refund of lines paid with points. Spending and cancelling never
 * makes points live longer; points whose lot expired in the meantime are not revived.
 */
import { LOT_LIFETIME_MS } from '../../domain/points/points';
import { auditLedger } from '../../server/points/jobs';
import { entryId } from '../../server/points/ledger';
import { aMemberWithPoints } from '../membership/fixtures';
import { startCloud } from '../support/cloud';
import { aKey, aProduct, aSku, pointsOf } from './fixtures';

const cloud = startCloud();
const DAY = 24 * 3600_000;

interface LotDoc { lotId: string; earnedAt: number; expiresAt: number; remaining: number }
const lotsOf = (userId: string) => cloud.docs<{ lots: LotDoc[] }>('points_accounts', { _id: userId })[0]?.lots ?? [];
const entry = (key: string) => cloud.docs<{ delta: number; takes?: { lotId: string; points: number; expiresAt?: number }[]; expired?: { points: number }[] }>('points_entries', { _id: entryId(key) })[0];

/** A member holding one lot of `points` earned now; answers the user id and the lot. */
async function aMemberWithALot(openid: string, points: number) {
  const key = aKey('lot');
  const userId = await aMemberWithPoints(cloud, openid, points, key);
  const lot = lotsOf(userId).find((l) => l.lotId === entryId(key))!;
  return { userId, lot };
}

describe('when an order that spent points is cancelled 200 days after they were earned', () => {
  it('puts them back into their lot, still expiring at day 365 (not day 565)', async () => {
    const { userId, lot } = await aMemberWithALot('o-ret-cancel', 500);
    expect(lot.expiresAt).toBe(lot.earnedAt + LOT_LIFETIME_MS);
    cloud.advance(200 * DAY);
    const skuId = await aSku(cloud, { priceFen: 3000 });
    const o = await cloud.as('o-ret-cancel').ok('order.create', { items: [{ skuId, quantity: 1 }], pointsToUse: 300, idempotencyKey: aKey() });
    expect(lotsOf(userId)).toEqual([expect.objectContaining({ lotId: lot.lotId, remaining: 200 })]);

    await cloud.as('o-ret-cancel').ok('order.cancel', { orderId: o.orderId });

    expect(lotsOf(userId)).toEqual([expect.objectContaining({ lotId: lot.lotId, remaining: 500, expiresAt: lot.expiresAt })]);
    expect(entry(`order:${o.orderId}:spendReturn`)).toMatchObject({ delta: 300, takes: [{ lotId: lot.lotId, points: 300, expiresAt: lot.expiresAt }] });
    expect(pointsOf(cloud, 'o-ret-cancel')).toBe(500);

    // On day 365 all 500 expire: the cancel did not buy them another year.
    cloud.advance(165 * DAY + 1);
    await cloud.host.runTimer('points', 'expireLots');
    expect(pointsOf(cloud, 'o-ret-cancel')).toBe(0);
    expect((await auditLedger(Date.now())).mismatches).toEqual([]);
  });

  it('gives them back once, however often the cancel is asked', async () => {
    const { userId } = await aMemberWithALot('o-ret-twice', 400);
    const skuId = await aSku(cloud, { priceFen: 3000 });
    const o = await cloud.as('o-ret-twice').ok('order.create', { items: [{ skuId, quantity: 1 }], pointsToUse: 250, idempotencyKey: aKey() });
    await cloud.as('o-ret-twice').ok('order.cancel', { orderId: o.orderId });
    expect(await cloud.as('o-ret-twice').call('order.cancel', { orderId: o.orderId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(pointsOf(cloud, 'o-ret-twice')).toBe(400);
    expect(cloud.count('points_entries', { userId, kind: 'orderSpendReturn' })).toBe(1);
  });
});

describe('when the payment times out after one of the spent lots expired', () => {
  it('does not revive the expired lot\'s points and returns the others to their own lot', async () => {
    const { userId, lot: old } = await aMemberWithALot('o-ret-expired', 300);
    cloud.advance(300 * DAY);
    const { lot: young } = await aMemberWithALot('o-ret-expired', 500);
    // Ten minutes before the old lot expires, an order spends all of it and 100 of the young lot.
    cloud.advance(65 * DAY - 10 * 60_000);
    const skuId = await aSku(cloud, { priceFen: 5000 });
    const o = await cloud.as('o-ret-expired').ok('order.create', { items: [{ skuId, quantity: 1 }], pointsToUse: 400, idempotencyKey: aKey() });
    expect(pointsOf(cloud, 'o-ret-expired')).toBe(400);

    cloud.advance(16 * 60_000);
    await cloud.host.runTimer('order', 'cancelExpired');

    expect(cloud.docs('orders', { _id: o.orderId })[0]).toMatchObject({ status: 'cancelled', cancelReason: 'paymentTimeout' });
    expect(lotsOf(userId)).toEqual([expect.objectContaining({ lotId: young.lotId, remaining: 500, expiresAt: young.expiresAt })]);
    expect(pointsOf(cloud, 'o-ret-expired')).toBe(500);
    expect(entry(`order:${o.orderId}:spendReturn`)).toMatchObject({ delta: 100, expired: [{ lotId: old.lotId, points: 300, expiresAt: old.expiresAt }] });
    expect((await auditLedger(Date.now())).mismatches).toEqual([]);
  });
});

describe('when lines paid partly with points are refunded one by one', () => {
  it('returns each line\'s points into the original lot with its expiry, never more than the order spent', async () => {
    const { userId, lot } = await aMemberWithALot('o-ret-lines', 1000);
    cloud.advance(100 * DAY);
    const { skus } = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 5000, stock: 5 }, { name: 'b', priceFen: 3000, stock: 5 }] });
    const o = await cloud.as('o-ret-lines').ok('order.create', { items: [{ skuId: skus[0].skuId, quantity: 1 }, { skuId: skus[1].skuId, quantity: 1 }], pointsToUse: 800, idempotencyKey: aKey() });
    await cloud.pay(o.payment.outTradeNo);
    const original = () => lotsOf(userId).find((l) => l.lotId === lot.lotId);
    expect(original()).toMatchObject({ remaining: 200 });

    await cloud.as('o-ret-lines').ok('order.refund', { orderId: o.orderId, reason: 'one line', skuIds: [skus[0].skuId] });
    expect(original()).toMatchObject({ remaining: 700, expiresAt: lot.expiresAt });

    await cloud.as('o-ret-lines').ok('order.refund', { orderId: o.orderId, reason: 'the other', skuIds: [skus[1].skuId] });
    expect(cloud.docs('orders', { _id: o.orderId })[0]).toMatchObject({ status: 'refunded' });
    expect(original()).toMatchObject({ remaining: 1000, expiresAt: lot.expiresAt });
    const returned = cloud.docs<{ delta: number }>('points_entries', { userId, kind: 'orderSpendReturn' }).reduce((s, e) => s + e.delta, 0);
    expect(returned).toBe(800);
    expect(lotsOf(userId).every((l) => l.expiresAt <= l.earnedAt + LOT_LIFETIME_MS)).toBe(true);
    expect((await auditLedger(Date.now())).mismatches).toEqual([]);
  });
});
