/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * End to end, in one process: a page renders real TDesign components, a tap goes through the API
 * client and `wx.cloud.callFunction` into the local cloud, runs the real function bundle with the
 * genuine wx-server-sdk, and lands in the database.
 */
import { createLocalCloud } from '../../localcloud';
import { seedDemoData } from '../../localcloud/seed';
import { mountPage, useBackend } from '../support/simulate';

const SHOPPER = 'o-e2e-shopper';
const cloud = createLocalCloud({ dataDir: null });
let ids: Record<string, string>;

beforeAll(async () => {
  ids = await seedDemoData(cloud);
  useBackend((name, data) => cloud.invoke(name, data, { openid: SHOPPER }));
});
afterAll(() => cloud.close());

describe('the store through the local cloud', () => {
  it('shows the seeded products on the home page', async () => {
    const page = await mountPage('pages/home/home');
    const seededTitles = (cloud.engine.find('products', {}).docs as { title: string }[]).map((p) => p.title);
    const shown = Array.from(page.$$('.tm-product-card'), (card) => card.textContent ?? '');
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(seededTitles.some((t) => text.includes(t))).toBe(true);
  });

  it('changes a cart quantity with a stepper tap and stores it on the server', async () => {
    const detail = (await cloud.invoke('catalog', { action: 'detail', productId: ids.productId }, { openid: SHOPPER })) as { data: { skus: { skuId: string }[] } };
    const skuId = detail.data.skus[0].skuId;
    await cloud.invoke('cart', { action: 'add', skuId, quantity: 1 }, { openid: SHOPPER });

    const page = await mountPage('pages/cart/cart');
    expect(page.$$('.tm-cart__line')).toHaveLength(1);
    await page.tap('.tm-cart__line .t-stepper__plus');

    const [cart] = cloud.engine.find('carts', {}).docs as { lines?: { skuId: string; quantity: number }[]; items?: { skuId: string; quantity: number }[] }[];
    const lines = cart.lines ?? cart.items ?? [];
    expect(lines.find((l) => l.skuId === skuId)?.quantity).toBe(2);
    const calls = cloud.host.calls(5).filter((c) => c.name === 'cart');
    expect(calls[0]).toMatchObject({ action: 'update', openid: SHOPPER, ok: true });
    expect(calls[0].dbRequests).toBeGreaterThan(0);
  });
});
