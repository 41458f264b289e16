/**
 * A payment notification racing a cancel (by the member, or the payment timeout), many times over:
 * every order ends either `paid` (the cancel refused) or `cancelled` with the payment refunded exactly
 * once, and stock, coupons, points and the points ledger agree with how it ended.
 */
import { auditLedger } from '../../server/points/jobs';
import { aMemberWithPoints } from '../membership/fixtures';
import { all, startCloud, type TestCloud } from '../support/cloud';
import { aCoupon, aKey, aSku, pointsOf, stockOf } from './fixtures';

const cloud = startCloud();
const ORDERS = 20;
const GRANT = 1000;
const POINTS_USED = 300;
const PRICE = 5000;

/** Lets `n` turns of the event loop pass (no timers): staggers which of two racing calls gets ahead. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

interface Placed { openid: string; orderId: string; outTradeNo: string; payableFen: number; couponId: string }

/** `ORDERS` members each holding points and a claimed coupon, each with one pending order using both. */
async function pendingOrders(label: string, skuId: string): Promise<Placed[]> {
  const couponId = await aCoupon(cloud, { discountFen: 500, minSpendFen: 0, total: ORDERS, perUserLimit: 1 });
  return all(ORDERS, async (i) => {
    const openid = `o-race-${label}-${i}`;
    await aMemberWithPoints(cloud, openid, GRANT);
    await cloud.as(openid).ok('coupon.claim', { couponId });
    const o = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity: 2 }], couponId, pointsToUse: POINTS_USED, idempotencyKey: aKey() });
    return { openid, orderId: o.orderId, outTradeNo: o.payment.outTradeNo, payableFen: o.payableFen, couponId };
  });
}

/** Checks every order ended one consistent way; answers how many were paid. */
async function expectConsistent(c: TestCloud, placed: Placed[], skuId: string, stockBefore: number): Promise<number> {
  let paid = 0;
  for (const p of placed) {
    const order = c.docs<{ status: string; payableFen: number }>('orders', { _id: p.orderId })[0];
    const refunds = c.docs<{ kind: string; status: string; refundFen: number }>('refunds', { orderId: p.orderId });
    const payRefunds = c.state.payment(p.outTradeNo)?.refunds ?? [];
    const coupon = c.docs<{ used: boolean }>('user_coupons', { couponId: p.couponId, userId: c.docs<{ _id: string }>('users', { openid: p.openid })[0]._id })[0];
    expect(['paid', 'cancelled']).toContain(order.status);
    if (order.status === 'paid') {
      paid++;
      expect(refunds).toEqual([]);
      expect(payRefunds).toEqual([]);
      expect(coupon.used).toBe(true);
      expect(pointsOf(c, p.openid)).toBe(GRANT - POINTS_USED + Math.floor(p.payableFen / 100));
    } else {
      // Paid money of a cancelled order goes back once, in full.
      expect(refunds).toEqual([expect.objectContaining({ kind: 'latePayment', status: 'succeeded', refundFen: p.payableFen })]);
      expect(payRefunds.map((r) => r.refundFee)).toEqual([p.payableFen]);
      expect(coupon.used).toBe(false);
      expect(pointsOf(c, p.openid)).toBe(GRANT);
    }
    // One notification recorded: on the order that it paid, or in `payments` (the late one, refunded).
    const recorded = c.count('payments', { orderId: p.orderId }) + c.docs<{ paidNotice?: string }>('orders', { _id: p.orderId }).filter((o) => o.paidNotice).length;
    expect(recorded).toBe(1);
  }
  expect(stockOf(c, skuId)).toBe(stockBefore - 2 * paid);
  expect((await auditLedger(Date.now())).mismatches).toEqual([]);
  return paid;
}

describe('when the payment notification and order.cancel arrive at the same moment, 20 times over', () => {
  it('ends each order paid (the cancel refused with INVALID_STATE) or cancelled and refunded once, with stock, coupon and points to match', async () => {
    const skuId = await aSku(cloud, { priceFen: PRICE, stock: 100 });
    const placed = await pendingOrders('cancel', skuId);
    const outcomes = await all(ORDERS, async (i) => {
      const p = placed[i];
      // Both are in flight together; the notification starts 0..4 loop turns later, so either may win.
      const [cancel] = await Promise.all([cloud.as(p.openid).call('order.cancel', { orderId: p.orderId }), turns(i % 5).then(() => cloud.pay(p.outTradeNo))]);
      return cancel;
    });
    for (const [i, cancel] of outcomes.entries()) {
      const status = cloud.docs<{ status: string }>('orders', { _id: placed[i].orderId })[0].status;
      if (status === 'paid') expect(cancel).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
      else expect(cancel).toEqual({ ok: true, data: { status: 'cancelled' } });
    }
    const paid = await expectConsistent(cloud, placed, skuId, 100);
    // The race really went both ways (else half of this proves nothing).
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThan(ORDERS);
  });
});

describe('when the payment notifications arrive while the timeout timer runs', () => {
  it('ends each order paid or cancelled and refunded once, with stock, coupon and points to match', async () => {
    const skuId = await aSku(cloud, { priceFen: PRICE, stock: 100 });
    const placed = await pendingOrders('timer', skuId);
    cloud.advance(15 * 60_000 + 1);
    // The timer cancels them one by one, oldest first, while the notifications arrive spread over the same
    // stretch, newest order first: the timer reaches the first orders before their payments and the last
    // ones after, so the race goes both ways however long one payment or one cancel takes.
    await Promise.all([cloud.host.runTimer('order', 'cancelExpired'), ...placed.map((p, i) => turns((ORDERS - 1 - i) * 4).then(() => cloud.pay(p.outTradeNo)))]);
    // A timer running again later changes nothing.
    await cloud.host.runTimer('order', 'cancelExpired');
    const paid = await expectConsistent(cloud, placed, skuId, 100);
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThan(ORDERS);
  });
});
