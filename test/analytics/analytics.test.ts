/** analytics through the local cloud: tracking, assignment, reports, tags timer, risk scan, rate limits. */
import { all, startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { db } from '../../server/kernel/db';
import { RATE_LIMITS } from '../../server/alliance/guard';
import { aKey, aSku } from '../store/fixtures';

const cloud = startCloud();

beforeAll(async () => {
  await cloud.admin.ok('admin.createExperiment', { key: 'home-banner', variants: [{ name: 'a', weightBps: 5000 }, { name: 'b', weightBps: 5000 }] });
});

describe('analytics.track', () => {
  it('stores a batch compactly with page and variants', async () => {
    const out = await cloud.as('o-track-1').ok('analytics.track', { events: [
      { name: 'view', props: { page: '/pages/goods/detail', exp: { 'home-banner': 'b' }, skuId: 's1' } },
      { name: 'cart', props: { page: '/pages/cart' } },
    ] });
    expect(out).toEqual({ accepted: 2 });
    const [view] = cloud.docs<Record<string, unknown>>('events', { u: userIdFor('o-track-1'), n: 'view' });
    expect(view).toMatchObject({ pg: '/pages/goods/detail', x: { 'home-banner': 'b' }, p: { skuId: 's1' } });
  });

  it('refuses a batch of 51 events, a 65-character name or 21 props, writing nothing', async () => {
    const c = cloud.as('o-track-2');
    expect(await c.call('analytics.track', { events: Array.from({ length: 51 }, () => ({ name: 'view' })) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await c.call('analytics.track', { events: [{ name: 'x'.repeat(65) }] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await c.call('analytics.track', { events: [{ name: 'view', props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('events', { u: userIdFor('o-track-2') })).toBe(0);
  });

  it('refuses a batch naming an order or a payment, which only the server records, writing nothing', async () => {
    const c = cloud.as('o-track-3');
    for (const name of ['order_create', 'pay_success']) {
      expect(await c.call('analytics.track', { events: [{ name: 'product_view' }, { name, props: { amountFen: 99_900, campaign: 'spring' } }] }))
        .toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(cloud.count('events', { u: userIdFor('o-track-3') })).toBe(0);
  });
});

describe('analytics.assign', () => {
  it('is stable for a user and logged once', async () => {
    const first = await cloud.as('o-exp-1').ok('analytics.assign', { experimentKey: 'home-banner' });
    for (let i = 0; i < 3; i++) expect(await cloud.as('o-exp-1').ok('analytics.assign', { experimentKey: 'home-banner' })).toEqual(first);
    expect(cloud.count('experiment_assignments', { u: userIdFor('o-exp-1') })).toBe(1);
  });

  it('refuses an unknown experiment', async () => {
    expect(await cloud.as('o-exp-1').call('analytics.assign', { experimentKey: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses weights that do not sum to 10000', async () => {
    expect(await cloud.admin.call('admin.createExperiment', { key: 'bad', variants: [{ name: 'a', weightBps: 6000 }, { name: 'b', weightBps: 5000 }] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('operator reports', () => {
  it('counts the funnel by variant', async () => {
    const from = Date.now();
    const users = Array.from({ length: 6 }, (_, i) => `o-funnel-${i}`);
    const variants = await Promise.all(users.map((u) => cloud.as(u).ok('analytics.assign', { experimentKey: 'home-banner' })));
    // User i goes 1 + i % 4 steps: viewed; added to the cart; ordered (the server records it); paid.
    await Promise.all(users.map(async (u, i) => {
      const steps = 1 + (i % 4);
      await cloud.as(u).ok('analytics.track', { events: ['product_view', 'add_to_cart'].slice(0, steps).map((name) => ({ name })) });
      if (steps < 3) return;
      const skuId = await aSku(cloud, { priceFen: 990, stock: 1 });
      const placed = await cloud.as(u).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('variant') });
      if (steps === 4) await cloud.pay(placed.payment.outTradeNo);
    }));
    const report = await cloud.admin.ok('analytics.reportFunnel', { from, to: Date.now() + 1, by: 'variant', experimentKey: 'home-banner' });
    const viewers = Object.values(report.segments).reduce((s, rows) => s + rows[0].users, 0);
    expect(viewers).toBe(6);
    const payersByVariant = Object.fromEntries(Object.entries(report.segments).map(([v, rows]) => [v, rows[3].users]));
    const expected: Record<string, number> = {};
    users.forEach((_, i) => { if (i % 4 === 3) expected[variants[i].variant] = (expected[variants[i].variant] ?? 0) + 1; });
    for (const [v, n] of Object.entries(expected)) expect(payersByVariant[v]).toBe(n);
  });

  it('are for operators only', async () => {
    expect(await cloud.as('o-nosy').call('analytics.reportLtv', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('computes campaign ROI from the payments the server recorded, not from a tracked "pay"', async () => {
    const from = Date.now();
    const shopper = cloud.as('o-roi');
    await shopper.ok('user.login', { channel: 'spring' });
    const skuId = await aSku(cloud, { priceFen: 30000, stock: 1 });
    const placed = await shopper.ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('roi') });
    await cloud.pay(placed.payment.outTradeNo);
    await shopper.ok('analytics.track', { events: [{ name: 'pay', props: { campaign: 'spring', amountFen: 50000 } }] });
    expect(await cloud.admin.ok('analytics.reportRoi', { campaign: 'spring', costFen: 10000, from, to: Date.now() + 1 })).toEqual({ campaign: 'spring', revenueFen: 30000, costFen: 10000, orders: 1, roiBps: 20000 });
  });
});

describe('the tags timer', () => {
  it('tags a night owl from their events', async () => {
    // Move the clock to 23:30 China time, then track three nights of activity.
    const now = Date.now();
    const chinaMidnight = Math.ceil((now + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
    cloud.advance(chinaMidnight + 23.5 * 3600_000 - now);
    await cloud.as('o-owl').ok('user.login', {}); // the walk visits members (the app logs in at launch)
    for (let i = 0; i < 3; i++) {
      await cloud.as('o-owl').ok('analytics.track', { events: [{ name: 'view', props: { categoryId: 'tea' } }] });
      cloud.advance(3600_000);
    }
    await cloud.host.runTimer('analytics', 'tags');
    expect(await cloud.admin.ok('analytics.userTags', { userId: userIdFor('o-owl') })).toMatchObject({ activeHours: 'nightOwl', favouriteCategory: 'tea', tags: expect.arrayContaining(['hours:nightOwl', 'cat:tea']) });
  });
});

describe('the risk scan', () => {
  it('alerts on abnormal points gains and on a coupon claimed by many accounts of one device', async () => {
    const now = Date.now();
    await db().collection('points_entries').add({ data: { key: 'k-risk', userId: 'u_gainer', delta: 9000, kind: 'adjust', refId: 'x', createdAt: now - 1000 } });
    const farm = ['o-farm-1', 'o-farm-2', 'o-farm-3', 'o-farm-4'];
    for (const o of farm) {
      await cloud.as(o).ok('analytics.track', { events: [{ name: 'app_launch', props: { deviceId: 'DEVICE-1' } }] });
      await db().collection('user_coupons').add({ data: { couponId: 'c-farm', userId: userIdFor(o), used: false, orderId: null, claimedAt: now } });
    }
    const out = await cloud.host.runTimer('analytics', 'riskScan');
    expect(out).toEqual({ pointsGain: 1, couponAbuse: 1 });
    expect(cloud.count('alerts', { kind: 'pointsGain', subject: 'u_gainer' })).toBe(1);
    expect(cloud.docs<{ detail: { accounts: string[] } }>('alerts', { kind: 'couponAbuse', subject: 'c-farm' })[0].detail.accounts).toHaveLength(4);
    expect(await cloud.host.runTimer('analytics', 'riskScan')).toEqual({ pointsGain: 0, couponAbuse: 0 }); // once a day
  });
});

describe('call-rate limits', () => {
  it('refuses calls past the per-user window with RATE_LIMITED and raises one alert', async () => {
    cloud.advance(60_000 - (Date.now() % 60_000)); // start of a fresh window
    cloud.advance(60_000);
    const limit = RATE_LIMITS.analytics.limit;
    const results = await all(limit + 5, () => cloud.as('o-spammer').call('analytics.track', { events: [{ name: 'view' }] }));
    expect(results.filter((r) => r.ok).length).toBe(limit);
    expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length).toBe(5);
    expect(cloud.count('alerts', { kind: 'rateLimit', subject: userIdFor('o-spammer') })).toBe(1);
    expect((await cloud.as('o-other').call('analytics.track', { events: [{ name: 'view' }] })).ok).toBe(true);
  });
});
