/**
 * Commission does not survive a refund, partial ones included: after every successful refund each level
 * keeps floor((payable − refunded) × rate / 10000), through the local cloud with the real refund callback.
 */
import { all, startCloud } from '../support/cloud';
import { aProductWithSkus, key } from '../support/social';

const cloud = startCloud();
const DAY = 24 * 3600_000;
let n = 0;

interface Entry { key: string; kind: string; level: number; amountFen: number; keptFen?: number; status: string; refundNo?: string }

/** A chain l2 → l1 → buyer, bound at first login. */
async function aChain() {
  const tag = n++;
  const [l2, l1, buyer] = ['l2', 'l1', 'buyer'].map((r) => `o-cr-${r}-${tag}`);
  const l2Id = (await cloud.as(l2).ok('user.login', {})).userId;
  const l1Id = (await cloud.as(l1).ok('user.login', { inviter: l2Id })).userId;
  await cloud.as(buyer).ok('user.login', { inviter: l1Id });
  return { l2, l1, buyer };
}

/** A paid order of two lines: 6000 + 3999 = 9999 fen (10 % → 999, 3 % → 299). */
async function aPaidTwoLineOrder(buyer: string) {
  const [big, small] = await aProductWithSkus(cloud, [6000, 3999]);
  const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId: big, quantity: 1 }, { skuId: small, quantity: 1 }], idempotencyKey: key('ord') });
  await cloud.pay(o.payment.outTradeNo);
  return { orderId: o.orderId, big, small };
}

const center = (openid: string) => cloud.as(openid).ok('distribution.center', {});
const commissions = async (openid: string) => (await cloud.as(openid).ok('distribution.commissions', {})).items;
const settle = () => cloud.host.runTimer('distribution', 'settle');
// After settlement the member's after-sale window (7 days after completion) has closed: the merchant refunds.
const refundLines = (_buyer: string, orderId: string, skuIds?: string[]) => cloud.admin.ok('admin.refund', { orderId, reason: 'after-sale', ...(skuIds ? { skuIds } : {}) });
const entries = (orderId: string) => cloud.docs<Entry>('commissions', { orderId });

async function completeAndSettle(buyer: string, orderId: string) {
  await cloud.admin.ok('admin.ship', { orderId, carrier: 'SF', trackingNo: 'SF100200300' });
  await cloud.as(buyer).ok('order.confirmReceipt', { orderId });
  cloud.advance(7 * DAY);
  await settle();
}

/** Sends the refund's notification again, as WeChat Pay does when it is not sure it was taken. */
async function replayRefundNotice(orderId: string, outRefundNo: string) {
  const r = cloud.docs<{ refundFen: number }>('refunds', { _id: outRefundNo })[0];
  const order = cloud.docs<{ payableFen: number }>('orders', { _id: orderId })[0];
  return cloud.host.invoke('pay', { returnCode: 'SUCCESS', refundStatus: 'SUCCESS', outTradeNo: orderId, outRefundNo, refundFee: r.refundFen, totalFee: order.payableFen }, { source: 'wx_paycallback' });
}

beforeAll(async () => {
  await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 300, settleAfterMs: 7 * DAY });
});

describe('a partial refund before the commission settles', () => {
  it('lowers each level’s pending commission to what the money still paid earns', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await refundLines(c.buyer, o.orderId, [o.small]); // 6000 fen stays paid
    expect(await center(c.l1)).toMatchObject({ pendingFen: 600, reversedFen: 399, settledFen: 0, withdrawableFen: 0 });
    expect(await center(c.l2)).toMatchObject({ pendingFen: 180, reversedFen: 119 });
    expect(await commissions(c.l1)).toEqual([{ orderId: o.orderId, level: 1, amountFen: 600, status: 'pending', accruedFen: 999, reversedFen: 399 }]);
  });

  it('writes one reversal entry per level keyed by the refund, leaving the accrual’s amount as it was', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await refundLines(c.buyer, o.orderId, [o.small]);
    const r1 = `${o.orderId}_r1`;
    const byKey = new Map(entries(o.orderId).map((e) => [e.key, e]));
    expect(byKey.get(`order:${o.orderId}:l1`)).toMatchObject({ kind: 'earn', amountFen: 999, keptFen: 600, status: 'pending' });
    expect(byKey.get(`order:${o.orderId}:l1:refund:${r1}`)).toMatchObject({ kind: 'reversal', amountFen: -399, status: 'reversed', refundNo: r1 });
    expect(byKey.get(`order:${o.orderId}:l2:refund:${r1}`)).toMatchObject({ kind: 'reversal', amountFen: -119 });
  });

  it('later settles only the remainder', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await refundLines(c.buyer, o.orderId, [o.small]);
    await completeAndSettle(c.buyer, o.orderId);
    expect(await center(c.l1)).toMatchObject({ pendingFen: 0, settledFen: 600, reversedFen: 399, withdrawableFen: 600 });
    expect(await center(c.l2)).toMatchObject({ pendingFen: 0, settledFen: 180, withdrawableFen: 180 });
    expect(await commissions(c.l1)).toEqual([expect.objectContaining({ amountFen: 600, status: 'settled' })]);
  });
});

describe('a partial refund after the commission settled', () => {
  it('claws back what the refunded money earned, lowering withdrawable and carrying it negative', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await completeAndSettle(c.buyer, o.orderId);
    await cloud.as(c.l1).ok('distribution.withdraw', { amountFen: 999, idempotencyKey: key('wd') });
    await refundLines(c.buyer, o.orderId, [o.big]); // 3999 fen stays paid
    expect(await center(c.l1)).toMatchObject({ pendingFen: 0, settledFen: 999, reversedFen: 600, withdrawableFen: -600 });
    expect(await center(c.l2)).toMatchObject({ settledFen: 299, reversedFen: 180, withdrawableFen: 119 });
    expect(await commissions(c.l1)).toEqual([{ orderId: o.orderId, level: 1, amountFen: 399, status: 'settled', accruedFen: 999, reversedFen: 600 }]);
    expect(entries(o.orderId).filter((e) => e.kind === 'clawback').map((e) => e.amountFen).sort()).toEqual([-180, -600]);
  });
});

describe('refunding the rest', () => {
  it('reverses what was left of a pending commission, to 0', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await refundLines(c.buyer, o.orderId, [o.small]);
    await refundLines(c.buyer, o.orderId);
    expect(cloud.docs<{ status: string }>('orders', { _id: o.orderId })[0].status).toBe('refunded');
    expect(await center(c.l1)).toMatchObject({ pendingFen: 0, settledFen: 0, reversedFen: 999, withdrawableFen: 0 });
    expect(await center(c.l2)).toMatchObject({ pendingFen: 0, reversedFen: 299 });
    expect(await commissions(c.l1)).toEqual([{ orderId: o.orderId, level: 1, amountFen: 0, status: 'reversed', accruedFen: 999, reversedFen: 999 }]);
    const l1 = entries(o.orderId).filter((e) => e.level === 1);
    expect(l1.filter((e) => e.kind === 'reversal').map((e) => e.amountFen).sort()).toEqual([-399, -600]);
    cloud.advance(30 * DAY);
    await settle();
    expect((await center(c.l1)).settledFen).toBe(0);
  });

  it('claws back the rest of a settled commission, to 0', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await completeAndSettle(c.buyer, o.orderId);
    await refundLines(c.buyer, o.orderId, [o.big]);
    await refundLines(c.buyer, o.orderId, [o.small]);
    expect(await center(c.l1)).toMatchObject({ settledFen: 999, reversedFen: 999, withdrawableFen: 0 });
    expect(await center(c.l2)).toMatchObject({ settledFen: 299, reversedFen: 299, withdrawableFen: 0 });
    expect(await commissions(c.l1)).toEqual([expect.objectContaining({ amountFen: 0, status: 'reversed' })]);
  });
});

describe('a refund notification that arrives again', () => {
  it('takes the commission back once, however many copies arrive at once', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await refundLines(c.buyer, o.orderId, [o.small]);
    const answers = await all(6, () => replayRefundNotice(o.orderId, `${o.orderId}_r1`));
    expect(answers).toEqual(Array(6).fill({ errcode: 0, errmsg: 'OK' }));
    expect(await center(c.l1)).toMatchObject({ pendingFen: 600, reversedFen: 399 });
    expect(entries(o.orderId).filter((e) => e.kind !== 'earn')).toHaveLength(2);
  });
});

describe('a refund racing the settle timer', () => {
  it('ends with the balances matching what is kept, whichever goes first', async () => {
    const chains = await Promise.all([aChain(), aChain(), aChain()]);
    const orders = await Promise.all(chains.map(async (c) => {
      const o = await aPaidTwoLineOrder(c.buyer);
      await cloud.admin.ok('admin.ship', { orderId: o.orderId, carrier: 'SF', trackingNo: 'SF100200300' });
      await cloud.as(c.buyer).ok('order.confirmReceipt', { orderId: o.orderId });
      return o;
    }));
    cloud.advance(7 * DAY);
    await Promise.all([settle(), ...chains.map((c, i) => refundLines(c.buyer, orders[i].orderId, [orders[i].small])), settle()]);
    for (const [i, c] of chains.entries()) {
      const a = await center(c.l1);
      // Settled first: 999 settled, 399 clawed back. Refunded first: 399 reversed, 600 settled. Either way 600 kept.
      expect(a).toMatchObject({ pendingFen: 0, reversedFen: 399, withdrawableFen: 600 });
      expect([600, 999]).toContain(a.settledFen);
      expect(entries(orders[i].orderId).find((e) => e.key === `order:${orders[i].orderId}:l1`)).toMatchObject({ keptFen: 600, status: 'settled' });
    }
  });
});

describe('database requests', () => {
  it('reports dbRequests for a partial refund whose callback reverses two levels', async () => {
    const c = await aChain();
    const o = await aPaidTwoLineOrder(c.buyer);
    await cloud.as(c.buyer).ok('order.refund', { orderId: o.orderId, reason: 'after-sale', skuIds: [o.small] });
    const [refundCall, callback] = [cloud.host.calls(5).find((x) => x.name === 'order' && x.action === 'refund')!, cloud.host.calls(5).find((x) => x.name === 'pay')!];
    expect(refundCall.ok).toBe(true);
    expect(callback.dbRequests).toBeLessThan(40);
  });
});
