import { campaignRoi, checkBatch, compactEvent, funnel, ltv } from '../../domain/analytics/analytics';

describe('a tracked batch', () => {
  const anEvent = (over = {}) => ({ name: 'view', ...over });
  it('holds 1..50 events', () => {
    expect(checkBatch(Array.from({ length: 50 }, () => anEvent())).ok).toBe(true);
    expect(checkBatch(Array.from({ length: 51 }, () => anEvent()))).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(checkBatch([])).toMatchObject({ ok: false });
  });
  it('refuses the events only the server records: an order, a payment, a $-name', () => {
    for (const name of ['order_create', 'pay_success', '$assign']) {
      expect(checkBatch([anEvent(), anEvent({ name })])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    }
    expect(checkBatch([anEvent({ name: 'product_view' }), anEvent({ name: 'add_to_cart' })]).ok).toBe(true);
  });
  it('refuses long or odd names and props with more than 20 keys', () => {
    expect(checkBatch([anEvent({ name: 'x'.repeat(65) })])).toMatchObject({ ok: false });
    expect(checkBatch([anEvent({ name: 'a b' })])).toMatchObject({ ok: false });
    expect(checkBatch([anEvent({ props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) })])).toMatchObject({ ok: false });
  });
  it('is stored compactly, page and experiment variants lifted out of props', () => {
    expect(compactEvent('u1', { name: 'view', props: { page: '/pages/home', exp: { 'home-banner': 'b' }, sku: 's1' }, at: 990 }, 1000))
      .toEqual({ u: 'u1', n: 'view', at: 1000, ct: 990, pg: '/pages/home', x: { 'home-banner': 'b' }, p: { sku: 's1' } });
  });
  it('keeps server time and drops an implausible client time', () => {
    expect(compactEvent('u1', { name: 'view', at: 1 }, 10 * 86_400_000)).toEqual({ u: 'u1', n: 'view', at: 10 * 86_400_000 });
  });
});

describe('reports', () => {
  const ev = (u: string, n: string, at: number) => ({ u, n, at });
  it('counts a strict funnel per segment: product view, cart, order, payment', () => {
    const events = [
      ev('a', 'product_view', 1), ev('a', 'add_to_cart', 2), ev('a', 'order_create', 3), ev('a', 'pay_success', 4),
      ev('b', 'product_view', 1), ev('b', 'add_to_cart', 2), ev('c', 'product_view', 1), ev('d', 'pay_success', 1),
    ];
    const out = funnel(events, () => 'all');
    expect(out.all.map((r) => [r.step, r.users])).toEqual([['view', 3], ['cart', 2], ['order', 1], ['pay', 1]]);
    expect(out.all[1].rateBps).toBe(6666);
  });
  it('counts no page view, impression or generic name as a step', () => {
    const events = [ev('a', 'page_view', 1), ev('a', 'product_impression', 2), ev('a', 'view', 3), ev('a', 'cart', 4), ev('b', 'product_view', 5)];
    expect(funnel(events, () => 'all').all.map((r) => r.users)).toEqual([1, 0, 0, 0]);
  });
  it('averages lifetime value per segment in whole fen', () => {
    expect(ltv([{ segment: 's', lifetimeSpendFen: 100 }, { segment: 's', lifetimeSpendFen: 201 }])).toEqual({ s: { members: 2, totalFen: 301, ltvFen: 150 } });
  });
  it('computes campaign ROI in bps from the payments of that campaign', () => {
    const events = [
      { n: 'pay_success', p: { campaign: 'spring', amountFen: 30000 } }, { n: 'pay_success', p: { campaign: 'other', amountFen: 99999 } },
      { n: 'pay', p: { campaign: 'spring', amountFen: 50000 } }, // not a payment
    ];
    expect(campaignRoi(events, 'spring', 10000)).toEqual({ revenueFen: 30000, costFen: 10000, orders: 1, roiBps: 20000 });
    expect(campaignRoi(events, 'spring', 0).roiBps).toBeNull();
  });
});
