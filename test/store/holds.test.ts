/**
 * Holds and the sweep: a call that dies between any two of its database requests (the platform stops
 * functions at their timeout, or the process dies) loses no stock, flash stock, per-member count, coupon,
 * seat or points. `crashAfter(n)` lets the next call make n requests and fails every later one; for every
 * n until the call completes, the test then moves the clock past the sweep age, runs the `sweepHolds`
 * timer and checks that everything is whole, and that a retry with the same key goes through.
 */
import { HOLD_SWEEP_AGE_MS } from '../../server/store/holds';
import { userIdFor } from '../../server/membership/users';
import { startCloud, type TestCloud } from '../support/cloud';
import { crashAfter, disarm, installCrashHook } from '../support/crash';
import { checkPoints, checkWhole } from '../support/invariants';
import { aMemberWithPoints, aReward } from '../membership/fixtures';
import { aCoupon, aFlashSale, aKey, aSku } from './fixtures';

const cloud: TestCloud = startCloud();
installCrashHook(cloud);

const docs = (c: string) => cloud.docs(c);
const sweep = async () => {
  cloud.advance(HOLD_SWEEP_AGE_MS + 1_000);
  // Redemptions settle through the points function's own timer (server/points/redeem.ts).
  await cloud.host.runTimer('points', 'sweepRedemptions');
  return cloud.host.runTimer('order', 'sweepHolds');
};

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

/** Every logged error is one the crash explains (the router's INTERNAL, or a give-back left to the timer). */
function expectOnlyCrashLogs(): void {
  for (const call of errors.mock.calls) expect(String(call[0])).toMatch(/internal error|sweepHolds timer will|closeOrder failed/);
}

/** Runs `call` crashing after 0, 1, 2, ... requests until it completes; `check` after each sweep. */
async function everyGap<T>(call: (i: number) => Promise<T>, check: () => Promise<void>, prepare: (i: number) => Promise<unknown> = async () => undefined, max = 80): Promise<number> {
  for (let n = 0; n < max; n++) {
    await prepare(n);
    crashAfter(n);
    await call(n);
    const died = disarm();
    await sweep();
    await check();
    if (!died) return n;
  }
  throw new Error(`the call never completed within ${max} requests`);
}

describe('a placement that dies between two database requests', () => {
  it('gives back SKU stock, flash stock, the member count and the coupon, at every gap', async () => {
    const skuId = await aSku(cloud, { stock: 400, priceFen: 5000 });
    const flashSku = await aSku(cloud, { stock: 50, priceFen: 3000 });
    const flashSaleId = await aFlashSale(cloud, flashSku, { stock: 200, perUserLimit: 1000, endAt: Date.now() + 100 * 86_400_000 });
    const couponId = await aCoupon(cloud, { total: 1000, perUserLimit: 1000, discountFen: 100, validUntil: Date.now() + 200 * 86_400_000 });
    const buyer = 'o-holds-buyer';
    await aMemberWithPoints(cloud, buyer, 100_000);
    const initial = { skus: { [skuId]: 400, [flashSku]: 50 }, flash: { [flashSaleId]: 200 }, coupons: { [couponId]: 1000 } };
    const order = (key: string) => cloud.as(buyer).call('order.create', { items: [{ skuId, quantity: 2 }, { skuId: flashSku, quantity: 1 }], flashSaleId, couponId, pointsToUse: 100, idempotencyKey: key });

    const keys: string[] = [];
    const gaps = await everyGap((n) => order(keys[n]), async () => {
      const whole = await checkWhole(docs, initial);
      expect(whole.problems).toEqual([]);
      expect(await checkPoints(docs)).toEqual([]);
    }, async (n) => {
      await cloud.as(buyer).ok('coupon.claim', { couponId });
      keys[n] = aKey('crash');
    });
    expect(gaps).toBeGreaterThan(8);
    // Every key that died can be asked again and goes through once.
    for (const k of keys.slice(0, gaps)) {
      cloud.advance(61_000); // past the risk rule's orders-per-minute window
      const again = await order(k);
      expect(again).toMatchObject({ ok: true });
    }
    await sweep();
    const whole = await checkWhole(docs, initial);
    expect(whole.problems).toEqual([]);
    expect(whole.liveOrders).toBe(gaps + 1);
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(400 - 2 * (gaps + 1));
    expect(cloud.docs<{ stock: number }>('flash_sales', { _id: flashSaleId })[0].stock).toBe(200 - (gaps + 1));
    expectOnlyCrashLogs();
  });

  it('answers a retry at once after the sweep instead of waiting on a dead claim', async () => {
    const skuId = await aSku(cloud, { stock: 5 });
    const k = aKey('dead-claim');
    // Dies once its hold is written and its stock taken (a warm instance: member, SKUs, configuration
    // version and recent orders read together, the hold, the take, the transaction's start).
    crashAfter(7);
    await cloud.as('o-holds-retry').call('order.create', { items: [{ skuId }].map((l) => ({ ...l, quantity: 1 })), idempotencyKey: k });
    expect(disarm()).toBe(true);
    await sweep();
    const started = Date.now();
    const again = await cloud.as('o-holds-retry').call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: k });
    expect(again.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(4);
    expectOnlyCrashLogs();
  });

  it('lets a retry take over a claim older than the sweep age even before the timer ran', async () => {
    const skuId = await aSku(cloud, { stock: 5 });
    const k = aKey('stale-claim');
    crashAfter(7);
    await cloud.as('o-holds-takeover').call('order.create', { items: [{ skuId, quantity: 2 }], idempotencyKey: k });
    expect(disarm()).toBe(true);
    cloud.advance(HOLD_SWEEP_AGE_MS + 1_000);
    const again = await cloud.as('o-holds-takeover').call('order.create', { items: [{ skuId, quantity: 2 }], idempotencyKey: k });
    expect(again.ok).toBe(true);
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(3);
    expectOnlyCrashLogs();
  });
});

describe('a coupon claim that dies between two database requests', () => {
  it('never leaves a claim counted without a coupon', async () => {
    const couponId = await aCoupon(cloud, { total: 500, perUserLimit: 500, validUntil: Date.now() + 200 * 86_400_000 });
    const gaps = await everyGap(() => cloud.as('o-holds-claimer').call('coupon.claim', { couponId }), async () => {
      expect((await checkWhole(docs, { coupons: { [couponId]: 500 } })).problems).toEqual([]);
    });
    expect(gaps).toBeGreaterThan(3);
    expectOnlyCrashLogs();
  });
});

describe('a group join that dies between two database requests', () => {
  it('never leaves a seat or a unit of campaign stock without a live order', async () => {
    const skuId = await aSku(cloud, { stock: 10 });
    const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 990, groupSize: 50, durationMs: 7 * 86_400_000, stock: 200 });
    const { groupId } = await cloud.as('o-holds-leader').ok('groupbuy.open', { campaignId, idempotencyKey: aKey('open') });
    await everyGap((n) => cloud.as(`o-holds-joiner-${n}`).call('groupbuy.join', { groupId, idempotencyKey: aKey('join') }), async () => {
      expect((await checkWhole(docs, { campaigns: { [campaignId]: 200 }, skus: { [skuId]: 10 } })).problems).toEqual([]);
    });
    expectOnlyCrashLogs();
  });
});

describe('a redemption that dies between two database requests', () => {
  it('never takes points without the right, nor the right without the points', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', stock: 100, costPoints: 10 }));
    await aMemberWithPoints(cloud, 'o-holds-redeemer', 10_000);
    await everyGap(() => cloud.as('o-holds-redeemer').call('points.redeem', { rewardId, idempotencyKey: aKey('redeem') }), async () => {
      expect((await checkWhole(docs, { rewards: { [rewardId]: 100 } })).problems).toEqual([]);
      expect(await checkPoints(docs)).toEqual([]);
      const spent = cloud.docs<{ costPoints: number }>('redemptions', { userId: userIdFor('o-holds-redeemer') }).length * 10;
      expect(cloud.docs<{ balance: number }>('points_accounts', { _id: userIdFor('o-holds-redeemer') })[0].balance).toBe(10_000 - spent);
    });
    expectOnlyCrashLogs();
  });
});
