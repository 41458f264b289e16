/**
 * Fixture builders for the social features. Products and SKUs come from the store's operator action
 * when it is there; the live tests only need products to exist.
 */
import type { TestCloud } from './cloud';

let seq = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${(seq++).toString(36)}`.slice(0, 64).padEnd(8, '0');

/** A product with one SKU, through admin.createProduct. */
export async function aProduct(cloud: TestCloud, o: { title?: string; priceFen?: number; stock?: number } = {}) {
  const res = await cloud.admin.ok('admin.createProduct', { title: o.title ?? `商品 ${seq++}`, skus: [{ name: '标准', priceFen: o.priceFen ?? 3990, stock: o.stock ?? 1000 }] });
  return { productId: res.productId, skuId: res.skus[0].skuId };
}

/** A product with one SKU per price (e.g. two lines an order can refund one at a time). */
export async function aProductWithSkus(cloud: TestCloud, pricesFen: number[]) {
  const res = await cloud.admin.ok('admin.createProduct', { title: `商品 ${seq++}`, skus: pricesFen.map((priceFen, i) => ({ name: `规格 ${i + 1}`, priceFen, stock: 1000 })) });
  return res.skus.map((s) => s.skuId);
}

/** Products that merely exist (for rooms): written straight into the engine, as an operator's console would. */
export function someProducts(cloud: TestCloud, n: number): string[] {
  const ids = Array.from({ length: n }, () => `p_live_${(seq++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`);
  const out = cloud.engine.handle('database.insertDocument', { collectionName: 'products', data: ids.map((_id) => ({ _id, title: `直播商品 ${_id}`, sort: 0, skuIds: [] })) }) as { code?: string };
  if (out.code) throw new Error(`someProducts: ${JSON.stringify(out)}`);
  return ids;
}
