/**
 * Operator configuration as data, through the admin function: promotions change what orders cost, risk
 * rules block orders, tiers change the tier members are told. Bad configuration is refused with
 * INVALID_ARGUMENT and writes nothing; only operators may configure.
 */
import type { Req } from '../../typings/api';
import { userIdFor } from '../../server/membership/users';
import { db } from '../../server/kernel/db';
import { removeSettings } from '../support/config';
import { startCloud } from '../support/cloud';
import { aKey, aSku } from './fixtures';

const cloud = startCloud();
const HOUR = 3600_000;

function aPromotion(o: Partial<Req<'admin.createPromotion'>> = {}): Req<'admin.createPromotion'> {
  return { kind: 'fullReduction', params: { thresholdFen: 10_000, offFen: 1500 }, label: '满 100 减 15', idempotencyKey: aKey('promo'), ...o } as Req<'admin.createPromotion'>;
}

/** What a member would pay for `quantity` of the SKU, by preview and by a real order. */
async function payable(openid: string, skuId: string, quantity = 1) {
  const preview = await cloud.as(openid).ok('order.preview', { items: [{ skuId, quantity }] });
  const placed = await cloud.as(openid).ok('order.create', { items: [{ skuId, quantity }], idempotencyKey: aKey() });
  return [preview.payableFen, placed.payableFen];
}

describe('admin.createPromotion', () => {
  it('changes order.preview and order.create totals of the SKUs it names', async () => {
    const skuId = await aSku(cloud, { priceFen: 6000 });
    const other = await aSku(cloud, { priceFen: 6000 });
    await cloud.admin.ok('admin.createPromotion', aPromotion({ skuIds: [skuId] }));
    expect(await payable('o-promo-1', skuId, 2)).toEqual([12_000 - 1500, 12_000 - 1500]);
    expect(await payable('o-promo-1', other, 2)).toEqual([12_000, 12_000]);
  });

  it('applies percentage and fixed promotions as configured', async () => {
    const skuId = await aSku(cloud, { priceFen: 10_000 });
    await cloud.admin.ok('admin.createPromotion', aPromotion({ kind: 'percentage', params: { offBps: 1000, capFen: 800 }, label: '9 折', skuIds: [skuId] }));
    await cloud.admin.ok('admin.createPromotion', aPromotion({ kind: 'fixed', params: { offFen: 200 }, label: '立减 2 元', skuIds: [skuId] }));
    expect(await payable('o-promo-2', skuId)).toEqual([10_000 - 800 - 200, 10_000 - 800 - 200]);
  });

  it('answers the same promotion to a repeat of the same idempotencyKey and creates one', async () => {
    const req = aPromotion({ skuIds: ['sku-none'] });
    const a = await cloud.admin.ok('admin.createPromotion', req);
    const b = await cloud.admin.ok('admin.createPromotion', req);
    expect(b).toEqual(a);
    expect(cloud.count('promotions', { _id: a.promotionId })).toBe(1);
  });

  describe('when the promotion is switched off, not yet started or over', () => {
    it('leaves totals alone, and applies again once switched back on', async () => {
      const skuId = await aSku(cloud, { priceFen: 20_000 });
      const { promotionId } = await cloud.admin.ok('admin.createPromotion', aPromotion({ skuIds: [skuId] }));
      expect(await cloud.admin.ok('admin.setPromotionActive', { promotionId, active: false })).toEqual({ promotionId, active: false });
      await cloud.admin.ok('admin.createPromotion', aPromotion({ skuIds: [skuId], startAt: Date.now() + HOUR }));
      await cloud.admin.ok('admin.createPromotion', aPromotion({ skuIds: [skuId], startAt: Date.now() - 2 * HOUR, endAt: Date.now() + HOUR }));
      expect(await payable('o-promo-3', skuId)).toEqual([20_000 - 1500, 20_000 - 1500]);
      cloud.advance(HOUR + 1);
      // The running one ended and the future one started.
      expect(await payable('o-promo-3', skuId)).toEqual([20_000 - 1500, 20_000 - 1500]);
      await cloud.admin.ok('admin.setPromotionActive', { promotionId, active: true });
      expect(await payable('o-promo-3', skuId)).toEqual([20_000 - 3000, 20_000 - 3000]);
    });
  });

  describe('with a bad configuration', () => {
    const bad: [string, Record<string, unknown>][] = [
      ['an unknown kind', { kind: 'buyOneGetOne' }],
      ['a param the kind does not read', { params: { thresholdFen: 10_000, offFen: 100, offBps: 10 } }],
      ['a missing required param', { params: { thresholdFen: 10_000 } }],
      ['a fractional amount', { params: { thresholdFen: 10_000, offFen: 1.5 } }],
      ['a string amount', { params: { thresholdFen: 10_000, offFen: '100' } }],
      ['more off than the threshold', { params: { thresholdFen: 1000, offFen: 1000 } }],
      ['a percentage over 100 %', { kind: 'percentage', params: { offBps: 10_001 } }],
      ['a window that ends before it starts', { startAt: 2000, endAt: 1000 }],
      ['no idempotencyKey', { idempotencyKey: undefined }],
    ];
    it.each(bad)('refuses %s with INVALID_ARGUMENT and writes nothing', async (_label, override) => {
      const before = cloud.count('promotions');
      const out = await cloud.admin.call('admin.createPromotion', { ...aPromotion(), ...override } as Req<'admin.createPromotion'>);
      expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(cloud.count('promotions')).toBe(before);
    });

    it('refuses setPromotionActive for an unknown promotion with NOT_FOUND', async () => {
      expect(await cloud.admin.call('admin.setPromotionActive', { promotionId: 'promo-none', active: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });
  });

  it('is FORBIDDEN to members', async () => {
    expect(await cloud.as('o-sneaky').call('admin.createPromotion', aPromotion())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('admin.setRiskRules', () => {
  afterEach(() => removeSettings('riskRules'));

  it('blocks an order a rule matches with RISK_BLOCKED and records the decision', async () => {
    await cloud.admin.ok('admin.setRiskRules', { rules: [{ id: 'big-new', kind: 'newAccountHighValue', params: { maxAccountAgeMs: 86_400_000, minPayableFen: 50_000 }, action: 'block' }] });
    const skuId = await aSku(cloud, { priceFen: 60_000 });
    const out = await cloud.as('o-risky').call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
    expect(out).toMatchObject({ ok: false, error: { code: 'RISK_BLOCKED' } });
    expect(cloud.docs('risk_decisions', { userId: userIdFor('o-risky') })).toEqual([expect.objectContaining({ verdict: 'block', reasons: [expect.objectContaining({ ruleId: 'big-new', kind: 'newAccountHighValue' })] })]);
    expect(cloud.count('orders', { userId: userIdFor('o-risky') })).toBe(0);
  });

  it('replaces the defaults: an empty set lets the eleventh order within a minute through', async () => {
    await cloud.admin.ok('admin.setRiskRules', { rules: [] });
    const skuId = await aSku(cloud);
    for (let i = 0; i < 11; i++) await cloud.as('o-quick').ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey() });
  });

  const badRules: [string, unknown][] = [
    ['an unknown kind', [{ id: 'x', kind: 'moonPhase', params: {}, action: 'block' }]],
    ['a kind inherited from Object', [{ id: 'x', kind: 'constructor', params: {}, action: 'block' }]],
    ['a param the kind does not read', [{ id: 'x', kind: 'orderVelocity', params: { maxOrders: 3, minPayableFen: 1 }, action: 'block' }]],
    ['a negative param', [{ id: 'x', kind: 'orderVelocity', params: { maxOrders: -1 }, action: 'block' }]],
    ['an unknown action', [{ id: 'x', kind: 'orderVelocity', params: {}, action: 'shrug' }]],
    ['the same id twice', [{ id: 'x', kind: 'regionMismatch', params: {}, action: 'review' }, { id: 'x', kind: 'orderVelocity', params: {}, action: 'block' }]],
  ];
  it.each(badRules)('refuses %s with INVALID_ARGUMENT and keeps the rules in force', async (_label, rules) => {
    const out = await cloud.admin.call('admin.setRiskRules', { rules } as Req<'admin.setRiskRules'>);
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('settings', { _id: 'riskRules' })).toBe(0);
  });
});

describe('admin.setTiers', () => {
  afterEach(() => removeSettings('tiers'));
  const tier = (name: string, minLifetimeSpendFen: number) => ({ tier: name, minLifetimeSpendFen, benefits: { memberPriceBps: 10000, freeShipping: false } });

  it('changes the tier user.login answers', async () => {
    await cloud.as('o-tiered').ok('user.login', {});
    await db().collection('users').doc(userIdFor('o-tiered')).update({ data: { lifetimeSpendFen: 300_000 } });
    expect((await cloud.as('o-tiered').ok('user.login', {})).tier).toBe('silver');
    expect(await cloud.admin.ok('admin.setTiers', { rules: [tier('fan', 0), tier('friend', 200_000), tier('family', 1_000_000)] })).toEqual({ tiers: 3 });
    expect((await cloud.as('o-tiered').ok('user.login', {})).tier).toBe('friend');
  });

  const badTiers: [string, unknown][] = [
    ['no tiers', []],
    ['a first tier above 0', [tier('a', 100)]],
    ['thresholds that do not rise', [tier('a', 0), tier('b', 500), tier('c', 500)]],
    ['a name used twice', [tier('a', 0), tier('a', 500)]],
    ['a member price over 100 %', [{ ...tier('a', 0), benefits: { memberPriceBps: 10_001, freeShipping: false } }]],
    ['a tier without free shipping said', [{ ...tier('a', 0), benefits: { memberPriceBps: 10000 } }]],
  ];
  it('ignores a points rate an older console still sends: points stay 1 per yuan, and it is not stored', async () => {
    const legacy = [{ ...tier('fan', 0), benefits: { memberPriceBps: 10000, freeShipping: false, pointsRateBps: 50000 } }];
    expect(await cloud.admin.ok('admin.setTiers', { rules: legacy } as Req<'admin.setTiers'>)).toEqual({ tiers: 1 });
    expect(cloud.docs<{ rules: { benefits: object }[] }>('settings', { _id: 'tiers' })[0].rules[0].benefits).toEqual({ memberPriceBps: 10000, freeShipping: false });
  });

  it.each(badTiers)('refuses %s with INVALID_ARGUMENT and keeps the table', async (_label, rules) => {
    const out = await cloud.admin.call('admin.setTiers', { rules } as Req<'admin.setTiers'>);
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('settings', { _id: 'tiers' })).toBe(0);
  });
});
