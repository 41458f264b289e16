/**
 * The catalog on the database: categories, products and SKUs (stock lives on the SKU documents),
 * the paged feed, product detail with what is on sale now, and the operator's creating actions.
 */
import { randomBytes } from 'node:crypto';
import type { Api, FlashSaleView, GroupCampaignView, Page, ProductCard, SkuView } from '../../typings/api';
import { coverOf, minPriceOf, toCard, type ProductDoc, type SkuDoc } from '../../domain/store/catalog';
import { keysetPage } from '../kernel/keyset';
import type { FlashSaleDoc } from '../../domain/store/flashsale';
import { command, db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { searchKeys } from '../../domain/store/search';

/** A fresh random id with a readable prefix. */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

export const skuView = (s: SkuDoc): SkuView => ({ skuId: s._id, name: s.name, priceFen: s.priceFen, stock: s.stock });

/** Reads SKUs by id (at most 100), as a map. */
export async function loadSkus(ids: readonly string[]): Promise<Map<string, SkuDoc>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { data } = await db().collection('skus').where({ _id: command().in(unique) }).limit(100).get();
  return new Map((data as SkuDoc[]).map((s) => [s._id, s]));
}

/** One page of the feed: products by (sort desc, _id desc), after the cursor's position. */
export async function listProducts(req: { categoryId?: string; cursor?: string; limit?: number }): Promise<Page<ProductCard>> {
  const onShelf = { onShelf: command().neq(false) };
  const { docs, nextCursor } = await keysetPage<ProductDoc>('products', req.categoryId ? { categoryId: req.categoryId, ...onShelf } : onShelf, 'sort', req);
  return { items: docs.map(toCard), nextCursor };
}

interface CampaignDoc {
  _id: string; skuId: string; productId?: string; groupPriceFen: number; groupSize: number; durationMs: number; stock: number;
  status?: string; active?: boolean; endAt?: number;
}

/** A product with its SKUs, the group campaigns of its SKUs and the flash sales running now. */
export async function productDetail(productId: string, now: number): Promise<Api['catalog.detail']['res']> {
  const _ = command();
  const product = await findById<ProductDoc>('products', productId);
  if (!product) throw fail('NOT_FOUND', 'no such product');
  const [skus, campaigns, sales] = await Promise.all([
    db().collection('skus').where({ productId }).limit(100).get(),
    db().collection('group_campaigns').where(_.or([{ productId }, { skuId: _.in(product.skuIds) }])).limit(50).get(),
    db().collection('flash_sales').where({ skuId: _.in(product.skuIds), startAt: _.lte(now), endAt: _.gt(now) }).limit(50).get(),
  ]);
  const order = new Map(product.skuIds.map((id, i) => [id, i]));
  const skuDocs = (skus.data as SkuDoc[]).sort((a, b) => (order.get(a._id) ?? 0) - (order.get(b._id) ?? 0));
  const groupCampaigns: GroupCampaignView[] = (campaigns.data as CampaignDoc[])
    .filter((c) => c.active !== false && c.status !== 'ended' && (c.endAt === undefined || c.endAt > now))
    .map((c) => ({ campaignId: c._id, skuId: c.skuId, groupPriceFen: c.groupPriceFen, groupSize: c.groupSize, durationMs: c.durationMs, stock: c.stock }));
  const flashSales: FlashSaleView[] = (sales.data as FlashSaleDoc[]).map((s) => ({
    flashSaleId: s._id, skuId: s.skuId, priceFen: s.priceFen, stock: s.stock, perUserLimit: s.perUserLimit, startAt: s.startAt, endAt: s.endAt,
  }));
  return { productId, title: product.title, categoryId: product.categoryId ?? null, images: product.images, onShelf: product.onShelf !== false, detailImages: product.detailImages ?? [], skus: skuDocs.map(skuView), groupCampaigns, flashSales };
}

export async function listCategories(): Promise<Api['catalog.categories']['res']> {
  const { data } = await db().collection('categories').orderBy('sort', 'asc').orderBy('_id', 'asc').limit(100).get();
  return { items: (data as { _id: string; name: string; icon?: string }[]).map((c) => ({ categoryId: c._id, name: c.name, ...(c.icon ? { icon: c.icon } : {}) })) };
}

// ---- operators ----

export async function createCategory(req: Api['admin.createCategory']['req'], now: number): Promise<Api['admin.createCategory']['res']> {
  const { _id } = (await db().collection('categories').add({ data: { name: req.name, icon: req.icon ?? null, sort: req.sort ?? 0, createdAt: now } })) as { _id: string };
  return { categoryId: _id };
}

/** Creates a product and its SKUs in one transaction; the feed shows the newest first. */
export async function createProduct(req: Api['admin.createProduct']['req'], now: number): Promise<Api['admin.createProduct']['res']> {
  if (req.categoryId && !(await findById('categories', req.categoryId))) throw fail('NOT_FOUND', 'no such category');
  const productId = newId('p');
  const images = req.images ?? [];
  const skus: SkuDoc[] = req.skus.map((s) => ({ _id: newId('sku'), productId, name: s.name, priceFen: s.priceFen, stock: s.stock, title: req.title, cover: coverOf(images), onShelf: true, categoryId: req.categoryId ?? null }));
  const product: ProductDoc = {
    _id: productId, title: req.title, categoryId: req.categoryId ?? null, images, minPriceFen: minPriceOf(skus), sort: now, skuIds: skus.map((s) => s._id), createdAt: now,
    onShelf: true, detailImages: [], search: searchKeys(req.title),
  };
  await transaction(async (tx) => {
    const { _id, ...doc } = product;
    await tx.collection('products').doc(_id).set(doc);
    for (const { _id: skuId, ...sku } of skus) await tx.collection('skus').doc(skuId).set(sku);
  });
  return { productId, skus: skus.map(skuView) };
}

export async function createFlashSale(req: Api['admin.createFlashSale']['req'], now: number): Promise<Api['admin.createFlashSale']['res']> {
  if (req.endAt <= req.startAt) throw fail('INVALID_ARGUMENT', 'endAt must be after startAt');
  const sku = await findById<SkuDoc>('skus', req.skuId);
  if (!sku) throw fail('NOT_FOUND', 'no such sku');
  const sale: Omit<FlashSaleDoc, '_id'> = { skuId: sku._id, productId: sku.productId, priceFen: req.priceFen, stock: req.stock, perUserLimit: req.perUserLimit, startAt: req.startAt, endAt: req.endAt, createdAt: now };
  const { _id } = (await db().collection('flash_sales').add({ data: sale })) as { _id: string };
  return { flashSaleId: _id };
}
