/**
 * The back-office's products and stock, and the shopper's catalog search.
 *
 * Stock changes by a delta in ONE conditional update on the SKU (`where({_id, stock: gte(-delta)})
 * .update({stock: inc(delta)})`), the same kind of update an order's reservation is: racing orders and
 * restocks all apply, none is lost, and stock never goes below zero. A removal larger than the stock left
 * is refused with OUT_OF_STOCK and changes nothing.
 */
import type { AdminProductView, Page, ProductCard, Req, SkuView } from '../../typings/api';
import { coverOf, minPriceOf, toCard, type ProductDoc, type SkuDoc } from '../../domain/store/catalog';
import { keywordKeys, searchKeys } from '../../domain/store/search';
import { command, db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { keysetPage } from '../kernel/keyset';
import { skuView } from './catalog';

type Updated = { stats: { updated: number } };

function adminView(p: ProductDoc, skus: SkuDoc[]): AdminProductView {
  const order = new Map(p.skuIds.map((id, i) => [id, i]));
  const sorted = [...skus].sort((a, b) => (order.get(a._id) ?? 0) - (order.get(b._id) ?? 0));
  const totalStock = sorted.reduce((s, k) => s + k.stock, 0);
  const onShelf = p.onShelf !== false;
  return {
    productId: p._id, title: p.title, categoryId: p.categoryId, images: p.images, detailImages: p.detailImages ?? [], cover: coverOf(p.images),
    onShelf, status: !onShelf ? 'offShelf' : totalStock === 0 ? 'soldOut' : 'onShelf', minPriceFen: p.minPriceFen, totalStock, skus: sorted.map(skuView), createdAt: p.createdAt,
  };
}

async function skusOf(productIds: string[]): Promise<Map<string, SkuDoc[]>> {
  const out = new Map<string, SkuDoc[]>(productIds.map((id) => [id, []]));
  if (!productIds.length) return out;
  const { data } = await db().collection('skus').where({ productId: command().in(productIds) }).limit(1000).get();
  for (const s of data as SkuDoc[]) out.get(s.productId)?.push(s);
  return out;
}

export async function adminProductDetail(productId: string): Promise<AdminProductView> {
  const p = await findById<ProductDoc>('products', productId);
  if (!p) throw fail('NOT_FOUND', 'no such product');
  return adminView(p, (await skusOf([productId])).get(productId)!);
}

/**
 * `admin.updateProduct`: title, images, category, detail images, shelf state. The SKUs' copies (title,
 * cover, shelf state, which orders and carts read) change in the same transaction.
 */
export async function updateProduct(req: Req<'admin.updateProduct'>, now: number): Promise<AdminProductView> {
  if (req.categoryId && !(await findById('categories', req.categoryId))) throw fail('NOT_FOUND', 'no such category');
  await transaction(async (tx) => {
    const p = await tx.collection('products').doc<ProductDoc>(req.productId).get();
    if (!p) throw fail('NOT_FOUND', 'no such product');
    const title = req.title ?? p.title;
    const images = req.images ?? p.images;
    const patch: Record<string, unknown> = { updatedAt: now };
    if (req.title !== undefined) Object.assign(patch, { title, search: searchKeys(title) });
    if (req.images !== undefined) patch.images = images;
    if (req.categoryId !== undefined) patch.categoryId = req.categoryId;
    if (req.detailImages !== undefined) patch.detailImages = req.detailImages;
    if (req.onShelf !== undefined) patch.onShelf = req.onShelf;
    await tx.collection('products').doc(p._id).update(patch);
    if (req.title !== undefined || req.images !== undefined || req.onShelf !== undefined || req.categoryId !== undefined) {
      const categoryId = req.categoryId !== undefined ? req.categoryId : p.categoryId ?? null;
      for (const skuId of p.skuIds) await tx.collection('skus').doc(skuId).update({ title, cover: coverOf(images), onShelf: req.onShelf ?? p.onShelf !== false, categoryId });
    }
  });
  return adminProductDetail(req.productId);
}

/**
 * `admin.updateSku`: the price (the product's lowest price follows) and/or stock by a delta. The delta is
 * one conditional update (see the top of this file); the price is written in a transaction with the
 * product's `minPriceFen`.
 */
export async function updateSku(req: Req<'admin.updateSku'>, now: number): Promise<SkuView> {
  const sku = await findById<SkuDoc>('skus', req.skuId);
  if (!sku) throw fail('NOT_FOUND', 'no such sku');
  if (req.stockDelta) {
    const _ = command();
    const res = (await db().collection('skus').where({ _id: req.skuId, stock: _.gte(Math.max(0, -req.stockDelta)) }).update({ data: { stock: _.inc(req.stockDelta), stockChangedAt: now } })) as Updated;
    if (res.stats.updated !== 1) throw fail('OUT_OF_STOCK', `stockDelta: only ${(await findById<SkuDoc>('skus', req.skuId))?.stock ?? 0} units are left to remove`);
  }
  if (req.priceFen !== undefined || req.name !== undefined) {
    await transaction(async (tx) => {
      const p = await tx.collection('products').doc<ProductDoc>(sku.productId).get();
      const patch: Record<string, unknown> = {};
      if (req.priceFen !== undefined) patch.priceFen = req.priceFen;
      if (req.name !== undefined) patch.name = req.name;
      await tx.collection('skus').doc(req.skuId).update(patch);
      if (p && req.priceFen !== undefined) {
        const prices: { priceFen: number }[] = [];
        for (const id of p.skuIds) prices.push(id === req.skuId ? { priceFen: req.priceFen } : (await tx.collection('skus').doc<SkuDoc>(id).get()) ?? { priceFen: Infinity });
        await tx.collection('products').doc(p._id).update({ minPriceFen: minPriceOf(prices.filter((x) => Number.isFinite(x.priceFen))), updatedAt: now });
      }
    });
  }
  return skuView((await findById<SkuDoc>('skus', req.skuId))!);
}

/** The filter of a keyword over an indexed `search` array: the first key finds candidates by the index, all keys must match. */
function keywordFilter(keyword: string): Record<string, unknown> | null {
  const keys = keywordKeys(keyword);
  if (!keys.length) return null;
  const _ = command();
  return keys.length === 1 ? { search: keys[0] } : _.and([{ search: keys[0] }, { search: _.all(keys) }]);
}

const and = (...parts: (Record<string, unknown> | null)[]): Record<string, unknown> => {
  const present = parts.filter((p): p is Record<string, unknown> => !!p && Object.keys(p).length > 0);
  return present.length === 0 ? {} : present.length === 1 ? present[0] : command().and(present);
};

/** `catalog.search`: products on the shelf whose title holds the keyword, newest first (by the feed's order). */
export async function searchCatalog(req: { keyword: string; cursor?: string; limit?: number }): Promise<Page<ProductCard>> {
  const kw = keywordFilter(req.keyword);
  if (!kw) return { items: [], nextCursor: null };
  const { docs, nextCursor } = await keysetPage<ProductDoc>('products', and(kw, { onShelf: command().neq(false) }), 'sort', req);
  return { items: docs.map(toCard), nextCursor };
}

/**
 * `admin.listProducts`: by keyword (title keys), and by status: `onShelf` / `offShelf` by the shelf flag;
 * `soldOut` = on shelf and no SKU has stock, found from the SKUs at zero stock (indexed), at most 64
 * products a page of candidates.
 */
export async function listAdminProducts(req: Req<'admin.listProducts'>): Promise<Page<AdminProductView>> {
  const _ = command();
  let statusFilter: Record<string, unknown> | null = null;
  if (req.status === 'offShelf') statusFilter = { onShelf: false };
  if (req.status === 'onShelf') statusFilter = { onShelf: _.neq(false) };
  if (req.status === 'soldOut') {
    const { data } = await db().collection('skus').where({ stock: 0 }).limit(1000).get();
    const candidates = [...new Set((data as SkuDoc[]).map((s) => s.productId))].slice(0, 64);
    const all = await skusOf(candidates);
    const soldOut = candidates.filter((id) => all.get(id)!.every((s) => s.stock <= 0));
    if (!soldOut.length) return { items: [], nextCursor: null };
    statusFilter = { _id: _.in(soldOut), onShelf: _.neq(false) };
  }
  const kw = req.keyword ? keywordFilter(req.keyword) : null;
  if (req.keyword && !kw) return { items: [], nextCursor: null };
  const { docs, nextCursor } = await keysetPage<ProductDoc>('products', and(kw, statusFilter), 'sort', req);
  const skus = await skusOf(docs.map((d) => d._id));
  return { items: docs.map((d) => adminView(d, skus.get(d._id) ?? [])), nextCursor };
}
