/**
 * Demo-sized data for the setData benchmark: what a shopper of the demo store sees, shaped by the
 * contract (`typings/api`). Builders take overrides; `demoBackend()` answers every action the pages
 * call, paging lists by the request's `cursor` and `limit` as the cloud functions do.
 */
import type { Api, CartLine, OrderItemView, OrderView, Page, PageRequest, ProductCard, RightView } from '../../typings/api';
import { barcodeFromBytes, issueMemberCode } from '../../domain/membership/membercode';
import { fakeBackend, type FakeBackend } from '../../test/support/simulate';
import { adminDemoHandlers } from './admin-demo';

type Detail = Api['catalog.detail']['res'];
type Category = Api['catalog.categories']['res']['items'][number];
type Group = Api['groupbuy.detail']['res'];
type Coupon = Api['coupon.mine']['res']['items'][number];
type PointsEntry = Api['points.history']['res']['items'][number];
type Reward = Api['points.rewards']['res']['items'][number];
type Commission = Api['distribution.commissions']['res']['items'][number];
type LiveCard = Api['live.list']['res']['items'][number];
type Room = Api['live.room']['res'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A fixed "now" keeps every run's payloads the same size (dates render to fixed-width text). */
export const DEMO_NOW = Date.UTC(2026, 10, 22, 4, 0, 0);

const TITLES = ['赣南脐橙 5斤装 新鲜当季水果', '云南高山蓝莓 125g×4盒', '烟台红富士苹果 10斤礼盒', '四川爱媛38号果冻橙', '海南贵妃芒果 带箱5斤', '新疆阿克苏冰糖心苹果', '丹东99草莓 3斤装', '泰国金枕头榴莲 整果'];
const titleOf = (n: number) => TITLES[n % TITLES.length];
/** Cloud-storage file ids, as the admin uploads them. */
const coverOf = (productId: string, index = 0) => `cloud://tuanmall-prod-7g3k.7475-tuanmall-prod-7g3k-1318000000/products/${productId}/${index}.jpg`;

export function aProductCard(n: number, overrides: Partial<ProductCard> = {}): ProductCard {
  const productId = `prod_${String(n).padStart(6, '0')}`;
  return { productId, title: titleOf(n), minPriceFen: 1990 + n * 100, cover: coverOf(productId), ...overrides };
}

export function aCategory(n: number, overrides: Partial<Category> = {}): Category {
  const names = ['时令水果', '新鲜蔬菜', '肉禽蛋品', '海鲜水产', '乳品烘焙', '粮油调味', '休闲零食', '酒水饮料'];
  return { categoryId: `cat_${n}`, name: names[n % names.length], icon: `cloud://tuanmall-prod-7g3k.7475-tuanmall-prod-7g3k-1318000000/categories/${n}.png`, ...overrides };
}

export function aProductDetail(productId: string, overrides: Partial<Detail> = {}): Detail {
  const skus = ['5斤装', '10斤装', '15斤礼盒'].map((name, i) => ({ skuId: `${productId}_sku${i + 1}`, name, priceFen: 2990 + i * 2000, stock: 120 - i * 40 }));
  return {
    productId,
    title: titleOf(productId.length),
    images: [0, 1, 2, 3, 4].map((i) => coverOf(productId, i)),
    skus,
    groupCampaigns: [
      { campaignId: `${productId}_camp1`, skuId: skus[0].skuId, groupPriceFen: 2490, groupSize: 3, durationMs: DAY, stock: 200 },
      { campaignId: `${productId}_camp2`, skuId: skus[1].skuId, groupPriceFen: 4290, groupSize: 5, durationMs: DAY, stock: 80 },
    ],
    flashSales: [{ flashSaleId: `${productId}_fs1`, skuId: skus[0].skuId, priceFen: 1990, stock: 50, perUserLimit: 2, startAt: DEMO_NOW - HOUR, endAt: DEMO_NOW + HOUR }],
    ...overrides,
  };
}

export function aCartLine(n: number, overrides: Partial<CartLine> = {}): CartLine {
  const card = aProductCard(n);
  return {
    skuId: `${card.productId}_sku1`, productId: card.productId, title: card.title, skuName: '5斤装', cover: card.cover,
    priceFen: card.minPriceFen, quantity: 1 + (n % 3), selected: true, stock: 120, ...overrides,
  };
}

export function cartAnswer(lines: CartLine[]): Api['cart.list']['res'] {
  return { items: lines, selectedTotalFen: lines.filter((l) => l.selected).reduce((s, l) => s + l.priceFen * l.quantity, 0) };
}

export function anOrderItem(n: number, overrides: Partial<OrderItemView> = {}): OrderItemView {
  const line = aCartLine(n);
  return {
    skuId: line.skuId, productId: line.productId, title: line.title, skuName: line.skuName, priceFen: line.priceFen,
    quantity: line.quantity, lineTotalFen: line.priceFen * line.quantity, discountFen: 0, ...overrides,
  };
}

const STATUSES: OrderView['status'][] = ['pendingPayment', 'paid', 'shipped', 'completed', 'cancelled'];

export function anOrder(n: number, overrides: Partial<OrderView> = {}): OrderView {
  const items = Array.from({ length: 1 + (n % 3) }, (_, i) => anOrderItem(n * 3 + i));
  const totalFen = items.reduce((s, i) => s + i.lineTotalFen, 0);
  return {
    orderId: `ord_${String(n).padStart(8, '0')}`, status: STATUSES[n % STATUSES.length], totalFen, discountFen: 500, payableFen: totalFen - 500,
    items, createdAt: DEMO_NOW - n * DAY, pointsUsed: 0, couponId: 'coupon_new_user', payment: { outTradeNo: `T${DEMO_NOW}${n}` },
    address: { name: '张三', phone: '13800000000', region: '广东省深圳市南山区', detail: '科技园南区 1 栋 1001' },
    ...overrides,
  };
}

export function aGroup(overrides: Partial<Group> = {}): Group {
  return { groupId: 'grp_0001', campaignId: 'prod_000001_camp1', status: 'forming', groupSize: 3, paidMembers: 2, seatsLeft: 1, expiresAt: DEMO_NOW + 6 * HOUR, serverNow: DEMO_NOW,
    product: { productId: 'prod_000001', title: '赣南脐橙 5 斤装', cover: '', groupPriceFen: 2990, originalPriceFen: 3990 },
    members: [{ isLeader: true, paid: true, nickName: '团长' }, { isLeader: false, paid: true }], mine: { inGroup: false, paid: false }, ...overrides };
}

export function aCoupon(n: number, overrides: Partial<Coupon> = {}): Coupon {
  return { couponId: `coupon_${n}`, title: ['新人专享券', '满减券', '水果节券'][n % 3], discountFen: 500 * (n + 1), minSpendFen: 3000 * (n + 1), validUntil: DEMO_NOW + 30 * DAY, used: false, ...overrides };
}

export function aPointsEntry(n: number, overrides: Partial<PointsEntry> = {}): PointsEntry {
  const kinds = ['purchase', 'checkin', 'share', 'redeem', 'orderSpend'];
  const kind = kinds[n % kinds.length];
  return { id: `pl_${String(n).padStart(8, '0')}`, delta: kind === 'redeem' || kind === 'orderSpend' ? -100 : 20, kind, refId: `order:ord_${n}:earn`, createdAt: DEMO_NOW - n * HOUR, ...overrides };
}

export function aReward(n: number, overrides: Partial<Reward> = {}): Reward {
  return { rewardId: `rw_${n}`, title: ['免费咖啡券', '保温杯', '会员日礼包', '运费券'][n % 4], kind: 'coupon', costPoints: 100 * (n + 1), stock: 10, ...overrides };
}

export function aRight(n: number, overrides: Partial<RightView> = {}): RightView {
  return {
    redemptionId: `rd_${n}`, rewardId: `rw_${n}`, title: '免费咖啡券', kind: 'coupon', costPoints: 100, verifyCode: `1234567890${String(n).padStart(2, '0')}`,
    status: 'issued', createdAt: DEMO_NOW - n * DAY, usedAt: null, storeId: null, ...overrides,
  };
}

export function aCommission(n: number, overrides: Partial<Commission> = {}): Commission {
  const statuses: Commission['status'][] = ['pending', 'settled', 'reversed'];
  return { orderId: `ord_${String(n).padStart(8, '0')}`, level: n % 4 === 0 ? 2 : 1, amountFen: 199 + n, status: statuses[n % 3], ...overrides };
}

export function aLiveCard(n: number, overrides: Partial<LiveCard> = {}): LiveCard {
  return { roomId: `room_${n}`, title: ['秋季养生专场', '周末水果节', '产地直播：赣南脐橙'][n % 3], status: n < 3 ? 'live' : 'upcoming', cover: `cloud://tuanmall-prod-7g3k.7475-tuanmall-prod-7g3k-1318000000/live/${n}.jpg`, currentGoods: null, ...overrides };
}

export function aRoom(overrides: Partial<Room> = {}): Room {
  return {
    roomId: 'room_0', status: 'live', currentGoods: { productId: 'prod_000001', since: DEMO_NOW - 10 * 60_000 },
    schedule: [1, 2, 3, 4, 5].map((i) => ({ productId: `prod_00000${i + 1}`, at: DEMO_NOW + i * 15 * 60_000 })), serverNow: DEMO_NOW,
    products: [1, 2, 3, 4, 5, 6].map((i) => aProductCard(i)), ...overrides,
  };
}

/** One page of `all` for a cursor-paged request: the cursor is the next offset. */
export function pageOf<T>(all: T[], req: PageRequest, defaultLimit = 20): Page<T> {
  const start = req.cursor ? Number(req.cursor) : 0;
  const end = start + (req.limit ?? defaultLimit);
  return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
}

/** The demo store's sizes: what a page of the demo typically holds. */
export interface DemoSizes { feed: number; categories: number; cartLines: number; orders: number; groupOrders: number; coupons: number; pointsEntries: number; rewards: number; rights: number; commissions: number; liveRooms: number }

export const DEMO_SIZES: DemoSizes = {
  feed: 20, categories: 8, cartLines: 5, orders: 10, groupOrders: 3, coupons: 3, pointsEntries: 40, rewards: 6, rights: 5, commissions: 40, liveRooms: 10,
};

/**
 * A backend that answers every action the pages call with demo-sized data. The cart is kept: `cart.*`
 * answers the whole cart after the change, as the cart function does.
 */
export function demoBackend(sizes: Partial<DemoSizes> = {}): FakeBackend {
  const n = { ...DEMO_SIZES, ...sizes };
  const feed = Array.from({ length: n.feed }, (_, i) => aProductCard(i + 1));
  const orders = Array.from({ length: n.orders }, (_, i) => anOrder(i + 1, i < n.groupOrders ? { groupId: `grp_${String(i + 1).padStart(4, '0')}`, status: 'paid' } : {}));
  let cart = Array.from({ length: n.cartLines }, (_, i) => aCartLine(i + 1));
  const coupons = Array.from({ length: n.coupons }, (_, i) => aCoupon(i));
  const history = Array.from({ length: n.pointsEntries }, (_, i) => aPointsEntry(i + 1));
  const commissions = Array.from({ length: n.commissions }, (_, i) => aCommission(i + 1));
  const rooms = Array.from({ length: n.liveRooms }, (_, i) => aLiveCard(i));
  const priceOf = (req: Api['order.preview']['req']): Api['order.preview']['res'] => {
    const lines = req.items.map((i) => {
      const unitPriceFen = cart.find((l) => l.skuId === i.skuId)?.priceFen ?? 2990;
      return { skuId: i.skuId, quantity: i.quantity, unitPriceFen, lineTotalFen: unitPriceFen * i.quantity, discountFen: 0, payableFen: unitPriceFen * i.quantity };
    });
    const totalFen = lines.reduce((s, l) => s + l.lineTotalFen, 0);
    const coupon = coupons.find((c) => c.couponId === req.couponId);
    const adjustments = [{ kind: 'promotion', label: '满99减10', amountFen: 1000 }, ...(coupon ? [{ kind: 'coupon', label: coupon.title, amountFen: coupon.discountFen }] : [])];
    const discountFen = adjustments.reduce((s, a) => s + a.amountFen, 0);
    return { lines, adjustments, totalFen, discountFen, payableFen: totalFen - discountFen, pointsUsed: 0 };
  };
  return fakeBackend({
    'user.login': () => ({ userId: 'usr_0001', isNew: false, tier: '金卡会员', pointsBalance: 1260, inviterUserId: null, roles: [] }),
    'points.balance': () => ({ balance: 1260, expiring: [{ points: 30, expiresAt: DEMO_NOW + 40 * DAY }] }),
    'catalog.categories': () => ({ items: Array.from({ length: n.categories }, (_, i) => aCategory(i)) }),
    'catalog.list': (req) => pageOf(req.categoryId ? feed.map((c) => ({ ...c, productId: `${c.productId}_${req.categoryId}` })) : feed, req, 10),
    'catalog.detail': ({ productId }) => aProductDetail(productId),
    'cart.list': () => cartAnswer(cart),
    'cart.update': ({ skuId, quantity, selected }) => {
      cart = cart.map((l) => (l.skuId === skuId ? { ...l, ...(quantity !== undefined ? { quantity } : {}), ...(selected !== undefined ? { selected } : {}) } : l));
      return cartAnswer(cart);
    },
    'coupon.mine': () => ({ items: coupons }),
    'coupon.available': () => ({ items: coupons.map((c, i) => ({ couponId: c.couponId, title: c.title, discountFen: c.discountFen, minSpendFen: c.minSpendFen, validUntil: c.validUntil, remaining: 100 - i, claimedByMe: i === 0 })) }),
    'coupon.claim': ({ couponId }) => ({ couponId, claimed: 1 }),
    'analytics.assign': () => ({ variant: 'a' }),
    'order.counts': () => ({ pendingPayment: 2, toShip: 3, toReceive: 1, afterSale: 0 }),
    'catalog.search': (req) => pageOf(feed, req, 10),
    'order.preview': (req) => priceOf(req),
    'order.list': (req) => pageOf(orders.filter((o) => !req.status || o.status === req.status), req),
    'order.detail': ({ orderId }) => orders.find((o) => o.orderId === orderId) ?? anOrder(1, { orderId }),
    'groupbuy.detail': ({ groupId }) => aGroup({ groupId }),
    'groupbuy.mine': (req) => pageOf(
      orders.filter((o) => o.groupId).map((o, i) => ({ ...aGroup({ groupId: o.groupId! }), orderId: o.orderId, isLeader: i === 0, title: o.items[0]?.title ?? '' })),
      req,
    ),
    'points.history': (req) => pageOf(history, req),
    'points.rewards': () => ({ items: Array.from({ length: n.rewards }, (_, i) => aReward(i)) }),
    'points.myRights': (req) => pageOf(Array.from({ length: n.rights }, (_, i) => aRight(i)), req),
    // Signed as the user function signs it (a fresh code of the same length on every call).
    'user.memberCode': () => ({ ...issueMemberCode('bench-secret', 'usr_0001', 'k7PqWfvdmn_X', Date.now()), barcode: barcodeFromBytes(new Uint8Array([7, 42, 99, 1, 250, 8, 77, 13])) }),
    'staff.verifyMemberCode': () => ({ userId: 'usr_0001', tier: '金卡会员', pointsBalance: 1260 }),
    'distribution.center': () => ({ inviterUserId: null, level1Count: 12, level2Count: 37, pendingFen: 12_500, settledFen: 88_000, reversedFen: 3_000, withdrawableFen: 85_000 }),
    'distribution.commissions': (req) => pageOf(commissions, req),
    // ~30 KiB of PNG, as the wxacode the function returns (the page binds the fileID, never the image).
    'distribution.poster': () => ({
      scene: 'i=K3M9Q2ZT', contentType: 'image/png', imageBase64: 'iVBORw0KGgo'.padEnd(40_000, 'A'), page: 'pages/home/home',
      fileID: 'cloud://tuanmall-prod-7g3k.7475-tuanmall-prod-7g3k-1318000000/distribution/posters/usr_0001/pages_home_home.png',
      tempFileURL: 'https://7475-tuanmall-prod-7g3k-1318000000.tcb.qcloud.la/distribution/posters/usr_0001/pages_home_home.png?sign=x&t=1',
      shareCode: 'K3M9Q2ZT', featured: aProductCard(0),
    }),
    'user.consent': () => ({ marketing: { miniprogram: true, sms: false, officialAccount: false, app: false }, location: false, partnerSharing: true, updatedAt: DEMO_NOW - DAY }),
    'user.setConsent': (req) => ({ marketing: { miniprogram: true, sms: false, officialAccount: false, app: false, ...req.marketing }, location: req.location ?? false, partnerSharing: req.partnerSharing ?? true, updatedAt: DEMO_NOW }),
    // Three partner brands, as the alliance pages list them.
    'alliance.partners': () => ({
      items: [['p_tea', '山茶咖啡', 'wx5e0c1f2a3b4c5d6e', 10, 1], ['p_bake', '麦田烘焙', 'wx6f1d2e3a4b5c6d7f', 5, 1], ['p_flower', '花间花艺', 'wx7a2e3f4b5c6d7e8a', 20, 3]].map(([partnerId, name, appId, ours, theirs]) => ({
        partnerId: String(partnerId), name: String(name), appId: String(appId), ratio: { ours: Number(ours), theirs: Number(theirs) }, dailyCapPoints: 5000, slogan: `${name} · 联盟会员互通`,
      })),
    }),
    'alliance.dualMembership': () => ({ dualMember: true, via: 'landing' as const, since: DEMO_NOW - 3 * DAY }),
    'live.list': (req) => pageOf(rooms, req),
    'live.room': ({ roomId }) => aRoom({ roomId }),
    ...adminDemoHandlers(),
  });
}
