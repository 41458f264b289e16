import { campaignRoi, checkBatch, compactEvent, funnel, ltv } from '../../domain/analytics/analytics';

describe('a tracked batch', () => {
  const anEvent = (over = {}) => ({ name: 'view', ...over });
  it('holds 1..50 events', () => {
    expect(checkBatch(Array.from({ length: 50 }, () => anEvent())).ok).toBe(true);
    expect(checkBatch(Array.from({ length: 51 }, () => anEvent()))).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(checkBatch([])).toMatchObject({ ok: false });
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
  it('counts a strict funnel per segment', () => {
    const ev = (u: string, n: string, at: number) => ({ u, n, at });
    const events = [ev('a', 'view', 1), ev('a', 'cart', 2), ev('a', 'order', 3), ev('a', 'pay', 4), ev('b', 'view', 1), ev('b', 'cart', 2), ev('c', 'view', 1), ev('d', 'pay', 1)];
    const out = funnel(events, () => 'all');
    expect(out.all.map((r) => r.users)).toEqual([3, 2, 1, 1]);
    expect(out.all[1].rateBps).toBe(6666);
  });
  it('averages lifetime value per segment in whole fen', () => {
    expect(ltv([{ segment: 's', lifetimeSpendFen: 100 }, { segment: 's', lifetimeSpendFen: 201 }])).toEqual({ s: { members: 2, totalFen: 301, ltvFen: 150 } });
  });
  it('computes campaign ROI in bps from pay events of that campaign', () => {
    const events = [{ n: 'pay', p: { campaign: 'spring', amountFen: 30000 } }, { n: 'pay', p: { campaign: 'other', amountFen: 99999 } }];
    expect(campaignRoi(events, 'spring', 10000)).toEqual({ revenueFen: 30000, costFen: 10000, orders: 1, roiBps: 20000 });
    expect(campaignRoi(events, 'spring', 0).roiBps).toBeNull();
  });
});
