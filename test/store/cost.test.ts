/**
 * What the store's hot paths cost in database requests (from the local cloud's call log, nested calls
 * included), with the configuration cache warm as it is in a running instance. On WeChat cloud every request
 * is a network round trip: these are the budget, and a change that adds a request to a hot path fails here
 * (docs/benchmarks.md has the round trips, measured by `npm run bench` at 10 ms a request).
 */
import { instrument, measure as measureTrips } from '../../bench/latency';
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';

const cloud = startCloud();
instrument();

// The targets of issue 14 (docs/benchmarks.md): order.create ≤ 10, the payment callback ≤ 12, groupbuy.join ≤ 12.
const BUDGET: Record<string, number> = {
  'user.login (returning)': 1, 'catalog.list': 1, 'order.preview': 3, 'order.create': 9, 'order.create (from the cart)': 11, 'pay (payment callback)': 9,
  'groupbuy.open': 18, 'groupbuy.join': 11, 'pay (group order callback)': 11,
};
// Sequential round trips (the critical path, as bench/latency.ts measures it): what a user waits for, ~10 ms each.
const ROUND_TRIPS: Record<string, number> = {
  'user.login (returning)': 1, 'catalog.list': 1, 'order.create': 5, 'order.create (from the cart)': 6, 'pay (payment callback)': 8,
  'groupbuy.join': 6, 'pay (group order callback)': 10,
};

it('keeps every hot store action within its database-request and round-trip budgets', async () => {
  const skuId = await aSku(cloud, { priceFen: 2000, stock: 100 });
  const { campaignId } = await cloud.admin.ok('admin.createGroupCampaign', { skuId, groupPriceFen: 1500, groupSize: 3, durationMs: 3600_000, stock: 100 });
  const me = cloud.as('o-store-cost');
  const friend = cloud.as('o-store-cost-friend');
  await me.ok('user.login', {});
  await friend.ok('user.login', {});
  // Running instances: each function's configuration cache has been filled by an earlier call.
  await me.ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
  await cloud.as('o-store-cost-warm').ok('groupbuy.open', { campaignId, idempotencyKey: aKey() });
  const measured: Record<string, number> = {};
  const trips: Record<string, number> = {};
  const measure = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const stop = measureTrips();
    const out = await run();
    trips[name] = stop().roundTrips;
    measured[name] = cloud.host.calls(1)[0].dbRequests;
    return out;
  };
  await measure('user.login (returning)', () => me.ok('user.login', {}));
  await measure('catalog.list', () => me.ok('catalog.list', { limit: 10 }));
  await measure('order.preview', () => me.ok('order.preview', { items: [{ skuId, quantity: 1 }] }));
  const placed = await measure('order.create', () => me.ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() }));
  await measure('pay (payment callback)', () => cloud.pay(placed.payment.outTradeNo));
  await me.ok('cart.add', { skuId, quantity: 3 });
  await measure('order.create (from the cart)', () => me.ok('order.create', { items: [{ skuId, quantity: 1 }], fromCart: true, idempotencyKey: aKey() }));
  expect((await me.ok('cart.list', {})).items).toEqual([expect.objectContaining({ skuId, quantity: 2 })]);
  const opened = await measure('groupbuy.open', () => me.ok('groupbuy.open', { campaignId, idempotencyKey: aKey() }));
  const joined = await measure('groupbuy.join', () => friend.ok('groupbuy.join', { groupId: opened.groupId, idempotencyKey: aKey() }));
  await measure('pay (group order callback)', () => cloud.pay(joined.payment.outTradeNo));
  for (const [name, n] of Object.entries(measured)) expect({ name, n: Math.min(n, BUDGET[name]) }).toEqual({ name, n });
  for (const [name, most] of Object.entries(ROUND_TRIPS)) expect({ name, roundTrips: Math.min(trips[name], most) }).toEqual({ name, roundTrips: trips[name] });
});
