/**
 * The back-office's products and stock through the local cloud: editing, the shelf, search, and stock
 * deltas racing real orders (the final stock is always initial + deltas − sold, never below zero).
 */
import { all, startCloud } from '../support/cloud';
import { aKey, aProduct, stockOf } from '../store/fixtures';

const cloud = startCloud();

describe('editing a product', () => {
  it('changes title and images everywhere an order or a cart reads them', async () => {
    const p = await aProduct(cloud, { title: '原味曲奇' });
    const view = await cloud.admin.ok('admin.updateProduct', { productId: p.productId, title: '抹茶曲奇', images: ['https://img/matcha.jpg'], detailImages: ['https://img/d1.jpg'] });
    expect(view).toMatchObject({ title: '抹茶曲奇', cover: 'https://img/matcha.jpg', detailImages: ['https://img/d1.jpg'], onShelf: true, status: 'onShelf' });
    expect(cloud.docs('skus', { _id: p.skus[0].skuId })[0]).toMatchObject({ title: '抹茶曲奇', cover: 'https://img/matcha.jpg' });
    expect((await cloud.as('o-prod-search').ok('catalog.search', { keyword: '抹茶' })).items.map((c) => c.productId)).toContain(p.productId);
    expect((await cloud.as('o-prod-search').ok('catalog.search', { keyword: '原味' })).items.map((c) => c.productId)).not.toContain(p.productId);
  });

  it('with a bad field is INVALID_ARGUMENT naming it, and nothing is saved', async () => {
    const p = await aProduct(cloud, { title: '不变的标题' });
    expect(await cloud.admin.call('admin.updateProduct', { productId: p.productId, title: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('title') } });
    expect(await cloud.admin.call('admin.updateSku', { skuId: p.skus[0].skuId, priceFen: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('priceFen') } });
    expect(await cloud.admin.call('admin.updateSku', { skuId: p.skus[0].skuId, priceFen: 12.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('priceFen') } });
    expect(cloud.docs('products', { _id: p.productId })[0]).toMatchObject({ title: '不变的标题' });
    expect(cloud.docs('skus', { _id: p.skus[0].skuId })[0]).toMatchObject({ priceFen: 1990 });
  });

  it('is for operators only', async () => {
    const p = await aProduct(cloud);
    expect(await cloud.as('o-prod-nobody').call('admin.updateProduct', { productId: p.productId, onShelf: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('an off-shelf product', () => {
  it('leaves the feed and search, and ordering it is INVALID_STATE', async () => {
    const p = await aProduct(cloud, { title: '下架测试饼干' });
    await cloud.admin.ok('admin.updateProduct', { productId: p.productId, onShelf: false });
    const feed = await cloud.as('o-shelf').ok('catalog.list', { limit: 50 });
    expect(feed.items.map((c) => c.productId)).not.toContain(p.productId);
    expect((await cloud.as('o-shelf').ok('catalog.search', { keyword: '下架测试' })).items).toEqual([]);
    expect(await cloud.as('o-shelf').call('order.create', { items: [{ skuId: p.skus[0].skuId, quantity: 1 }], idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(stockOf(cloud, p.skus[0].skuId)).toBe(100);
    expect(await cloud.as('o-shelf').ok('catalog.detail', { productId: p.productId })).toMatchObject({ onShelf: false });
    expect((await cloud.admin.ok('admin.listProducts', { status: 'offShelf' })).items.map((x) => x.productId)).toContain(p.productId);
    await cloud.admin.ok('admin.updateProduct', { productId: p.productId, onShelf: true });
    expect((await cloud.as('o-shelf').ok('catalog.list', { limit: 50 })).items.map((c) => c.productId)).toContain(p.productId);
  });
});

describe('a SKU', () => {
  it('takes a new price, and the product lowest price follows', async () => {
    const p = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 3000, stock: 1 }, { name: 'b', priceFen: 5000, stock: 1 }] });
    expect(await cloud.admin.ok('admin.updateSku', { skuId: p.skus[1].skuId, priceFen: 2500 })).toMatchObject({ priceFen: 2500 });
    expect((await cloud.admin.ok('admin.productDetail', { productId: p.productId })).minPriceFen).toBe(2500);
  });

  it('refuses to remove more stock than is left with OUT_OF_STOCK and changes nothing', async () => {
    const p = await aProduct(cloud, { skus: [{ name: 'a', priceFen: 1000, stock: 3 }] });
    expect(await cloud.admin.call('admin.updateSku', { skuId: p.skus[0].skuId, stockDelta: -4 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
    expect(stockOf(cloud, p.skus[0].skuId)).toBe(3);
    expect(await cloud.admin.ok('admin.updateSku', { skuId: p.skus[0].skuId, stockDelta: -3 })).toMatchObject({ stock: 0 });
    expect((await cloud.admin.ok('admin.listProducts', { status: 'soldOut' })).items.map((x) => x.productId)).toContain(p.productId);
  });

  describe('when restocks and removals race 40 orders', () => {
    it('ends at initial + deltas − sold, never below zero, never oversold', async () => {
      const p = await aProduct(cloud, { skus: [{ name: 'hot', priceFen: 990, stock: 10 }] });
      const skuId = p.skus[0].skuId;
      const deltas = [5, 5, -3, 10, -2, 5, -20, 5];
      const [orders, changes] = await Promise.all([
        all(40, (i) => cloud.as(`o-race-${i}`).call('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: aKey('race') })),
        all(deltas.length, (i) => cloud.admin.call('admin.updateSku', { skuId, stockDelta: deltas[i] })),
      ]);
      const sold = orders.filter((o) => o.ok).length;
      const applied = deltas.filter((_, i) => changes[i].ok).reduce((s, d) => s + d, 0);
      for (const [i, c] of changes.entries()) if (!c.ok) expect([deltas[i] < 0, c.error.code]).toEqual([true, 'OUT_OF_STOCK']);
      for (const o of orders) if (!o.ok) expect(o.error.code).toBe('OUT_OF_STOCK');
      expect(stockOf(cloud, skuId)).toBe(10 + applied - sold);
      expect(stockOf(cloud, skuId)).toBeGreaterThanOrEqual(0);
      expect(cloud.count('orders', { 'items.skuId': skuId })).toBe(sold);
      expect(sold).toBeGreaterThan(0);
    });
  });
});

describe('the product list', () => {
  it('finds by title keyword, pages by cursor, and answers each product with its SKUs', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await aProduct(cloud, { title: `分页蛋黄酥 ${i}` })).productId);
    const first = await cloud.admin.ok('admin.listProducts', { keyword: '蛋黄酥', limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await cloud.admin.ok('admin.listProducts', { keyword: '蛋黄酥', limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((x) => x.productId).sort()).toEqual(ids.sort());
    expect(first.items[0]).toMatchObject({ skus: [expect.objectContaining({ stock: 100 })], totalStock: 100, status: 'onShelf' });
  });
});
