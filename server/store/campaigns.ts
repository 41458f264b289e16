/**
 * The back-office's campaigns: group campaigns (拼团), flash sales, coupons and promotions, listed by kind
 * and edited or stopped. Stock changes by a delta in one conditional update (never below zero, safe
 * against racing orders and claims); stopping keeps the document and ends it where every existing check
 * already looks: a group campaign `active: false`, a flash sale's `endAt` and a coupon's `validUntil` set
 * to now (with `active: false`), a promotion `active: false`.
 */
import type { AdminCampaignView, CampaignKind, Page, Req } from '../../typings/api';
import type { Campaign } from '../../domain/groupbuy/groupbuy';
import { checkCampaign } from '../../domain/groupbuy/groupbuy';
import type { CouponDoc } from '../../domain/store/coupon';
import type { FlashSaleDoc } from '../../domain/store/flashsale';
import { checkPromotion, type Promotion } from '../../domain/store/pricing';
import { command, db, findById, findByIds, transaction } from '../kernel/db';
import { fail, orFail } from '../kernel/errors';
import { keysetPage } from '../kernel/keyset';

type Updated = { stats: { updated: number } };
type Stored<T> = T & { active?: boolean; createdAt: number };

const COLLECTION: Record<CampaignKind, string> = { group: 'group_campaigns', flash: 'flash_sales', coupon: 'coupons', promotion: 'promotions' };

async function titles(productIds: string[]): Promise<Map<string, string>> {
  const products = await findByIds<{ _id: string; title: string }>('products', productIds);
  return new Map([...products.values()].map((p) => [p._id, p.title]));
}

function groupView(c: Stored<Campaign>, title: string): AdminCampaignView {
  return { kind: 'group', active: c.active !== false, productId: c.productId, title, createdAt: c.createdAt, campaignId: c._id, skuId: c.skuId, groupPriceFen: c.groupPriceFen, groupSize: c.groupSize, durationMs: c.durationMs, stock: c.stock };
}
function flashView(s: Stored<FlashSaleDoc>, title: string): AdminCampaignView {
  return { kind: 'flash', active: s.active !== false, productId: s.productId, title, createdAt: s.createdAt, flashSaleId: s._id, skuId: s.skuId, priceFen: s.priceFen, stock: s.stock, perUserLimit: s.perUserLimit, startAt: s.startAt, endAt: s.endAt };
}
function couponView(c: Stored<CouponDoc>): AdminCampaignView {
  return { kind: 'coupon', active: c.active !== false, couponId: c._id, title: c.title, discountFen: c.discountFen, minSpendFen: c.minSpendFen, total: c.total, remaining: c.remaining, perUserLimit: c.perUserLimit, validUntil: c.validUntil, createdAt: c.createdAt };
}
function promotionView(p: Stored<Promotion & { _id: string }>): AdminCampaignView {
  return { kind: 'promotion', active: p.active !== false, promotionId: p._id, label: p.label, promotionKind: p.kind, params: p.params, skuIds: p.skuIds ?? null, startAt: p.startAt ?? null, endAt: p.endAt ?? null, createdAt: p.createdAt };
}

/** `admin.listCampaigns {kind, active?}`: newest first. */
export async function listCampaigns(req: Req<'admin.listCampaigns'>): Promise<Page<AdminCampaignView>> {
  const filter = req.active === undefined ? {} : { active: req.active ? command().neq(false) : false };
  const { docs, nextCursor } = await keysetPage<Stored<{ _id: string; productId?: string }>>(COLLECTION[req.kind], filter, 'createdAt', req);
  return { items: await views(req.kind, docs), nextCursor };
}

async function views(kind: CampaignKind, docs: Stored<{ _id: string; productId?: string }>[]): Promise<AdminCampaignView[]> {
  const names = await titles(docs.map((d) => d.productId ?? '').filter(Boolean));
  return docs.map((d) => {
    if (kind === 'group') return groupView(d as unknown as Stored<Campaign>, names.get(d.productId ?? '') ?? '');
    if (kind === 'flash') return flashView(d as unknown as Stored<FlashSaleDoc>, names.get(d.productId ?? '') ?? '');
    if (kind === 'coupon') return couponView(d as unknown as Stored<CouponDoc>);
    return promotionView(d as unknown as Stored<Promotion & { _id: string }>);
  });
}

async function viewOf(kind: CampaignKind, id: string): Promise<AdminCampaignView> {
  const doc = await findById<Stored<{ productId?: string }>>(COLLECTION[kind], id);
  if (!doc) throw fail('NOT_FOUND', `no such ${kind} campaign`);
  return (await views(kind, [doc]))[0];
}

/** Adds `delta` to a stock-like counter in one conditional update; OUT_OF_STOCK when removing more than is left. */
async function addToCounter(collection: string, id: string, field: string, delta: number, label: string): Promise<void> {
  if (!delta) return;
  const _ = command();
  const res = (await db().collection(collection).where({ _id: id, [field]: _.gte(Math.max(0, -delta)) }).update({ data: { [field]: _.inc(delta) } })) as Updated;
  if (res.stats.updated === 1) return;
  const doc = await findById<Record<string, number>>(collection, id);
  if (!doc) throw fail('NOT_FOUND', `no such ${label}`);
  throw fail('OUT_OF_STOCK', `${label}: only ${doc[field]} left to remove`);
}

/** Writes the plain fields after checking the merged document with `check`; in a transaction. */
async function patchChecked<T>(collection: string, id: string, label: string, patch: Record<string, unknown>, check: (merged: T) => void): Promise<void> {
  if (!Object.keys(patch).length) return;
  await transaction(async (tx) => {
    const ref = tx.collection(collection).doc<T>(id);
    const cur = await ref.get();
    if (!cur) throw fail('NOT_FOUND', `no such ${label}`);
    check({ ...cur, ...patch } as T);
    await ref.update(patch);
  });
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function updateGroupCampaign(req: Req<'admin.updateGroupCampaign'>, now: number): Promise<AdminCampaignView> {
  const { campaignId, stockDelta, ...rest } = req;
  await patchChecked<Stored<Campaign>>('group_campaigns', campaignId, 'group campaign', { ...defined(rest), ...(Object.keys(defined(rest)).length ? { updatedAt: now } : {}) }, (c) => orFail(checkCampaign(c)));
  await addToCounter('group_campaigns', campaignId, 'stock', stockDelta ?? 0, 'stockDelta');
  return viewOf('group', campaignId);
}

export async function updateFlashSale(req: Req<'admin.updateFlashSale'>, now: number): Promise<AdminCampaignView> {
  const { flashSaleId, stockDelta, active, ...rest } = req;
  // Stopping ends the sale now: every check of a flash sale already reads its window.
  const stop = active === false ? { active: false, endAt: now } : active === true ? { active: true } : {};
  await patchChecked<FlashSaleDoc>('flash_sales', flashSaleId, 'flash sale', { ...defined(rest), ...stop }, (s) => {
    if (s.endAt <= s.startAt && active !== false) throw fail('INVALID_ARGUMENT', 'endAt must be after startAt');
  });
  await addToCounter('flash_sales', flashSaleId, 'stock', stockDelta ?? 0, 'stockDelta');
  return viewOf('flash', flashSaleId);
}

export async function updateCoupon(req: Req<'admin.updateCoupon'>, now: number): Promise<AdminCampaignView> {
  const { couponId, totalDelta, active, ...rest } = req;
  const stop = active === false ? { active: false, validUntil: now } : active === true ? { active: true } : {};
  await patchChecked<CouponDoc>('coupons', couponId, 'coupon', { ...defined(rest), ...stop }, () => undefined);
  if (totalDelta) {
    // `remaining` and `total` move together in one transaction (never below 0); a claim racing it conflicts and retries.
    await transaction(async (tx) => {
      const ref = tx.collection('coupons').doc<CouponDoc>(couponId);
      const c = await ref.get();
      if (!c) throw fail('NOT_FOUND', 'no such coupon');
      if (c.remaining + totalDelta < 0) throw fail('OUT_OF_STOCK', `totalDelta: only ${c.remaining} unclaimed coupons left to remove`);
      await ref.update({ remaining: command().inc(totalDelta), total: command().inc(totalDelta) });
    });
  }
  return viewOf('coupon', couponId);
}

export async function updatePromotion(req: Req<'admin.updatePromotion'>, by: string, now: number): Promise<AdminCampaignView> {
  const { promotionId, ...rest } = req;
  await patchChecked<Promotion>('promotions', promotionId, 'promotion', { ...defined(rest), updatedAt: now, updatedBy: by }, (p) => {
    orFail(checkPromotion({ ...p, id: promotionId }));
    if (p.startAt !== undefined && p.endAt !== undefined && p.endAt <= p.startAt) throw fail('INVALID_ARGUMENT', 'endAt must be after startAt');
  });
  return viewOf('promotion', promotionId);
}
