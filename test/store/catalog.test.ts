/** The catalog feed and detail, the server-side cart, and the store's operator actions, through the local cloud. */
import { startCloud } from '../support/cloud';
import { aProduct, aSku } from './fixtures';

const cloud = startCloud();

describe('catalog.list', () => {
  it('pages through a category newest first with an opaque cursor, without repeats or gaps', async () => {
    const { categoryId } = await cloud.admin.ok('admin.createCategory', { name: '茶饮', sort: 1 });
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      made.push((await aProduct(cloud, { title: `茶 ${i}`, categoryId, skus: [{ name: 'x', priceFen: 1000 + i, stock: 1 }, { name: 'y', priceFen: 900 + i, stock: 1 }] })).productId);
      if (i % 2) cloud.advance(1000); // some products share a sort value: the _id breaks the tie
    }
    await aProduct(cloud, { title: 'elsewhere' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await cloud.as('o-browse').ok('catalog.list', { categoryId, limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((c) => c.productId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...made].sort());
    const first = (await cloud.as('o-browse').ok('catalog.list', { categoryId, limit: 1 })).items[0];
    expect(first).toEqual({ productId: made[6], title: '茶 6', minPriceFen: 906, cover: 'https://img/cookie-a.jpg' });
  });

  it('refuses a cursor it did not make', async () => {
    expect(await cloud.as('o-browse').call('catalog.list', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('lists categories in their sort order', async () => {
    const { items } = await cloud.as('o-browse').ok('catalog.categories', {});
    expect(items.map((c) => c.name)).toContain('茶饮');
  });
});

describe('catalog.detail', () => {
  it('shows the SKUs with their stock, the category, and NOT_FOUND for an unknown product', async () => {
    const { categoryId } = await cloud.admin.ok('admin.createCategory', { name: '茶罐' });
    const p = await aProduct(cloud, { categoryId, skus: [{ name: '罐装', priceFen: 12_800, stock: 200 }, { name: '礼盒装', priceFen: 16_800, stock: 80 }] });
    const d = await cloud.as('o-browse').ok('catalog.detail', { productId: p.productId });
    expect(d).toMatchObject({ productId: p.productId, categoryId, skus: p.skus, groupCampaigns: [], flashSales: [] });
    const bare = await aProduct(cloud);
    expect(await cloud.as('o-browse').ok('catalog.detail', { productId: bare.productId })).toMatchObject({ categoryId: null });
    expect(await cloud.as('o-browse').call('catalog.detail', { productId: 'p_missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the cart', () => {
  it('adds, merges, changes, selects and removes lines, totalling the selected lines at current prices', async () => {
    const a = await aSku(cloud, { priceFen: 1000 });
    const b = await aSku(cloud, { priceFen: 250 });
    const me = cloud.as('o-cart');
    await me.ok('cart.add', { skuId: a, quantity: 1 });
    await me.ok('cart.add', { skuId: a, quantity: 2 });
    expect(await me.ok('cart.add', { skuId: b, quantity: 4 })).toMatchObject({ selectedTotalFen: 4000, items: [{ skuId: b, quantity: 4 }, { skuId: a, quantity: 3 }] });
    expect((await me.ok('cart.update', { skuId: b, selected: false })).selectedTotalFen).toBe(3000);
    expect((await me.ok('cart.update', { skuId: a, quantity: 1 })).selectedTotalFen).toBe(1000);
    expect((await me.ok('cart.remove', { skuIds: [a] })).items.map((i) => i.skuId)).toEqual([b]);
    expect(await me.ok('cart.list', {})).toMatchObject({ items: [{ skuId: b, selected: false }], selectedTotalFen: 0 });
  });

  it('refuses an unknown SKU and a bad quantity without writing', async () => {
    const before = cloud.count('carts');
    expect(await cloud.as('o-cart-bad').call('cart.add', { skuId: 'sku_missing', quantity: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await cloud.as('o-cart-bad').call('cart.add', { skuId: 'x', quantity: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('carts')).toBe(before);
  });

  it('is private to each member', async () => {
    const a = await aSku(cloud);
    await cloud.as('o-cart-1').ok('cart.add', { skuId: a, quantity: 1 });
    expect((await cloud.as('o-cart-2').ok('cart.list', {})).items).toEqual([]);
  });
});

describe('the store\'s operator actions', () => {
  it('are FORBIDDEN to members and write nothing', async () => {
    const before = cloud.count('products');
    expect(await cloud.as('o-sneaky').call('admin.createProduct', { title: 'x', skus: [{ name: 'x', priceFen: 1, stock: 1 }] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(cloud.count('products')).toBe(before);
  });

  it('refuse a malformed product with INVALID_ARGUMENT and write nothing', async () => {
    const before = [cloud.count('products'), cloud.count('skus')];
    for (const bad of [{ title: 'x', skus: [] }, { title: 'x', skus: [{ name: 'x', priceFen: -1, stock: 1 }] }, { title: '', skus: [{ name: 'x', priceFen: 1, stock: 1 }] }]) {
      expect(await cloud.admin.call('admin.createProduct', bad as never)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect([cloud.count('products'), cloud.count('skus')]).toEqual(before);
  });

  it('refuse a flash sale that ends before it starts', async () => {
    const skuId = await aSku(cloud);
    expect(await cloud.admin.call('admin.createFlashSale', { skuId, priceFen: 1, stock: 1, perUserLimit: 1, startAt: 2000, endAt: 1000 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
