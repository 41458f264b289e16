/**
 * Operator configuration is cached per function instance and invalidated at once by one version document
 * (server/kernel/config.ts): an operator's change applies to the very next call in every instance, and an
 * unchanged configuration is not read again.
 */
import { FunctionHost } from '../../localcloud/functions';
import type { Req } from '../../typings/api';
import { startCloud } from '../support/cloud';
import { aKey, aSku } from '../store/fixtures';

const cloud = startCloud();

/** A second, separately loaded instance of every function (its own module state, its own cache). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const other = new FunctionHost(cloud.host.defs, require('wx-server-sdk'));
const viaOther = async (openid: string, name: 'order.preview' | 'order.create', req: Record<string, unknown>) => {
  const [fn, action] = name.split('.');
  const out = (await other.invoke(fn, { ...req, action }, { openid, source: 'wx_client' })) as { ok: boolean; data: { payableFen: number }; error?: unknown };
  if (!out.ok) throw new Error(`${name} failed: ${JSON.stringify(out.error)}`);
  return { payableFen: out.data.payableFen, dbRequests: other.calls(1)[0].dbRequests };
};
const viaFirst = async (openid: string, name: 'order.preview' | 'order.create', req: Record<string, unknown>) => {
  const data = (await cloud.as(openid).ok(name, req as never)) as { payableFen: number };
  return { payableFen: data.payableFen, dbRequests: cloud.host.calls(1)[0].dbRequests };
};

const promotion = (skuId: string): Req<'admin.createPromotion'> =>
  ({ kind: 'fixed', params: { offFen: 300 }, label: '立减 3 元', skuIds: [skuId], idempotencyKey: aKey('promo') }) as Req<'admin.createPromotion'>;

describe('when an operator changes a promotion', () => {
  it('prices the very next order with it in every instance, and stops when it is switched off', async () => {
    const skuId = await aSku(cloud, { priceFen: 5000 });
    const items = [{ skuId, quantity: 1 }];
    // Both instances have loaded (and cached) the configuration as it was.
    expect((await viaFirst('o-cfg-1', 'order.preview', { items })).payableFen).toBe(5000);
    expect((await viaOther('o-cfg-2', 'order.preview', { items })).payableFen).toBe(5000);

    const { promotionId } = await cloud.admin.ok('admin.createPromotion', promotion(skuId));
    expect((await viaFirst('o-cfg-1', 'order.create', { items, idempotencyKey: aKey() })).payableFen).toBe(4700);
    expect((await viaOther('o-cfg-2', 'order.create', { items, idempotencyKey: aKey() })).payableFen).toBe(4700);

    await cloud.admin.ok('admin.setPromotionActive', { promotionId, active: false });
    expect((await viaOther('o-cfg-2', 'order.preview', { items })).payableFen).toBe(5000);
    expect((await viaFirst('o-cfg-1', 'order.preview', { items })).payableFen).toBe(5000);
  });
});

describe('when nothing changed', () => {
  it('reads the configuration once per version and instance, not on every call', async () => {
    const skuId = await aSku(cloud, { priceFen: 5000 });
    const items = [{ skuId, quantity: 1 }];
    await cloud.admin.ok('admin.setShipping', { feeFen: 600 });
    const afterChange = await viaOther('o-cfg-3', 'order.preview', { items });
    const warm = await viaOther('o-cfg-3', 'order.preview', { items });
    expect(afterChange.payableFen).toBe(5600);
    expect(warm.payableFen).toBe(5600);
    // Promotions, the tier table, the shipping rule (and nothing else) were read again after the change.
    expect(afterChange.dbRequests - warm.dbRequests).toBe(3);
    await cloud.admin.ok('admin.setShipping', { feeFen: 0 });
    expect((await viaOther('o-cfg-3', 'order.preview', { items })).payableFen).toBe(5000);
  });
});

describe('when the tier table changes', () => {
  it('answers the new tier at the next login of a member whose launch was cached', async () => {
    await cloud.as('o-cfg-4').ok('user.login', {});
    expect((await cloud.as('o-cfg-4').ok('user.login', {})).tier).toBe('member');
    await cloud.admin.ok('admin.setTiers', { rules: [{ tier: 'starter', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 10000, freeShipping: false } }] });
    expect((await cloud.as('o-cfg-4').ok('user.login', {})).tier).toBe('starter');
  });
});
