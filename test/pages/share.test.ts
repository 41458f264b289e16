/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import { runInAction } from 'mobx-miniprogram';
import type { Api } from '../../typings/api';
import { session } from '../../miniprogram/stores/session';
import { fail, fakeBackend, flush, mountPage, useBackend } from '../support/simulate';
import { cartAnswer } from '../support/simulate-fixtures';

type Detail = Api['catalog.detail']['res'];
const aProduct = (overrides: Partial<Detail> = {}): Detail => ({
  productId: 'p1', title: '赣南脐橙', images: ['https://img.test/1.png'],
  skus: [{ skuId: 'sku-small', name: '小份', priceFen: 1990, stock: 10 }], groupCampaigns: [], flashSales: [], ...overrides,
});

/** A shop whose `points.share` pays `award` points per share while `left` shares remain today. */
function shareShop(award: number, left: number) {
  let balance = 100;
  let sharesLeft = left;
  return fakeBackend({
    'cart.list': () => cartAnswer([]),
    'coupon.available': () => ({ items: [] }),
    'catalog.detail': () => aProduct(),
    'points.share': () => {
      const awarded = sharesLeft > 0 ? award : 0;
      sharesLeft = Math.max(0, sharesLeft - 1);
      balance += awarded;
      return { awarded, balance, sharesLeft };
    },
  });
}

jest.setTimeout(120_000);

const showToast = jest.fn();
beforeEach(() => {
  showToast.mockReset();
  (wx as unknown as { showToast: unknown }).showToast = showToast;
  runInAction(() => {
    session.userId = 'u-sharer';
    session.pointsBalance = 100;
  });
});

describe('sharing a product', () => {
  it('asks for the share reward once per share, each with its own key, and shows the points earned', async () => {
    const backend = shareShop(5, 3);
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    const share = page.instance.onShareAppMessage();
    await flush();

    expect(share.path).toBe('/packages/store/product/product?productId=p1&inviter=u-sharer');
    expect(backend.callsOf('points.share')).toHaveLength(1);
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '分享成功，积分+5' }));
    expect(session.pointsBalance).toBe(105);

    page.instance.onShareAppMessage();
    await flush();
    const keys = backend.callsOf('points.share').map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('says nothing once the day’s shares are used up', async () => {
    const backend = shareShop(5, 0);
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    page.instance.onShareAppMessage();
    await flush();
    expect(backend.callsOf('points.share')).toHaveLength(1);
    expect(showToast).not.toHaveBeenCalled();
    expect(session.pointsBalance).toBe(100);
  });

  it('still shares when the reward fails, and logs why', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const backend = shareShop(5, 3);
    backend.on({ 'points.share': () => fail('RATE_LIMITED') });
    useBackend(backend);
    const page = await mountPage('packages/store/product/product', { query: { productId: 'p1' } });

    const share = page.instance.onShareAppMessage();
    await flush();
    expect(share.title).toBe('赣南脐橙');
    expect(warn).toHaveBeenCalledWith('[share] no share reward (RATE_LIMITED)');
    warn.mockRestore();
  });
});
