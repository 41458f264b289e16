/**
 * Demo-sized back-office data for the setData benchmark: a shop with a few dozen products, a busy day of
 * orders, a queue of after-sales and withdrawals, campaigns of each kind, live rooms, staff and settings.
 */
import type { AdminCampaignView, AdminLiveRoomView, AdminOrderView, AdminProductView, AdminWithdrawalView, DashboardView, Page, PageRequest, RiskRuleConfig } from '../../typings/api';
import type { FakeHandlers } from '../../test/support/simulate';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 22, 4, 0, 0);
const TITLES = ['赣南脐橙 5斤装 新鲜当季水果', '云南高山蓝莓 125g×4盒', '烟台红富士苹果 10斤礼盒', '四川爱媛38号果冻橙', '海南贵妃芒果 带箱5斤'];
const file = (path: string) => `cloud://tuanmall-prod-7g3k.7475-tuanmall-prod-7g3k-1318000000/${path}`;

function pageOf<T>(items: T[], req: PageRequest, size = 20): Page<T> {
  const start = req.cursor ? Number(req.cursor) : 0;
  const limit = req.limit ?? size;
  const next = start + limit;
  return { items: items.slice(start, next), nextCursor: next < items.length ? String(next) : null };
}

function aProduct(n: number): AdminProductView {
  const productId = `prod_${String(n).padStart(6, '0')}`;
  const skus = [0, 1, 2].map((i) => ({ skuId: `${productId}_sku${i + 1}`, name: ['5斤装', '10斤装', '礼盒装'][i], priceFen: 2990 + n * 100 + i * 2000, stock: (n * 7 + i * 13) % 200 }));
  const images = [0, 1, 2, 3].map((i) => file(`products/${productId}/${i}.jpg`));
  return {
    productId, title: TITLES[n % TITLES.length], categoryId: `cat_${n % 8}`, images, detailImages: images.slice(0, 3), cover: images[0],
    onShelf: n % 9 !== 0, status: n % 9 === 0 ? 'offShelf' : skus.every((s) => s.stock === 0) ? 'soldOut' : 'onShelf',
    minPriceFen: skus[0].priceFen, totalStock: skus.reduce((s, k) => s + k.stock, 0), skus, createdAt: NOW - n * DAY,
  };
}

function anOrder(n: number, overrides: Partial<AdminOrderView> = {}): AdminOrderView {
  const items = [0, 1].map((i) => ({ skuId: `prod_${String(n + i).padStart(6, '0')}_sku1`, productId: `prod_${String(n + i).padStart(6, '0')}`, title: TITLES[(n + i) % TITLES.length], skuName: '5斤装', priceFen: 3990, quantity: 1 + i, lineTotalFen: 3990 * (1 + i), discountFen: 0 }));
  const totalFen = items.reduce((s, i) => s + i.lineTotalFen, 0);
  return {
    orderId: `ord_${n.toString(16).padStart(24, '0')}`, status: (['paid', 'shipped', 'completed', 'pendingPayment'] as const)[n % 4], totalFen, discountFen: 1000, payableFen: totalFen - 1000 + 800, shippingFen: 800,
    items, createdAt: NOW - n * HOUR, paidAt: NOW - n * HOUR + 60_000, userId: `usr_${String(n).padStart(4, '0')}`,
    address: { name: '张三', phone: '13800138000', region: '上海市浦东新区', detail: `世纪大道 ${n} 号 ${n}0${n} 室` },
    shipment: n % 4 === 1 ? { carrier: '顺丰速运', trackingNo: `SF14002188${String(n).padStart(2, '0')}`, shippedAt: NOW - n * HOUR / 2 } : null,
    afterSale: null, refundedFen: 0, risk: n % 7 === 0 ? 'review' : 'allow', ...overrides,
  };
}

export function adminDemoHandlers(): FakeHandlers {
  const products = Array.from({ length: 36 }, (_, i) => aProduct(i + 1));
  const orders = Array.from({ length: 60 }, (_, i) => anOrder(i + 1));
  const afterSales = Array.from({ length: 12 }, (_, i) => anOrder(100 + i, { status: 'shipped', afterSale: { status: 'requested', reason: '收到商品破损', note: null, requestedAt: NOW - i * HOUR, reviewedAt: null, lines: [] } }));
  const withdrawals: AdminWithdrawalView[] = Array.from({ length: 15 }, (_, i) => ({ withdrawalId: `wd_${i}`, userId: `usr_${String(i).padStart(4, '0')}`, amountFen: 5000 + i * 1000, status: 'pendingApproval', createdAt: NOW - i * HOUR }));
  const campaigns: AdminCampaignView[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'group', active: i % 3 !== 0, campaignId: `gc_${i}`, skuId: products[i].skus[0].skuId, productId: products[i].productId, title: products[i].title, groupPriceFen: 1990, groupSize: 3, durationMs: DAY, stock: 100, createdAt: NOW - i * DAY }));
  const rooms: AdminLiveRoomView[] = Array.from({ length: 6 }, (_, i) => ({ roomId: `room_${i}`, title: `周末鲜果直播 第${i + 1}场`, cover: file(`live/${i}.jpg`), hostOpenid: 'o-demo-host', productIds: products.slice(0, 8).map((p) => p.productId), status: (['live', 'upcoming', 'ended'] as const)[i % 3], hostCommissionBps: 500, createdAt: NOW - i * DAY }));
  const dashboard: DashboardView = {
    today: { paidFen: 1_288_800, orders: 86, newMembers: 23, refundedFen: 12_900 },
    pending: { toShip: 18, afterSales: 12, withdrawals: 15, riskFlagged: 3, riskAlerts: 1 },
    last7Days: Array.from({ length: 7 }, (_, i) => ({ day: new Date(NOW - (6 - i) * DAY + 8 * HOUR).toISOString().slice(0, 10), paidFen: 800_000 + i * 70_000, orders: 60 + i * 4, refundedFen: 9_900 })),
  };
  return {
    'admin.dashboard': () => dashboard,
    'admin.listProducts': (req) => pageOf(products.filter((p) => !req.status || p.status === req.status), req),
    'admin.productDetail': ({ productId }) => products.find((p) => p.productId === productId) ?? products[0],
    'admin.listOrders': (req) => pageOf(orders.filter((o) => !req.status || o.status === req.status), req),
    'admin.orderDetail': ({ orderId }) => [...orders, ...afterSales].find((o) => o.orderId === orderId) ?? orders[0],
    'admin.listAfterSales': (req) => pageOf(afterSales, req),
    'admin.listWithdrawals': (req) => pageOf(withdrawals, req),
    'admin.listCampaigns': (req) => pageOf(campaigns.filter((c) => c.kind === req.kind), req),
    'admin.listLiveRooms': (req) => pageOf(rooms, req),
    'admin.listStaff': (req) => pageOf(Array.from({ length: 8 }, (_, i) => ({ openid: `o-clerk-${i}`, role: i === 0 ? 'manager' as const : 'clerk' as const, storeId: 'store-sh-01', active: true, createdAt: NOW - i * DAY })), req),
    'admin.listPartners': () => ({ items: [{ partnerId: 'coffee', name: '晨光咖啡', appId: 'wx-partner-coffee', ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000, kind: 'partner', tierMap: {} }] }),
    'admin.settings': () => ({
      tiers: [
        { tier: 'member', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 0, freeShipping: false } },
        { tier: 'silver', minLifetimeSpendFen: 50_000, benefits: { memberPriceBps: 300, freeShipping: false } },
        { tier: 'gold', minLifetimeSpendFen: 200_000, benefits: { memberPriceBps: 500, freeShipping: true } },
      ],
      shipping: { feeFen: 800, freeOverFen: 9900 },
      commissionPlan: { level1Bps: 1000, level2Bps: 500, settleAfterMs: 7 * DAY },
      riskRules: <RiskRuleConfig[]>[
        { id: 'new-account-high-value', kind: 'newAccountHighValue', params: { maxAccountAgeMs: DAY, minPayableFen: 100_000 }, action: 'review' },
        { id: 'region-mismatch', kind: 'regionMismatch', params: {}, action: 'review' },
        { id: 'order-velocity', kind: 'orderVelocity', params: { maxOrders: 10 }, action: 'block' },
      ],
      csKeywords: [{ keywords: ['发货', '物流'], reply: '下单后 48 小时内发货，可在订单详情查看物流。' }, { keywords: ['退款'], reply: '在订单详情申请售后，商家 24 小时内处理。' }],
      rewards: Array.from({ length: 6 }, (_, i) => ({ rewardId: `rw_${i}`, title: `满 ${50 + i * 10} 减 5 券`, kind: 'coupon' as const, costPoints: 500 + i * 100, stock: 20 + i, couponId: `cp_${i}` })),
      newMemberCouponId: null,
    }),
  };
}
