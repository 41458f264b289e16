/**
 * Demo data for an empty data dir: a small brand store (categories, products with images, a group
 * campaign, a flash sale, a coupon, rewards, a live room, a partner, staff, a commission plan).
 * Everything goes through the operators' admin actions, so the seed obeys the same rules as the console.
 */
import type { Api, ApiName } from '../typings/api';
import type { LocalCloud } from './index';
import { categoryIcon, liveCover, productImage, type CategoryArt, type ProductArt } from './demo-images';

export const DEMO = {
  admin: 'o-admin',
  shopper: 'o-demo-shopper',
  clerk: 'o-demo-clerk',
  host: 'o-demo-host',
  storeId: 'store-sh-01',
  partnerId: 'coffee',
} as const;

/** Stores a picture the project drew in cloud storage (as an operator's upload would) and answers its fileID. */
function picture(cloud: LocalCloud, cloudPath: string, svg: string): string {
  return cloud.storage.put(cloudPath, Buffer.from(svg, 'utf8'));
}

export async function seedDemoData(cloud: LocalCloud, now = Date.now()): Promise<Record<string, string>> {
  const call = async <K extends ApiName>(name: K, req: Api[K]['req']): Promise<Api[K]['res']> => {
    const [fn, action] = name.split('.');
    const out = (await cloud.invoke(fn, { action, ...req }, { openid: DEMO.admin })) as { ok: boolean; data?: Api[K]['res']; error?: { code: string; message: string } };
    if (!out?.ok) throw new Error(`seed: ${name} failed: ${JSON.stringify(out?.error ?? out)}`);
    return out.data as Api[K]['res'];
  };

  const icon = (art: CategoryArt) => picture(cloud, `demo/categories/${art}.svg`, categoryIcon(art));
  const { categoryId: tea } = await call('admin.createCategory', { name: '茶饮', icon: icon('tea'), sort: 1 });
  const { categoryId: snacks } = await call('admin.createCategory', { name: '零食', icon: icon('snack'), sort: 2 });
  const { categoryId: gifts } = await call('admin.createCategory', { name: '礼盒', icon: icon('gift'), sort: 3 });

  const products: (Api['admin.createProduct']['req'] & { art: ProductArt })[] = [
    { art: 'tea-can', title: '明前龙井 100g', categoryId: tea, skus: [{ name: '罐装', priceFen: 12800, stock: 200 }, { name: '礼盒装', priceFen: 16800, stock: 80 }] },
    { art: 'tea-bags', title: '冷萃乌龙茶包 20 袋', categoryId: tea, skus: [{ name: '原味', priceFen: 3990, stock: 500 }] },
    { art: 'cakes', title: '桂花酒酿小方', categoryId: snacks, skus: [{ name: '6 枚', priceFen: 2990, stock: 300 }, { name: '12 枚', priceFen: 5590, stock: 120 }] },
    { art: 'cookies', title: '海盐芝士曲奇', categoryId: snacks, skus: [{ name: '一盒', priceFen: 1990, stock: 800 }] },
    { art: 'gift-box', title: '四季茶礼', categoryId: gifts, skus: [{ name: '标准款', priceFen: 39900, stock: 50 }] },
    { art: 'cup', title: '手作青瓷茶杯', categoryId: gifts, skus: [{ name: '单只', priceFen: 8800, stock: 60 }] },
  ];
  const created = [];
  for (const [i, { art, ...p }] of products.entries()) {
    const images = [0, 1].map((v) => picture(cloud, `demo/products/p${i}-${art}-${v + 1}.svg`, productImage(art, v)));
    created.push(await call('admin.createProduct', { ...p, images }));
  }

  const { campaignId } = await call('admin.createGroupCampaign', { skuId: created[1].skus[0].skuId, groupPriceFen: 2990, groupSize: 3, durationMs: 24 * 3600_000, stock: 300 });
  const { flashSaleId } = await call('admin.createFlashSale', { skuId: created[3].skus[0].skuId, priceFen: 990, stock: 100, perUserLimit: 2, startAt: now - 3600_000, endAt: now + 7 * 24 * 3600_000 });
  const { couponId } = await call('admin.createCoupon', { title: '满 99 减 10', discountFen: 1000, minSpendFen: 9900, total: 1000, perUserLimit: 1, validUntil: now + 30 * 24 * 3600_000 });
  await call('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 300, settleAfterMs: 7 * 24 * 3600_000 });
  // The points reward gives a real coupon (in coupon.mine, usable at checkout); new members get a welcome coupon.
  const { couponId: rewardCouponId } = await call('admin.createCoupon', { title: '5 元无门槛券', discountFen: 500, minSpendFen: 0, total: 100_000, perUserLimit: 1, validUntil: now + 365 * 24 * 3600_000 });
  const { rewardId } = await call('admin.createReward', { title: '5 元无门槛券', kind: 'coupon', costPoints: 500, stock: 100, couponId: rewardCouponId });
  const { couponId: giftCouponId } = await call('admin.createCoupon', { title: '新人专享 满 39 减 8', discountFen: 800, minSpendFen: 3900, total: 100_000, perUserLimit: 1, validUntil: now + 90 * 24 * 3600_000 });
  await call('admin.setNewMemberGift', { couponId: giftCouponId });
  await call('admin.createReward', { title: '门店手冲一杯', kind: 'service', costPoints: 800, stock: 50 });
  await call('admin.createReward', { title: '帆布袋', kind: 'physical', costPoints: 1500, stock: 20 });
  await call('admin.addStaff', { openid: DEMO.clerk, role: 'clerk', storeId: DEMO.storeId });
  await call('admin.addPartner', { partnerId: DEMO.partnerId, name: '晨光咖啡', appId: 'wx-partner-coffee', ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000, tierMap: { silver: 'member', gold: 'premium' }, jumpPath: 'pages/index/index', slogan: '团团优选会员专享：积分换咖啡', welcomeCouponId: 'alliance-coffee-welcome' });
  const liveTitle = '春茶上新直播';
  const { roomId } = await call('admin.createLiveRoom', { title: liveTitle, hostOpenid: DEMO.host, productIds: created.slice(0, 3).map((p) => p.productId), hostCommissionBps: 500 });
  // The room's cover, as an operator sets it in the console (createLiveRoom takes no cover).
  const cover = picture(cloud, `demo/live/${roomId}.svg`, liveCover(liveTitle, 'tea-can'));
  const set = cloud.engine.handle('database.modifyDocument', { collectionName: 'live_rooms', queryType: 'DOC', query: JSON.stringify({ _id: roomId }), data: JSON.stringify({ $set: { cover } }), merge: true, multi: false }) as { code?: string; message?: string };
  if (set.code) throw new Error(`seed: live room cover: ${set.message}`);
  await call('admin.createExperiment', { key: 'home-banner', variants: [{ name: 'a', weightBps: 5000 }, { name: 'b', weightBps: 5000 }] });

  return { tea, snacks, gifts, campaignId, flashSaleId, couponId, rewardId, roomId, productId: created[0].productId };
}
