/** Fixture builders for the back-office page tests: overrides in, contract-shaped data out. */
import type { AdminCampaignView, AdminLiveRoomView, AdminOrderView, AdminProductView, AdminWithdrawalView, DashboardView } from '../../typings/api';

let seq = 0;
const next = () => (seq += 1);
const DAY = 86400_000;

export function aDashboard(overrides: Partial<DashboardView> = {}): DashboardView {
  const today = Date.UTC(2026, 11, 1);
  return {
    today: { paidFen: 128_800, orders: 12, newMembers: 5, refundedFen: 3990 },
    pending: { toShip: 3, afterSales: 2, withdrawals: 1, riskFlagged: 0, riskAlerts: 0 },
    last7Days: Array.from({ length: 7 }, (_, i) => ({ day: new Date(today - (6 - i) * DAY).toISOString().slice(0, 10), paidFen: (i + 1) * 10_000, orders: i + 1, refundedFen: 0 })),
    ...overrides,
  };
}

export function anAdminProduct(overrides: Partial<AdminProductView> = {}): AdminProductView {
  const n = next();
  const id = overrides.productId ?? `p${n}`;
  return {
    productId: id, title: `明前龙井 ${n}`, categoryId: 'c-tea', images: [`cloud://env/products/${id}.jpg`], detailImages: [],
    cover: `cloud://env/products/${id}.jpg`, onShelf: true, status: 'onShelf', minPriceFen: 12800, totalStock: 280,
    skus: [{ skuId: `${id}-s1`, name: '罐装', priceFen: 12800, stock: 200 }, { skuId: `${id}-s2`, name: '礼盒装', priceFen: 16800, stock: 80 }],
    createdAt: Date.UTC(2026, 10, 1), ...overrides,
  };
}

export function anAdminOrder(overrides: Partial<AdminOrderView> = {}): AdminOrderView {
  const n = next();
  return {
    orderId: `ord_${String(n).padStart(4, '0')}5f3a91c2e0b7d4a6c8e1f203`, status: 'paid', totalFen: 25600, discountFen: 0, payableFen: 25600,
    items: [{ skuId: 's1', productId: 'p1', title: '明前龙井 100g', skuName: '罐装', priceFen: 12800, quantity: 2, lineTotalFen: 25600, discountFen: 0 }],
    createdAt: Date.UTC(2026, 11, 1, 2, 30), paidAt: Date.UTC(2026, 11, 1, 2, 31),
    userId: `u${n}`, address: { name: '张三', phone: '13800138000', region: '上海市黄浦区', detail: '南京东路 100 号' },
    shipment: null, afterSale: null, refundedFen: 0, ...overrides,
  };
}

export function aWithdrawal(overrides: Partial<AdminWithdrawalView> = {}): AdminWithdrawalView {
  const n = next();
  return { withdrawalId: `w${n}`, userId: `u${n}`, amountFen: 5000, status: 'pendingApproval', createdAt: Date.UTC(2026, 11, 1, 1), ...overrides };
}

export function aGroupCampaign(overrides: Partial<Extract<AdminCampaignView, { kind: 'group' }>> = {}): AdminCampaignView {
  const n = next();
  return { kind: 'group', active: true, campaignId: `gc${n}`, skuId: 'p1-s1', productId: 'p1', title: '明前龙井 100g', groupPriceFen: 9900, groupSize: 3, durationMs: 24 * 3600_000, stock: 50, createdAt: Date.UTC(2026, 10, 1), ...overrides };
}

export function aCoupon(overrides: Partial<Extract<AdminCampaignView, { kind: 'coupon' }>> = {}): AdminCampaignView {
  const n = next();
  return { kind: 'coupon', active: true, couponId: `cp${n}`, title: '满 99 减 10', discountFen: 1000, minSpendFen: 9900, total: 100, remaining: 60, perUserLimit: 1, validUntil: Date.UTC(2099, 0, 1), createdAt: Date.UTC(2026, 10, 1), ...overrides };
}

export function aLiveRoom(overrides: Partial<AdminLiveRoomView> = {}): AdminLiveRoomView {
  const n = next();
  return { roomId: `room${n}`, title: '春茶上新直播', cover: 'cloud://env/live/cover.jpg', hostOpenid: 'o-host', productIds: ['p1'], status: 'upcoming', hostCommissionBps: 500, createdAt: Date.UTC(2026, 10, 1), ...overrides };
}
