/** Fixture builders for the store's local-cloud tests: each takes overrides and names its meaning. */
import type { Api } from '../../typings/api';
import type { TestCloud } from '../support/cloud';

type ProductReq = Api['admin.createProduct']['req'];

export async function aProduct(cloud: TestCloud, o: Partial<ProductReq> = {}) {
  return cloud.admin.ok('admin.createProduct', { title: '海盐芝士曲奇', images: ['https://img/cookie-a.jpg', 'https://img/cookie-b.jpg'], skus: [{ name: '一盒', priceFen: 1990, stock: 100 }], ...o });
}

/** A product with one SKU and `stock` units of it; answers the SKU id. */
export async function aSku(cloud: TestCloud, o: { priceFen?: number; stock?: number } = {}) {
  const p = await aProduct(cloud, { skus: [{ name: '一盒', priceFen: o.priceFen ?? 1990, stock: o.stock ?? 100 }] });
  return p.skus[0].skuId;
}

export async function aFlashSale(cloud: TestCloud, skuId: string, o: Partial<Api['admin.createFlashSale']['req']> = {}) {
  const now = Date.now();
  return (await cloud.admin.ok('admin.createFlashSale', { skuId, priceFen: 990, stock: 10, perUserLimit: 2, startAt: now - 60_000, endAt: now + 3600_000, ...o })).flashSaleId;
}

export async function aCoupon(cloud: TestCloud, o: Partial<Api['admin.createCoupon']['req']> = {}) {
  return (await cloud.admin.ok('admin.createCoupon', { title: '满 99 减 10', discountFen: 1000, minSpendFen: 0, total: 100, perUserLimit: 1, validUntil: Date.now() + 30 * 86_400_000, ...o })).couponId;
}

let keys = 0;
/** A fresh idempotency key. */
export const aKey = (label = 'k') => `${label}-${++keys}-${Math.random().toString(36).slice(2, 10)}`;

/** Stock of a SKU straight from the database. */
export const stockOf = (cloud: TestCloud, skuId: string) => cloud.docs<{ stock: number }>('skus', { _id: skuId })[0].stock;

/** Points balance straight from the database. */
export const pointsOf = (cloud: TestCloud, openid: string) => {
  const users = cloud.docs<{ _id: string }>('users', { openid });
  return users.length ? (cloud.docs<{ balance: number }>('points_accounts', { _id: users[0]._id })[0]?.balance ?? 0) : 0;
};
