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
import { crashAfter, disarm, everyGap as crashAtEveryGap, installCrashHook } from '../support/crash';
import { checkPoints, checkWhole } from '../support/invariants';
import { aMemberWithPoints, aReward } from '../membership/fixtures';
import { aCoupon, aFlashSale, aKey, aSku } from './fixtures';
import { EngineTransport } from '../../localcloud/engine/transport';

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
const everyGap = (call: (n: number) => Promise<unknown>, check: () => Promise<void>, prepare?: (n: number) => Promise<unknown>) => crashAtEveryGap({ call, check, prepare, settle: sweep });

describe('a placement that dies between two database requests', () => {
  // Spending points places the order in a transaction; paying in full owns the hold by one conditional update
  // and then writes the order, its risk decision and its event (server/store/orders.ts, placeHeld).
  it.each([['spends points', 100], ['pays in full', 0]])('gives back SKU stock, flash stock, the member count and the coupon, at every gap, when it %s', async (_how, pointsToUse) => {
    const skuId = await aSku(cloud, { stock: 400, priceFen: 5000 });
    const flashSku = await aSku(cloud, { stock: 50, priceFen: 3000 });
    const flashSaleId = await aFlashSale(cloud, flashSku, { stock: 200, perUserLimit: 1000, endAt: Date.now() + 100 * 86_400_000 });
    const couponId = await aCoupon(cloud, { total: 1000, perUserLimit: 1000, discountFen: 100, validUntil: Date.now() + 200 * 86_400_000 });
    const buyer = `o-holds-buyer-${pointsToUse}`;
    await aMemberWithPoints(cloud, buyer, 100_000);
    const initial = { skus: { [skuId]: 400, [flashSku]: 50 }, flash: { [flashSaleId]: 200 }, coupons: { [couponId]: 1000 } };
    const order = (key: string) => cloud.as(buyer).call('order.create', { items: [{ skuId, quantity: 2 }, { skuId: flashSku, quantity: 1 }], flashSaleId, couponId, ...(pointsToUse ? { pointsToUse } : {}), idempotencyKey: key });

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
    expect(cloud.count('orders', { userId: userIdFor(buyer) })).toBe(gaps + 1);
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(400 - 2 * (gaps + 1));
    expect(cloud.docs<{ stock: number }>('flash_sales', { _id: flashSaleId })[0].stock).toBe(200 - (gaps + 1));
    // Every live order has its risk decision and its order_create event, however its placement ended.
    const orders = cloud.docs<{ _id: string }>('orders', { userId: userIdFor(buyer) });
    for (const o of orders) {
      expect(cloud.count('risk_decisions', { orderId: o._id })).toBe(1);
      expect(cloud.count('events', { n: 'order_create', 'p.orderId': o._id })).toBe(1);
    }
    expectOnlyCrashLogs();
  });

  // A warm instance: member, SKUs, configuration version and recent orders read together (4), the hold (5), the
  // take (6), owning the hold (7). Dead after the take, the sweep gives the unit back; dead after owning, the sweep
  // writes the order, and the retry (which takes again before it finds that order) gives its own unit back.
  it.each([['its stock is taken', 6], ['it owned its hold', 7]])('answers a retry at once after the sweep instead of waiting on a dead claim, when it died once %s', async (_when, gap) => {
    const skuId = await aSku(cloud, { stock: 5 });
    const k = aKey('dead-claim');
    crashAfter(gap);
    await cloud.as('o-holds-retry').call('order.create', { items: [{ skuId }].map((l) => ({ ...l, quantity: 1 })), idempotencyKey: k });
    expect(disarm()).toBe(true);
    await sweep();
    const started = Date.now();
    const again = await cloud.as('o-holds-retry').call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: k });
    expect(again.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(4);
    expect(cloud.count('orders', { userId: userIdFor('o-holds-retry'), idempotencyKey: k })).toBe(1);
    await sweep();
    expect((await checkWhole(docs, { skus: { [skuId]: 5 } })).problems).toEqual([]);
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

describe('a placement that outlives the sweep (stalled past the function timeout before it owned its hold)', () => {
  it('is refused when it resumes: the sweep gave its units back, and no order appears without them', async () => {
    const skuId = await aSku(cloud, { stock: 5 });
    const k = aKey('late-own');
    // Hold the placement's own (the hold's conditional update "unless it is being given back") until the sweep ran.
    let resume!: () => void;
    const gate = new Promise<void>((r) => (resume = r));
    let reached!: () => void;
    const atOwn = new Promise<void>((r) => (reached = r));
    const send = EngineTransport.prototype.send;
    const spy = jest.spyOn(EngineTransport.prototype, 'send').mockImplementation(async function (this: EngineTransport, action: string, params?: Record<string, unknown>, opts?: unknown) {
      if (action === 'database.modifyDocument' && (params as { collectionName?: string }).collectionName === 'holds' && JSON.stringify((params as { query?: unknown }).query ?? '').includes('releasing')) {
        reached();
        await gate;
      }
      return send.call(this, action, params, opts);
    });
    try {
      const late = cloud.as('o-holds-late').call('order.create', { items: [{ skuId, quantity: 2 }], idempotencyKey: k });
      await atOwn;
      expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(3);
      expect(await sweep()).toMatchObject({ released: 1 });
      expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(5);
      resume();
      expect(await late).toMatchObject({ ok: false });
    } finally {
      spy.mockRestore();
    }
    expect(cloud.count('orders', { userId: userIdFor('o-holds-late') })).toBe(0);
    expect((await checkWhole(docs, { skus: { [skuId]: 5 } })).problems).toEqual([]);
    // Asked again, it goes through once.
    expect(await cloud.as('o-holds-late').call('order.create', { items: [{ skuId, quantity: 2 }], idempotencyKey: k })).toMatchObject({ ok: true });
    expect(cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock).toBe(3);
  });
});
