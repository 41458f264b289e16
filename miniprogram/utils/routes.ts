/** Every page path the mini-program navigates to, in one place. */
export const TABS = {
  home: '/pages/home/home',
  category: '/pages/category/category',
  cart: '/pages/cart/cart',
  me: '/pages/me/me',
} as const;

/** Pages of the feature subpackages, declared in app.json as they are built. */
export const ROUTES = {
  product: (productId: string) => `/packages/store/product/product?productId=${encodeURIComponent(productId)}`,
  checkout: '/packages/store/checkout/checkout',
  orders: '/packages/store/orders/orders',
  /** Checkout of what `checkout.begin()` was given on a product page ("buy now"), not of the cart. */
  buyNow: '/packages/store/checkout/checkout?mode=buyNow',
  /** 领券中心. */
  couponCentre: '/packages/store/coupons/coupons',
  /** 我的优惠券: the coupon page on its 我的 tab. */
  myCoupons: '/packages/store/coupons/coupons?tab=mine',
  /** The page a store's QR code opens: claims `couponId` online, then offers 去使用. */
  couponLanding: (couponId: string) => `/packages/store/coupon/coupon?couponId=${encodeURIComponent(couponId)}`,
  search: (keyword?: string) => `/packages/store/search/search${keyword ? `?keyword=${encodeURIComponent(keyword)}` : ''}`,
  order: (orderId: string) => `/packages/store/order/order?orderId=${encodeURIComponent(orderId)}`,
  groupCampaigns: (productId: string) => `/packages/groupbuy/campaigns/campaigns?productId=${encodeURIComponent(productId)}`,
  /** A group page; `inviter` (a userId or share code) rides along on shared links. */
  group: (groupId: string, inviter?: string | null) =>
    `/packages/groupbuy/group/group?groupId=${encodeURIComponent(groupId)}${inviter ? `&inviter=${encodeURIComponent(inviter)}` : ''}`,
  myGroups: '/packages/groupbuy/mine/mine',
  points: '/packages/points/index/index',
  /** The points centre on its rights-mall tab. */
  pointsMall: '/packages/points/index/index?tab=mall',
  distribution: '/packages/distribution/index/index',
  memberCode: '/packages/member/code/code',
  /** 隐私中心: consent per channel, partner sharing, location, the phone binding. */
  privacy: '/packages/member/privacy/privacy',
  staffScan: '/packages/staff/scan/scan',
  distributionPoster: '/packages/distribution/poster/poster',
  liveList: '/packages/live/list/list',
  liveRoom: (roomId: string) => `/packages/live/room/room?roomId=${encodeURIComponent(roomId)}`,
  liveConsole: (roomId: string) => `/packages/live/console/console?roomId=${encodeURIComponent(roomId)}`,
  /** A product page opened from a live room: the order it leads to is attributed to the room. */
  liveProduct: (productId: string, liveRoomId: string) =>
    `/packages/store/product/product?productId=${encodeURIComponent(productId)}&liveRoomId=${encodeURIComponent(liveRoomId)}`,
  /** A partner brand's page (联盟权益); without `partnerId`, the demo partner. */
  alliancePartner: (partnerId?: string) =>
    `/packages/alliance/partner/partner${partnerId ? `?partnerId=${encodeURIComponent(partnerId)}` : ''}`,
  /** Exchange of our points for a partner's; without `partnerId`, the demo partner. */
  allianceExchange: (partnerId?: string) =>
    `/packages/alliance/exchange/exchange${partnerId ? `?partnerId=${encodeURIComponent(partnerId)}` : ''}`,
  // The merchant back-office (operators only; the server refuses admin.* to anyone else).
  adminHome: '/packages/admin/index/index',
  adminProducts: (status?: string) => `/packages/admin/products/products${status ? `?status=${status}` : ''}`,
  adminProduct: (productId?: string) => `/packages/admin/product/product${productId ? `?productId=${encodeURIComponent(productId)}` : ''}`,
  adminOrders: (status?: string) => `/packages/admin/orders/orders${status ? `?status=${status}` : ''}`,
  adminOrder: (orderId: string) => `/packages/admin/order/order?orderId=${encodeURIComponent(orderId)}`,
  adminAfterSales: '/packages/admin/aftersales/aftersales',
  adminWithdrawals: '/packages/admin/withdrawals/withdrawals',
  adminCampaigns: (kind?: string) => `/packages/admin/campaigns/campaigns${kind ? `?kind=${kind}` : ''}`,
  adminCampaign: (kind: string, id?: string) => `/packages/admin/campaign/campaign?kind=${kind}${id ? `&id=${encodeURIComponent(id)}` : ''}`,
  adminLive: '/packages/admin/live/live',
  adminLiveRoom: (roomId?: string) => `/packages/admin/room/room${roomId ? `?roomId=${encodeURIComponent(roomId)}` : ''}`,
  adminTeam: '/packages/admin/team/team',
  adminSettings: '/packages/admin/settings/settings',
} as const;
