/**
 * The product's typed contract: every `function.action` with its request and response.
 *
 * Both sides are built from this one map: the mini-program's API client (miniprogram/api/client.ts)
 * and the cloud functions' routers (server/kernel/router.ts). An action missing here cannot be called and
 * cannot be served. Money is integer fen (`...Fen`), rates basis points (`...Bps`), times epoch ms.
 */

/** Every error code a caller can receive (CONTRACT.md §2). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'INVALID_STATE'
  | 'ALREADY_DONE'
  | 'OUT_OF_STOCK'
  | 'LIMIT_EXCEEDED'
  | 'GROUP_FULL'
  | 'ALREADY_IN_GROUP'
  | 'INSUFFICIENT_POINTS'
  | 'INSUFFICIENT_BALANCE'
  | 'COUPON_UNAVAILABLE'
  | 'MEMBER_CODE_EXPIRED'
  | 'RISK_BLOCKED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export const ERROR_CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_ARGUMENT', 'NOT_FOUND', 'INVALID_STATE', 'ALREADY_DONE',
  'OUT_OF_STOCK', 'LIMIT_EXCEEDED', 'GROUP_FULL', 'ALREADY_IN_GROUP', 'INSUFFICIENT_POINTS',
  'INSUFFICIENT_BALANCE', 'COUPON_UNAVAILABLE', 'MEMBER_CODE_EXPIRED', 'RISK_BLOCKED', 'RATE_LIMITED', 'INTERNAL',
];

/**
 * Events only the server records, in the order's and the payment's own writes (the funnel's order and pay
 * steps, campaign revenue): `analytics.track` refuses a batch naming one, and the tracker drops them. Names
 * starting with `$` are the server's too (`$assign`).
 */
export const SERVER_EVENTS: readonly string[] = ['order_create', 'pay_success'];

/** Whether `name` is an event only the server may record (see {@link SERVER_EVENTS}). */
export const isServerEvent = (name: string): boolean => name.startsWith('$') || SERVER_EVENTS.includes(name);

export interface ApiError { code: ErrorCode; message: string }
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export type OrderStatus = 'pendingPayment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunding' | 'refunded';
export type GroupStatus = 'forming' | 'formed' | 'failed';
export type CommissionStatus = 'pending' | 'settled' | 'reversed';
/** added: a member's withdrawal request as they see it (`rejectReason` only when rejected). */
export interface WithdrawalView { withdrawalId: string; amountFen: number; status: 'pendingApproval' | 'approved' | 'rejected'; createdAt: number; reviewedAt?: number; rejectReason?: string }
export type RewardKind = 'coupon' | 'physical' | 'service';
export type StaffRole = 'clerk' | 'manager';
export type LiveStatus = 'upcoming' | 'live' | 'ended';
export type Tier = string;

/** Marketing channels a member can consent to (membership). */
export type MarketingChannel = 'miniprogram' | 'sms' | 'officialAccount' | 'app';
export interface ConsentView { marketing: Record<MarketingChannel, boolean>; location: boolean; partnerSharing: boolean; updatedAt: number | null }
/** A redeemed right (权益) as the member and staff see it. */
export interface RightView {
  redemptionId: string; rewardId: string; title: string; kind: RewardKind; costPoints: number; verifyCode: string;
  status: 'issued' | 'used'; createdAt: number; usedAt: number | null; storeId: string | null;
}

/**
 * added: an alliance (联盟) partner brand as the mini-program shows it (`alliance.partners`): its terms as
 * set by `admin.addPartner`, and how to present it. Never its tier map, chain or secret.
 */
export interface PartnerView {
  partnerId: string;
  name: string;
  /** The partner mini-program's appId (the target of `wx.navigateToMiniProgram`). */
  appId: string;
  /** `ours` of our points buy `theirs` of the partner's (the server applies it; clients preview with it). */
  ratio: { ours: number; theirs: number };
  /** The most of our points one user may exchange with this partner per China day. */
  dailyCapPoints: number;
  /** The page of the partner mini-program a jump opens (its home page when absent). */
  jumpPath?: string;
  slogan?: string;
  /** The partner's coupon for members arriving from us, sent in `extraData.coupon_id` when we jump to them. */
  welcomeCouponId?: string;
}

/** A page of a list, with an opaque cursor for the next page (null at the end). */
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface PageRequest { cursor?: string; limit?: number }

export interface SkuView { skuId: string; name: string; priceFen: number; stock: number }
export interface ProductCard { productId: string; title: string; minPriceFen: number; cover: string }
export interface GroupCampaignView {
  campaignId: string; skuId: string; groupPriceFen: number; groupSize: number; durationMs: number; stock: number;
}
export interface FlashSaleView {
  flashSaleId: string; skuId: string; priceFen: number; stock: number; perUserLimit: number; startAt: number; endAt: number;
}
/** Where an order ships to (from wx.chooseAddress or typed in). */
export interface ShippingAddress { name: string; phone: string; region: string; detail: string }

/** added (§4): what `user.login` says the caller may also be: an operator, store staff, a live host. */
export type Role = 'operator' | 'staff' | 'host';
/** added (§4): how a shipped order travels. */
export interface ShipmentView { carrier: string; trackingNo: string; shippedAt: number }
export type AfterSaleStatus = 'requested' | 'approved' | 'rejected';
/** added: part of one order line to refund (a partial refund by line and quantity). */
export interface RefundLine { skuId: string; quantity: number }
/**
 * added (§4): the member's after-sale request on a shipped or completed order, as the operator reviewed it.
 * `lines` is what was asked for (every open unit when the request named none).
 */
export interface AfterSaleView { status: AfterSaleStatus; reason: string; note: string | null; requestedAt: number; reviewedAt: number | null; lines: RefundLine[] }

export interface OrderItemView { skuId: string; productId: string; title: string; skuName: string; priceFen: number; quantity: number; lineTotalFen: number; discountFen: number; /** added: the SKU's picture as it was when ordered ('' when the product had none) */ cover?: string }
export interface OrderView {
  orderId: string; status: OrderStatus; totalFen: number; discountFen: number; payableFen: number;
  items: OrderItemView[]; groupId?: string; createdAt?: number; cancelReason?: string; pointsUsed?: number;
  couponId?: string; liveRoomId?: string; payment?: { outTradeNo: string }; address?: ShippingAddress;
  /** added: the shipping fee included in payableFen (payable = total + shipping − discount) */ shippingFen?: number;
  /** added (§4): always answered by the server (null when not shipped / no after-sale) */
  shipment?: ShipmentView | null; afterSale?: AfterSaleView | null;
  /** added (§4): fen refunded so far (0 when none) */ refundedFen?: number;
  /** added: a pendingPayment order is cancelled at this instant unless paid (null otherwise) */ payDeadlineAt?: number | null;
  /** added: when it was paid / completed (null before) */ paidAt?: number | null; completedAt?: number | null;
  /** added: units refunded per line (by skuId), for partial refunds by quantity */ refundedQuantities?: Record<string, number>;
}
/** added: an order as the back-office sees it: whose it is, where it ships, how to reach the buyer. */
export interface AdminOrderView extends Omit<OrderView, 'address' | 'shipment' | 'afterSale' | 'refundedFen'> { userId: string; address: ShippingAddress | null; shipment: ShipmentView | null; afterSale: AfterSaleView | null; refundedFen: number; risk?: 'allow' | 'review' | 'block' }
/** added: a product as the back-office edits it. `status` is derived: offShelf, else soldOut when no SKU has stock. */
export interface AdminProductView {
  productId: string; title: string; categoryId: string | null; images: string[]; detailImages: string[]; cover: string;
  onShelf: boolean; status: 'onShelf' | 'offShelf' | 'soldOut'; minPriceFen: number; totalStock: number; skus: SkuView[]; createdAt: number;
}
/** added: a campaign in the back-office lists (`admin.listCampaigns {kind}`); `active: false` = stopped. */
export type AdminCampaignView =
  | ({ kind: 'group'; active: boolean; productId: string; title: string; createdAt: number } & GroupCampaignView)
  | ({ kind: 'flash'; active: boolean; productId: string; title: string; createdAt: number; soldCount?: number } & FlashSaleView)
  | { kind: 'coupon'; active: boolean; couponId: string; title: string; discountFen: number; minSpendFen: number; total: number; remaining: number; perUserLimit: number; validUntil: number; createdAt: number }
  | { kind: 'promotion'; active: boolean; promotionId: string; label: string; promotionKind: PromotionConfig['kind']; params: Record<string, number>; skuIds: string[] | null; startAt: number | null; endAt: number | null; createdAt: number };
export type CampaignKind = AdminCampaignView['kind'];
/** added: a live room in the back-office. */
export interface AdminLiveRoomView { roomId: string; title: string; cover: string | null; hostOpenid: string; productIds: string[]; status: LiveStatus; hostCommissionBps: number; createdAt: number }
/** added: a staff member in the back-office (`active: false` once removed). */
export interface AdminStaffView { openid: string; role: StaffRole; storeId: string; active: boolean; createdAt: number }
/** added: a withdrawal request in the back-office queue. */
export interface AdminWithdrawalView extends WithdrawalView { userId: string }
/** added: a rights-mall reward in the settings page. */
export interface RewardView { rewardId: string; title: string; kind: RewardKind; costPoints: number; stock: number; couponId?: string }
/** added: every operator setting at once, for the settings page (null / [] where never set). */
export interface AdminSettingsView {
  tiers: TierRuleConfig[];
  shipping: { feeFen: number; freeOverFen: number | null };
  commissionPlan: { level1Bps: number; level2Bps: number; settleAfterMs: number } | null;
  riskRules: RiskRuleConfig[];
  csKeywords: { keywords: string[]; reply: string }[];
  rewards: RewardView[];
  /** A coupon every new member gets on first login (null: no gift). */
  newMemberCouponId: string | null;
}
/** added: the back-office home. `day` is the China-time (UTC+8) date `yyyy-mm-dd`. */
export interface DashboardView {
  today: { paidFen: number; orders: number; newMembers: number; refundedFen: number };
  pending: { toShip: number; afterSales: number; withdrawals: number; riskFlagged: number; riskAlerts: number };
  last7Days: { day: string; paidFen: number; orders: number; refundedFen: number }[];
}
/** added: one coupon of the coupon centre. */
export interface CouponOffer { couponId: string; title: string; discountFen: number; minSpendFen: number; validUntil: number; remaining: number; /** the caller holds at least one */ claimedByMe: boolean }

export interface PaymentRef { outTradeNo: string }
/** The arguments `wx.requestPayment` needs, from `cloudPay.unifiedOrder`. */
export interface PaymentParams { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string }

export interface CartLine { skuId: string; productId: string; title: string; skuName: string; cover: string; priceFen: number; quantity: number; selected: boolean; stock: number }
export interface Adjustment { kind: string; label: string; amountFen: number }
export interface PricedLine { skuId: string; quantity: number; unitPriceFen: number; lineTotalFen: number; discountFen: number; payableFen: number; /** added: the line's part of the shipping fee (payable = lineTotal − discount + shipping) */ shippingFen?: number }
export interface PriceBreakdown {
  lines: PricedLine[]; adjustments: Adjustment[]; totalFen: number; discountFen: number; payableFen: number; pointsUsed: number;
  /** added: the shipping fee (also listed as an adjustment of kind `shipping`, which ADDS); payableFen = totalFen + shippingFen − discountFen */
  shippingFen?: number;
}

/** A promotion's kind and the params that kind reads (fen, basis points; `repeat: 1` repeats a full reduction per threshold). */
export type PromotionConfig =
  | { kind: 'fullReduction'; params: { thresholdFen: number; offFen: number; repeat?: 0 | 1 } }
  | { kind: 'percentage'; params: { offBps: number; minSpendFen?: number; capFen?: number } }
  | { kind: 'fixed'; params: { offFen: number; minSpendFen?: number } };
/** A risk rule: a kind the evaluator knows (`newAccountHighValue`, `regionMismatch`, `orderVelocity`) and its integer params. */
export interface RiskRuleConfig { id: string; kind: string; params: Record<string, number>; action: 'block' | 'review'; enabled?: boolean }
/** A member tier: reached at `minLifetimeSpendFen` of lifetime paid spend (the first at 0, rising strictly). */
export interface TierRuleConfig { tier: Tier; minLifetimeSpendFen: number; benefits: { memberPriceBps: number; freeShipping: boolean } }

/**
 * The whole contract. Keys are `function.action`; each entry is `{ req; res }`.
 * Actions not in CONTRACT.md are additions of ours (marked "added").
 */
export interface Api {
  // ---- admin (operators only) ----
  'admin.createProduct': { req: { title: string; categoryId?: string; images?: string[]; skus: { name: string; priceFen: number; stock: number }[] }; res: { productId: string; skus: SkuView[] } };
  'admin.createCategory': { req: { name: string; icon?: string; sort?: number }; res: { categoryId: string } } // added
  'admin.createGroupCampaign': { req: { skuId: string; groupPriceFen: number; groupSize: number; durationMs: number; stock: number }; res: { campaignId: string } };
  'admin.createFlashSale': { req: { skuId: string; priceFen: number; stock: number; perUserLimit: number; startAt: number; endAt: number }; res: { flashSaleId: string } };
  'admin.createCoupon': { req: { title: string; discountFen: number; minSpendFen: number; total: number; perUserLimit: number; validUntil: number }; res: { couponId: string } };
  'admin.setCommissionPlan': { req: { level1Bps: number; level2Bps: number; settleAfterMs: number }; res: Record<string, never> };
  'admin.createReward': { req: { title: string; kind: RewardKind; costPoints: number; stock: number; /** added (§4): required when kind is coupon: redeeming grants this coupon */ couponId?: string }; res: { rewardId: string } };
  'admin.addStaff': { req: { openid: string; role: StaffRole; storeId: string }; res: Record<string, never> };
  'admin.addPartner': { req: { partnerId: string; name: string; appId: string; ratio: { ours: number; theirs: number }; dailyCapPoints: number; tierMap: Record<string, string>; /** added: `brandApp` for this brand's own APP backend */ kind?: 'partner' | 'brandApp'; /** added: how the mini-program presents the partner (see PartnerView); omitted keeps what is stored */ jumpPath?: string; slogan?: string; welcomeCouponId?: string }; res: Record<string, never> };
  'admin.createLiveRoom': { req: { title: string; hostOpenid: string; productIds: string[]; /** added: the host's commission on orders paid from the room, 0..3000 bps (default 0) */ hostCommissionBps?: number }; res: { roomId: string } };
  'admin.createExperiment': { req: { key: string; variants: { name: string; weightBps: number }[] }; res: Record<string, never> };
  'admin.ship': { req: { orderId: string; /** added (§4) */ carrier: string; trackingNo: string }; res: { status: OrderStatus } };
  // added (§4): the merchant back-office
  'admin.reviewRefund': { req: { orderId: string; approve: boolean; note?: string }; res: { status: OrderStatus; afterSale: AfterSaleView } };
  'admin.refund': { req: { orderId: string; reason: string; /** whole lines */ skuIds?: string[]; /** added: lines and quantities (wins over skuIds) */ lines?: RefundLine[] }; res: { status: OrderStatus; /** what this refund sends back, fen */ refundedFen: number } };
  'admin.updateProduct': { req: { productId: string; title?: string; images?: string[]; categoryId?: string; onShelf?: boolean; detailImages?: string[] }; res: AdminProductView };
  'admin.updateSku': { req: { skuId: string; priceFen?: number; /** added: units to add (negative removes; more than the stock left → OUT_OF_STOCK) */ stockDelta?: number; name?: string }; res: SkuView };
  'admin.listProducts': { req: { keyword?: string; status?: 'onShelf' | 'offShelf' | 'soldOut' } & PageRequest; res: Page<AdminProductView> };
  'admin.productDetail': { req: { productId: string }; res: AdminProductView };
  'admin.listOrders': { req: { status?: OrderStatus; keyword?: string } & PageRequest; res: Page<AdminOrderView> };
  'admin.orderDetail': { req: { orderId: string }; res: AdminOrderView };
  'admin.listAfterSales': { req: { status?: AfterSaleStatus } & PageRequest; res: Page<AdminOrderView> };
  'admin.dashboard': { req: Record<string, never>; res: DashboardView };
  'admin.listWithdrawals': { req: { status?: WithdrawalView['status'] } & PageRequest; res: Page<AdminWithdrawalView> };
  'admin.listCampaigns': { req: { kind: CampaignKind; active?: boolean } & PageRequest; res: Page<AdminCampaignView> };
  'admin.updateGroupCampaign': { req: { campaignId: string; groupPriceFen?: number; groupSize?: number; durationMs?: number; stockDelta?: number; active?: boolean }; res: AdminCampaignView };
  'admin.updateFlashSale': { req: { flashSaleId: string; priceFen?: number; stockDelta?: number; perUserLimit?: number; startAt?: number; endAt?: number; active?: boolean }; res: AdminCampaignView };
  'admin.stopFlashSale': { req: { flashSaleId: string }; res: AdminCampaignView };
  'admin.updateCoupon': { req: { couponId: string; title?: string; totalDelta?: number; perUserLimit?: number; validUntil?: number; active?: boolean }; res: AdminCampaignView };
  'admin.updatePromotion': { req: { promotionId: string; label?: string; params?: Record<string, number>; skuIds?: string[]; startAt?: number; endAt?: number; active?: boolean }; res: AdminCampaignView };
  'admin.listLiveRooms': { req: { status?: LiveStatus } & PageRequest; res: Page<AdminLiveRoomView> };
  'admin.updateLiveRoom': { req: { roomId: string; title?: string; cover?: string; hostOpenid?: string; productIds?: string[] }; res: AdminLiveRoomView };
  'admin.listPartners': { req: Record<string, never>; res: { items: (PartnerView & { kind: 'partner' | 'brandApp'; tierMap: Record<string, string> })[] } };
  'admin.listStaff': { req: { storeId?: string; active?: boolean } & PageRequest; res: Page<AdminStaffView> };
  'admin.settings': { req: Record<string, never>; res: AdminSettingsView };
  'admin.setNewMemberGift': { req: { couponId?: string }; res: { newMemberCouponId: string | null } };
  'admin.updateReward': { req: { rewardId: string; title?: string; costPoints?: number; stockDelta?: number }; res: RewardView };
  // added: operator configuration as data (store: promotions and risk rules; membership: tiers)
  'admin.createPromotion': { req: PromotionConfig & { label: string; skuIds?: string[]; startAt?: number; endAt?: number; active?: boolean; /** added: a joint campaign only for members also linked to this partner */ requiresPartnerMember?: string; idempotencyKey: string }; res: { promotionId: string } };
  'admin.setPromotionActive': { req: { promotionId: string; active: boolean }; res: { promotionId: string; active: boolean } };
  'admin.setRiskRules': { req: { rules: RiskRuleConfig[] }; res: { rules: number } };
  'admin.setTiers': { req: { rules: TierRuleConfig[] }; res: { tiers: number } };
  'admin.setShipping': { req: { feeFen: number; freeOverFen?: number }; res: { feeFen: number; freeOverFen: number | null } } // added
  'admin.removeStaff': { req: { openid: string }; res: { removed: boolean } } // added: the staff doc is kept, marked inactive

  // ---- user ----
  'user.login': { req: { inviter?: string; channel?: string }; res: { userId: string; isNew: boolean; tier: Tier; pointsBalance: number; inviterUserId: string | null; /** added (§4) */ roles: Role[]; /** added: the staff member's role when `staff` is in roles */ staffRole?: StaffRole; /** added: the coupon granted as the new-member gift on this login */ giftCouponId?: string } };
  'user.memberCode': { req: Record<string, never>; res: { code: string; expiresAt: number; /** added: 18 digits for the barcode; staff may scan either */ barcode?: string } };
  'user.bindPhone': { req: { code: string }; res: { phoneMasked: string } };
  'user.consent': { req: Record<string, never>; res: ConsentView } // added
  'user.setConsent': { req: { marketing?: Partial<Record<MarketingChannel, boolean>>; location?: boolean; partnerSharing?: boolean }; res: ConsentView } // added

  // ---- staff ----
  'staff.verifyMemberCode': { req: { code: string }; res: { userId: string; tier: Tier; pointsBalance: number } };
  'staff.deductPoints': { req: { code: string; points: number; reason: string; idempotencyKey: string }; res: { pointsBalance: number } };
  'staff.verifyRight': { req: { verifyCode: string; idempotencyKey: string }; res: RightView } // added: 核销 a redeemed right

  // ---- points ----
  'points.balance': { req: Record<string, never>; res: { balance: number; expiring: { points: number; expiresAt: number }[] } };
  'points.history': { req: PageRequest; res: Page<{ id: string; delta: number; kind: string; refId: string; createdAt: number }> };
  'points.checkin': { req: Record<string, never>; res: { awarded: number; balance: number } };
  'points.redeem': { req: { rewardId: string; idempotencyKey: string }; res: { redemptionId: string; balance: number } };
  'points.share': { req: { idempotencyKey: string }; res: { awarded: number; balance: number; sharesLeft: number } } // added
  'points.myRights': { req: PageRequest; res: Page<RightView> } // added
  'points.rewards': { req: Record<string, never>; res: { items: { rewardId: string; title: string; kind: RewardKind; costPoints: number; stock: number }[] } } // added

  // ---- catalog ----
  'catalog.list': { req: { categoryId?: string } & PageRequest; res: Page<ProductCard> };
  'catalog.detail': { req: { productId: string }; res: { productId: string; title: string; /** added: the product's category (analytics: the funnel and tag events carry it) */ categoryId?: string | null; images?: string[]; /** added: false once the operator took it off the shelf (it cannot be ordered) */ onShelf?: boolean; detailImages?: string[]; skus: SkuView[]; groupCampaigns: GroupCampaignView[]; flashSales: FlashSaleView[] } };
  'catalog.search': { req: { keyword: string } & PageRequest; res: Page<ProductCard> } // added: on-shelf products whose title holds the keyword (indexed tokens)
  'catalog.categories': { req: Record<string, never>; res: { items: { categoryId: string; name: string; icon?: string }[] } } // added

  // ---- order ----
  'order.create': { req: { items: { skuId: string; quantity: number }[]; couponId?: string; pointsToUse?: number; flashSaleId?: string; liveRoomId?: string; /** added: where the buyer is, for the risk check */ region?: string; /** added */ address?: ShippingAddress; /** added (§4): the ordered lines leave the caller's cart */ fromCart?: boolean; idempotencyKey: string }; res: { orderId: string; status: OrderStatus; payableFen: number; payment: PaymentRef & Partial<PaymentParams> } };
  'order.detail': { req: { orderId: string }; res: OrderView };
  'order.cancel': { req: { orderId: string }; res: { status: OrderStatus } };
  'order.confirmReceipt': { req: { orderId: string }; res: { status: OrderStatus } };
  'order.refund': { req: { orderId: string; reason: string; /** added: refund only these lines (all open lines when absent) */ skuIds?: string[]; /** added: lines and quantities (wins over skuIds) */ lines?: RefundLine[] }; res: { status: OrderStatus; /** added (§4): present when the refund became an after-sale request */ afterSale?: AfterSaleView } };

  'order.preview': { req: { items: { skuId: string; quantity: number }[]; couponId?: string; pointsToUse?: number; flashSaleId?: string }; res: PriceBreakdown } // added
  'order.pay': { req: { orderId: string }; res: { orderId: string; payment: PaymentRef & Partial<PaymentParams> } } // added: pay a pending order later (fresh wx.requestPayment params)
  'order.list': { req: { status?: OrderStatus; /** added: only orders with an after-sale request (any review state) */ afterSale?: boolean } & PageRequest; res: Page<OrderView> } // added
  'order.counts': { req: Record<string, never>; res: { pendingPayment: number; toShip: number; toReceive: number; afterSale: number } } // added: the order tabs' badges (toShip = paid, toReceive = shipped, afterSale = requested after-sales + refunding)
  'order.subscribe': { req: { orderId: string; templateIds: string[] }; res: { subscribed: number } } // added: opt-in for the shipping message (one message per accepted template)

  // ---- cart (added: a server-side cart, the same on every device) ----
  'cart.list': { req: Record<string, never>; res: { items: CartLine[]; selectedTotalFen: number } };
  'cart.add': { req: { skuId: string; quantity: number }; res: { items: CartLine[]; selectedTotalFen: number } };
  'cart.update': { req: { skuId: string; quantity?: number; selected?: boolean }; res: { items: CartLine[]; selectedTotalFen: number } };
  'cart.remove': { req: { skuIds: string[] }; res: { items: CartLine[]; selectedTotalFen: number } };

  // ---- coupon ----
  'coupon.claim': { req: { couponId: string }; res: { couponId: string; claimed: number } };
  'coupon.available': { req: Record<string, never>; res: { items: CouponOffer[] } } // added (§4): the coupon centre, live coupons only
  'coupon.mine': { req: Record<string, never>; res: { items: { couponId: string; title: string; discountFen: number; minSpendFen: number; validUntil: number; used: boolean }[] } };

  // ---- groupbuy ----
  'groupbuy.open': { req: { campaignId: string; /** added (§4) */ address?: ShippingAddress; idempotencyKey: string }; res: { groupId: string; orderId: string; payment: PaymentRef & Partial<PaymentParams> } };
  'groupbuy.join': { req: { groupId: string; /** added (§4) */ address?: ShippingAddress; idempotencyKey: string }; res: { groupId: string; orderId: string; payment: PaymentRef & Partial<PaymentParams> } };
  'groupbuy.detail': { req: { groupId: string }; res: { groupId: string; campaignId: string; status: GroupStatus; groupSize: number; paidMembers: number; seatsLeft: number; expiresAt: number; /** added: the server clock, for countdowns */ serverNow?: number;
    /** added (§4) */ product: { productId: string; title: string; cover: string; groupPriceFen: number; originalPriceFen: number };
    /** added (§4): seat holders, leader first */ members: { isLeader: boolean; paid: boolean; nickName?: string; avatarUrl?: string }[];
    /** added (§4): the caller's place (inGroup false for anyone not holding a seat, or not signed in) */ mine: { inGroup: boolean; paid: boolean; orderId?: string } } };
  'groupbuy.campaigns': { req: { skuId?: string } & PageRequest; res: Page<GroupCampaignView & { productId: string }> } // added
  'groupbuy.mine': { req: PageRequest; res: Page<{ groupId: string; campaignId: string; status: GroupStatus; groupSize: number; paidMembers: number; seatsLeft: number; expiresAt: number; orderId: string | null; isLeader: boolean; /** the product's title */ title: string }> } // added
  'groupbuy.subscribe': { req: { groupId: string; templateIds: string[] }; res: { subscribed: number } } // added: records the member's opt-in (one message per accepted template)

  // ---- distribution ----
  'distribution.center': { req: Record<string, never>; res: { inviterUserId: string | null; level1Count: number; level2Count: number; pendingFen: number; settledFen: number; reversedFen: number; withdrawableFen: number } };
  'distribution.commissions': { req: PageRequest; res: Page<{ orderId: string; /** added: `host` = the live host's commission (not a third level) */ level: 1 | 2 | 'host'; amountFen: number; status: CommissionStatus; /** added: accrued on payment, and taken back by refunds since (amountFen = what is kept) */ accruedFen?: number; reversedFen?: number }> };
  'distribution.withdraw': { req: { amountFen: number; idempotencyKey: string }; res: { withdrawalId: string; status: string } };
  'distribution.poster': { req: { page?: string }; res: {
    scene: string; contentType: string; imageBase64: string;
    /** added: the page the code opens (`pages/home/home` by default) */ page: string;
    /** added: the code image in cloud storage, made once per (member, page); `<image>` shows it by fileID */ fileID: string;
    /** added: a temporary https URL of the same file (a day) */ tempFileURL: string;
    /** added: the member's share code (the scene carries it) */ shareCode: string;
    /** added: the shop's first product, the poster's picture; null when the shop has none on shelf */ featured: ProductCard | null;
  } } // added
  'distribution.withdrawals': { req: PageRequest; res: Page<WithdrawalView> } // added: the member's own withdrawal requests, newest first
  'admin.setLiveHostCommission': { req: { roomId: string; hostCommissionBps: number }; res: { roomId: string; hostCommissionBps: number } } // added: the live host's rate for payments from now on
  // added: operators' review of withdrawals (served by the admin function)
  'admin.approveWithdrawal': { req: { withdrawalId: string }; res: { withdrawalId: string; status: 'pendingApproval' | 'approved' | 'rejected' } };
  'admin.rejectWithdrawal': { req: { withdrawalId: string; reason: string }; res: { withdrawalId: string; status: 'pendingApproval' | 'approved' | 'rejected' } };

  // ---- live ----
  'live.room': { req: { roomId: string }; res: { roomId: string; status: LiveStatus; currentGoods: { productId: string; since: number } | null; schedule: { productId: string; at: number }[]; serverNow: number; /** added: the room's own products (cover, title, lowest price), in the room's order */ products: ProductCard[] } };
  'live.pushGoods': { req: { roomId: string; productId: string }; res: { currentGoods: { productId: string; since: number } } };
  'live.schedulePush': { req: { roomId: string; productId: string; at: number }; res: Record<string, never> };
  'live.setStatus': { req: { roomId: string; status: 'live' | 'ended' }; res: { status: LiveStatus } } // added (host or operator)
  'live.list': { req: { status?: LiveStatus } & PageRequest; res: Page<{ roomId: string; title: string; status: LiveStatus; cover?: string; currentGoods: { productId: string; since: number } | null }> } // added: the mini-program's live list (rooms live first, then upcoming)

  // ---- alliance ----
  'alliance.exchange': { req: { partnerId: string; points: number; idempotencyKey: string }; res: { transferId: string; spentPoints: number; partnerPoints: number; balance: number } };
  'alliance.mapTier': { req: { partnerId: string; partnerTier: string }; res: { tier: Tier } };
  'alliance.landing': { req: { fromAppId: string; extraData?: Record<string, unknown> }; res: { attributed: boolean; couponId?: string } };
  'alliance.dualMembership': { req: { partnerId: string }; res: { dualMember: boolean; via?: 'landing' | 'partnerApi'; since?: number } } // added
  'alliance.partners': { req: Record<string, never>; res: { items: PartnerView[] } } // added: the partner brands (never `brandApp` ones), in the order they joined
  // added: operators' alliance actions (served by the admin function)
  'admin.verifyAllianceChain': { req: { partnerId: string }; res: { ok: boolean; count: number; brokenAtSeq?: number; reason?: 'gap' | 'link' | 'hash' | 'head'; headSeq?: number } };
  'admin.allianceStatement': { req: { partnerId: string; from: number; to: number; shares?: { party: string; weightBps: number }[] }; res: { partnerId: string; from: number; to: number; transfers: number; points: number; partnerPoints: number; poolFen: number; split: { party: string; amountFen: number }[]; chainOk: boolean } };
  'admin.rotatePartnerSecret': { req: { partnerId: string }; res: { partnerId: string; secret: string } };
  'admin.setCsKeywords': { req: { rules: { keywords: string[]; reply: string }[] }; res: Record<string, never> };

  // ---- analytics ----
  'analytics.track': { req: { events: { name: string; props?: Record<string, unknown>; at?: number }[] }; res: { accepted: number } };
  'analytics.assign': { req: { experimentKey: string }; res: { variant: string } };
  // added: operator reports (operators only)
  'analytics.reportFunnel': { req: { from: number; to: number; by?: 'channel' | 'variant'; experimentKey?: string }; res: { segments: Record<string, { step: string; users: number; rateBps: number }[]> } };
  'analytics.reportLtv': { req: { by?: 'channel' | 'tier' }; res: { segments: Record<string, { members: number; totalFen: number; ltvFen: number }> } };
  'analytics.reportRoi': { req: { campaign: string; costFen: number; from: number; to: number }; res: { campaign: string; revenueFen: number; costFen: number; orders: number; roiBps: number | null } };
  'analytics.userTags': { req: { userId: string }; res: { userId: string; tags: string[]; purchaseFrequency?: string; favouriteCategory?: string | null; activeHours?: string; computedAt: number | null } };
}

export type ApiName = keyof Api;
export type FunctionName<K extends string = ApiName> = K extends `${infer F}.${string}` ? F : never;
export type ActionOf<F extends string> = { [K in ApiName]: K extends `${F}.${infer A}` ? A : never }[ApiName];
export type Req<K extends ApiName> = Api[K]['req'];
export type Res<K extends ApiName> = Api[K]['res'];
