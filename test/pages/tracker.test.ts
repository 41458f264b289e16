/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { Api } from '../../typings/api';
import { experiments } from '../../miniprogram/stores/experiments';
import { Tracker, tracker, track } from '../../miniprogram/utils/tracker';
import { fail, fakeBackend, flush, launchApp, mountPage, useBackend } from '../support/simulate';
import { expectLogged } from '../support/quiet-console';

type Sent = Api['analytics.track']['req']['events'];

const member = { userId: 'u1', isNew: false, tier: 'gold', pointsBalance: 0, inviterUserId: null, roles: [] };

/** A backend whose `analytics.track` answers as `outcomes` say, call by call (`ok` once they run out). */
function analyticsBackend(outcomes: ('ok' | 'down')[] = []) {
  let n = 0;
  return fakeBackend({
    'user.login': () => member,
    'analytics.assign': () => ({ variant: 'b' }),
    'order.counts': () => ({ pendingPayment: 0, toShip: 0, toReceive: 0, afterSale: 0 }),
    'coupon.mine': () => ({ items: [] }),
    'analytics.track': (req) => {
      const outcome = outcomes[n] ?? 'ok';
      n += 1;
      if (outcome === 'down') throw new Error('network down');
      return { accepted: req.events.length };
    },
  });
}

const namesOf = (events: Sent) => events.map((e) => e.name);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `e${from + i}`);

beforeEach(() => {
  experiments.reset();
});

describe('an event', () => {
  it('carries its props, the page on top of the stack, the variants assigned so far and the client time', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    const page = await mountPage('pages/me/me');
    // WeChat sets `route` on every page instance; miniprogram-simulate does not.
    page.instance.route = 'pages/me/me';
    await experiments.assign('home-banner');
    const t = new Tracker();

    const before = Date.now();
    t.track('tap_product', { productId: 'p1' });
    await t.flush();

    const [sent] = backend.callsOf('analytics.track');
    expect(sent.events).toEqual([
      { name: 'tap_product', props: { productId: 'p1', page: 'pages/me/me', exp: { 'home-banner': 'b' } }, at: expect.any(Number) },
    ]);
    expect(sent.events[0].at).toBeGreaterThanOrEqual(before);
    page.unmount();
  });

  it('keeps at most 20 props (its own cut to 18), so the server never refuses the batch', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    const t = new Tracker({ currentPage: () => 'pages/home/home' });
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    t.track('wide', many);
    await t.flush();

    const props = backend.callsOf('analytics.track')[0].events[0].props ?? {};
    expect(Object.keys(props)).toHaveLength(20);
    expect(props).toMatchObject({ k0: 0, k17: 17, page: 'pages/home/home', exp: {} });
    warn.mockRestore();
  });

  it('is dropped, not thrown, when its name is one the server refuses', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    const t = new Tracker();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect(() => t.track('x'.repeat(65))).not.toThrow();
    expect(() => t.track('has space')).not.toThrow();
    expect(t.pending).toBe(0);
    warn.mockRestore();
  });

  it('is dropped when it names an order or a payment (the server records those), sparing the rest of its batch', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    const t = new Tracker({ currentPage: () => 'pages/home/home' });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    t.track('product_view', { productId: 'p1' });
    t.track('pay_success', { amountFen: 100 });
    t.track('order_create');
    await t.flush();

    expect(backend.callsOf('analytics.track').map((req) => namesOf(req.events))).toEqual([['product_view']]);
    expect(warn).toHaveBeenCalledWith('[tracker] dropped pay_success: the server records it');
    warn.mockRestore();
  });

  it('never throws into the page, whatever breaks while stamping it', () => {
    const t = new Tracker({ currentPage: () => { throw new Error('no pages'); } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => t.track('page_view')).not.toThrow();
    warn.mockRestore();
  });
});

describe('flushing', () => {
  it('waits for 20 events, then sends them in one call', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    const t = new Tracker();

    range(0, 19).forEach((name) => t.track(name));
    await flush();
    expect(backend.callsOf('analytics.track')).toHaveLength(0);

    t.track('e19');
    await flush();
    expect(backend.callsOf('analytics.track').map((r) => namesOf(r.events))).toEqual([range(0, 20)]);
    expect(t.pending).toBe(0);
  });

  it('sends at most 50 events per call, oldest first', async () => {
    expectLogged('error', /\[api\] analytics\.track: platform call failed/);
    const backend = analyticsBackend(['down']);
    useBackend(backend);
    const t = new Tracker();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    // The 20th event tries a flush, which fails: the queue grows until the next flush.
    range(0, 120).forEach((name) => t.track(name));
    await flush();
    expect(backend.callsOf('analytics.track')).toHaveLength(1);

    await t.flush();
    const batches = backend.callsOf('analytics.track').slice(1).map((r) => namesOf(r.events));
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(range(0, 120));
    warn.mockRestore();
  });

  it('sends 10 s after the first unsent event, without waiting for 20', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    jest.useFakeTimers();
    try {
      const t = new Tracker();
      t.track('lonely');
      jest.advanceTimersByTime(9_999);
      await Promise.resolve();
      expect(backend.callsOf('analytics.track')).toHaveLength(0);
      jest.advanceTimersByTime(1);
    } finally {
      jest.useRealTimers();
    }
    await flush();
    expect(backend.callsOf('analytics.track').map((r) => namesOf(r.events))).toEqual([['lonely']]);
  });

  describe('when a flush fails', () => {
    it('keeps the unsent events and retries them next time, in order and without sending any twice', async () => {
      expectLogged('error', /\[api\] analytics\.track: platform call failed/);
      const backend = analyticsBackend(['ok', 'down']);
      useBackend(backend);
      const t = new Tracker({ flushAt: 1000 });
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

      range(0, 120).forEach((name) => t.track(name));
      await t.flush();
      // The first 50 went through; the second batch failed and everything after it stays.
      expect(t.pending).toBe(70);

      t.track('late');
      await t.flush();

      const calls = backend.callsOf('analytics.track').map((r) => namesOf(r.events));
      expect(calls).toHaveLength(4);
      const delivered = [calls[0], ...calls.slice(2)].flat();
      expect(delivered).toEqual([...range(0, 120), 'late']);
      expect(new Set(delivered).size).toBe(delivered.length);
      expect(t.pending).toBe(0);
      warn.mockRestore();
    });

    it('keeps at most 200 events, dropping the oldest', async () => {
      expectLogged('error', /\[api\] analytics\.track: platform call failed/);
      const outcomes = Array.from({ length: 300 }, () => 'down' as const);
      const backend = analyticsBackend(outcomes);
      useBackend(backend);
      const t = new Tracker({ flushAt: 1000 });
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

      range(0, 230).forEach((name) => t.track(name));
      await t.flush();
      expect(t.pending).toBe(200);

      backend.on({ 'analytics.track': (req) => ({ accepted: req.events.length }) });
      await t.flush();
      const delivered = backend.callsOf('analytics.track').slice(1).flatMap((r) => namesOf(r.events));
      expect(delivered).toEqual(range(30, 230));
      warn.mockRestore();
    });

    it('drops a batch the server refuses as invalid instead of retrying it forever', async () => {
      const backend = analyticsBackend();
      backend.on({ 'analytics.track': () => fail('INVALID_ARGUMENT') });
      useBackend(backend);
      const t = new Tracker({ flushAt: 1000 });
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);

      t.track('e0');
      await t.flush();
      expect(backend.callsOf('analytics.track')).toHaveLength(1);
      expect(t.pending).toBe(0);
      error.mockRestore();
    });
  });
});

describe('the app', () => {
  const wxAny = wx as unknown as Record<string, unknown>;
  let routeListener: ((route: { path: string; openType: string }) => void) | null = null;

  beforeAll(() => {
    wxAny.onAppRoute = (listener: typeof routeListener) => {
      routeListener = listener;
    };
  });
  afterAll(() => {
    delete wxAny.onAppRoute;
  });

  it('tracks a page view on every route, and flushes everything queued when it goes to the background', async () => {
    const backend = analyticsBackend();
    useBackend(backend);
    const app = await launchApp();
    expect(routeListener).not.toBeNull();

    routeListener?.({ path: 'pages/home/home', openType: 'appLaunch' });
    routeListener?.({ path: 'packages/store/product/product', openType: 'navigateTo' });
    track('tap_product', { productId: 'p1' });
    await flush();
    expect(backend.callsOf('analytics.track')).toHaveLength(0);

    app.onHide();
    await flush();

    const sent = backend.callsOf('analytics.track');
    expect(sent).toHaveLength(1);
    expect(sent[0].events.map((e) => [e.name, e.props?.route ?? e.props?.productId])).toEqual([
      ['page_view', 'pages/home/home'],
      ['page_view', 'packages/store/product/product'],
      ['tap_product', 'p1'],
    ]);
    expect(tracker.pending).toBe(0);
  });
});
