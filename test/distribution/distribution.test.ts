import { all, startCloud } from '../support/cloud';
import { aProduct, key } from '../support/social';

const cloud = startCloud();
const DAY = 24 * 3600_000;
let n = 0;

/** A chain top → l2 → l1 → buyer, each bound at first login by the one before. */
async function aChain() {
  const tag = n++;
  const ids: string[] = [];
  const openids = ['top', 'l2', 'l1', 'buyer'].map((r) => `o-dist-${r}-${tag}`);
  for (const [i, o] of openids.entries()) ids.push((await cloud.as(o).ok('user.login', i ? { inviter: ids[i - 1] } : {})).userId);
  const [top, l2, l1, buyer] = openids;
  return { top, l2, l1, buyer, ids };
}

async function aPaidOrder(buyer: string, priceFen = 10000) {
  const { skuId } = await aProduct(cloud, { priceFen });
  const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: key('ord') });
  await cloud.pay(o.payment.outTradeNo);
  return o.orderId;
}

async function complete(buyer: string, orderId: string) {
  await cloud.admin.ok('admin.ship', { orderId, carrier: 'SF', trackingNo: 'SF100200300' });
  await cloud.as(buyer).ok('order.confirmReceipt', { orderId });
}

const center = (openid: string) => cloud.as(openid).ok('distribution.center', {});
const settle = () => cloud.host.runTimer('distribution', 'settle');

beforeAll(async () => {
  await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 300, settleAfterMs: 7 * DAY });
});

describe('the commission plan', () => {
  it('is for operators only', async () => {
    expect(await cloud.as('o-dist-x').call('admin.setCommissionPlan', { level1Bps: 1, level2Bps: 1, settleAfterMs: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
  it('refuses rates that pay more than the order', async () => {
    expect(await cloud.admin.call('admin.setCommissionPlan', { level1Bps: 9000, level2Bps: 2000, settleAfterMs: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('on payment', () => {
  it('credits the inviter 10 % and the inviter’s inviter 3 %, both pending, and never a third level', async () => {
    const c = await aChain();
    const orderId = await aPaidOrder(c.buyer, 9999);
    expect(await center(c.l1)).toMatchObject({ pendingFen: 999, settledFen: 0, withdrawableFen: 0, level1Count: 1, level2Count: 0 });
    expect(await center(c.l2)).toMatchObject({ pendingFen: 299, level1Count: 1, level2Count: 1 });
    expect(await center(c.top)).toMatchObject({ pendingFen: 0 });
    expect(cloud.count('commissions', { orderId })).toBe(2);
    expect((await cloud.as(c.l1).ok('distribution.commissions', {})).items).toEqual([{ orderId, level: 1, amountFen: 999, status: 'pending', accruedFen: 999, reversedFen: 0 }]);
  });

  it('credits nothing when the buyer has no inviter', async () => {
    const orderId = await aPaidOrder(`o-dist-lonely-${n++}`);
    expect(cloud.count('commissions', { orderId })).toBe(0);
  });
});

describe('settlement', () => {
  it('settles once settleAfterMs has passed since completion, not before', async () => {
    const c = await aChain();
    const orderId = await aPaidOrder(c.buyer, 10000);
    cloud.advance(30 * DAY); // time before completion does not count
    await settle();
    expect((await center(c.l1)).pendingFen).toBe(1000);
    await complete(c.buyer, orderId);
    cloud.advance(7 * DAY - 60_000);
    await settle();
    expect(await center(c.l1)).toMatchObject({ pendingFen: 1000, settledFen: 0 });
    cloud.advance(60_000);
    await settle();
    expect(await center(c.l1)).toMatchObject({ pendingFen: 0, settledFen: 1000, withdrawableFen: 1000 });
    expect(await center(c.l2)).toMatchObject({ pendingFen: 0, settledFen: 300 });
    await settle();
    expect((await center(c.l1)).settledFen).toBe(1000);
  });

  it('reverses a commission whose order is refunded before it settles', async () => {
    const c = await aChain();
    const orderId = await aPaidOrder(c.buyer, 10000);
    await cloud.as(c.buyer).ok('order.refund', { orderId, reason: 'changed my mind' });
    expect(await center(c.l1)).toMatchObject({ pendingFen: 0, reversedFen: 1000, settledFen: 0, withdrawableFen: 0 });
    expect((await cloud.as(c.l1).ok('distribution.commissions', {})).items).toEqual([{ orderId, level: 1, amountFen: 0, status: 'reversed', accruedFen: 1000, reversedFen: 1000 }]);
    cloud.advance(8 * DAY);
    await settle();
    expect((await center(c.l1)).settledFen).toBe(0);
  });

  it('claws back a settled commission when the order is refunded after settlement, carrying a negative balance', async () => {
    const c = await aChain();
    const orderId = await aPaidOrder(c.buyer, 10000);
    await complete(c.buyer, orderId);
    cloud.advance(7 * DAY);
    await settle();
    await cloud.as(c.l1).ok('distribution.withdraw', { amountFen: 1000, idempotencyKey: key('wd') });
    await cloud.admin.ok('admin.refund', { orderId, reason: 'after-sale' }); // past the member's window: the merchant refunds
    expect(await center(c.l1)).toMatchObject({ settledFen: 1000, reversedFen: 1000, withdrawableFen: -1000 });
    // The list shows one item per (order, level) with what is kept; the clawback entry is in the ledger.
    expect((await cloud.as(c.l1).ok('distribution.commissions', {})).items).toEqual([{ orderId, level: 1, amountFen: 0, status: 'reversed', accruedFen: 1000, reversedFen: 1000 }]);
    expect(cloud.docs<{ kind: string; amountFen: number }>('commissions', { orderId, level: 1, kind: 'clawback' }).map((e) => e.amountFen)).toEqual([-1000]);
  });
});

describe('withdrawing', () => {
  async function settledInviter(priceFen: number) {
    const c = await aChain();
    const orderId = await aPaidOrder(c.buyer, priceFen);
    await complete(c.buyer, orderId);
    cloud.advance(7 * DAY);
    await settle();
    return c;
  }

  it('refuses more than withdrawable as INSUFFICIENT_BALANCE and writes nothing', async () => {
    const c = await settledInviter(10000);
    expect(await cloud.as(c.l1).call('distribution.withdraw', { amountFen: 1001, idempotencyKey: key('wd') })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_BALANCE' } });
    expect((await center(c.l1)).withdrawableFen).toBe(1000);
  });

  it('is pending approval, idempotent, and lowers withdrawable once', async () => {
    const c = await settledInviter(10000);
    const k = key('wd');
    const a = await cloud.as(c.l1).ok('distribution.withdraw', { amountFen: 400, idempotencyKey: k });
    const b = await cloud.as(c.l1).ok('distribution.withdraw', { amountFen: 400, idempotencyKey: k });
    expect(b).toEqual(a);
    expect(a.status).toBe('pendingApproval');
    expect((await center(c.l1)).withdrawableFen).toBe(600);
  });

  it('never pays out more than withdrawable however many requests race', async () => {
    const c = await settledInviter(10000);
    const outs = await all(12, () => cloud.as(c.l1).call('distribution.withdraw', { amountFen: 300, idempotencyKey: key('wd') }));
    expect(outs.filter((o) => o.ok)).toHaveLength(3);
    expect(outs.filter((o) => !o.ok).every((o) => !o.ok && o.error.code === 'INSUFFICIENT_BALANCE')).toBe(true);
    expect((await center(c.l1)).withdrawableFen).toBe(100);
  });

  it('refuses less than the minimum', async () => {
    const c = await settledInviter(10000);
    expect(await cloud.as(c.l1).call('distribution.withdraw', { amountFen: 99, idempotencyKey: key('wd') })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('the poster', () => {
  it('asks for a wxacode with a short scene carrying the share code, and returns the image', async () => {
    const res = await cloud.as('o-dist-poster').ok('distribution.poster', {});
    expect(res.scene.length).toBeLessThanOrEqual(32);
    expect(res.imageBase64.length).toBeGreaterThan(0);
    const call = cloud.state.outbox.find((x) => x.api === 'wxacode.getUnlimited' && (x.data as { scene: string }).scene === res.scene);
    expect(call).toBeDefined();
    const code = res.scene.replace(/^i=/, '');
    const newcomer = await cloud.as('o-dist-from-poster').ok('user.login', { inviter: code });
    expect(newcomer.inviterUserId).not.toBeNull();
  });
});

describe('the nightly commission audit', () => {
  it('passes a consistent ledger, and raises one alert a day for a balance changed behind its back', async () => {
    const c = await aChain();
    const orderId = await aPaidOrder(c.buyer, 20_000);
    await complete(c.buyer, orderId);
    cloud.advance(8 * DAY);
    await settle();

    const clean = (await cloud.host.runTimer('distribution', 'audit')) as { checked: number; mismatches: string[] };
    expect(clean.checked).toBeGreaterThanOrEqual(2);
    expect(clean.mismatches).toEqual([]);

    // Someone edits a cached balance directly in the console: the ledger no longer agrees.
    const l1Id = c.ids[2];
    cloud.engine.handle('database.modifyDocument', {
      collectionName: 'commission_accounts', queryType: 'DOC', query: JSON.stringify({ _id: l1Id }),
      data: JSON.stringify({ $inc: { settledFen: { $numberInt: '500' } } }), multi: false, merge: true, upsert: false,
    });
    const dirty = (await cloud.host.runTimer('distribution', 'audit')) as { mismatches: string[] };
    expect(dirty.mismatches).toEqual([l1Id]);
    await cloud.host.runTimer('distribution', 'audit');
    expect(cloud.count('alerts', { kind: 'commissionLedgerMismatch', userId: l1Id })).toBe(1);
  });
});
