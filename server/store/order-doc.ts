/**
 * The order document as stored in `orders`, and what a refund that just succeeded hands to the features
 * that react to it. Its own module so that features reacting to orders (points, group seats, commission)
 * depend on the order's shape, not on the order code that calls them.
 */
import type { Tx } from '../kernel/db';
import type { ShipmentView, ShippingAddress } from '../../typings/api';
import type { AfterSale } from '../../domain/store/aftersale';
import type { CancelReason, OrderState } from '../../domain/store/order';
import type { SplitAdjustment } from '../../domain/store/pricing';
import type { RiskVerdict } from '../../domain/store/risk';

export interface OrderDoc extends OrderState {
  _id: string;
  userId: string;
  openid: string;
  cancelReason: CancelReason | null;
  totalFen: number;
  discountFen: number;
  /** The shipping fee included in payableFen (absent on orders placed before shipping existed). */
  shippingFen?: number;
  pointsUsed: number;
  adjustments: SplitAdjustment[];
  couponId: string | null;
  userCouponId: string | null;
  flashSaleId: string | null;
  liveRoomId: string | null;
  groupId: string | null;
  /** WeChat Pay's order number: the order id itself (≤ 32 characters). */
  outTradeNo: string;
  risk: RiskVerdict;
  scope: string;
  idempotencyKey: string;
  createdAt: number;
  paidAt: number | null;
  shippedAt: number | null;
  completedAt: number | null;
  cancelledAt: number | null;
  refundedAt: number | null;
  refundCount: number;
  extra: Record<string, unknown>;
  address?: ShippingAddress | null;
  /** How it was shipped (`admin.ship`); absent before. */
  shipment?: ShipmentView | null;
  /** The member's after-sale request and its review; absent when none was made. */
  afterSale?: AfterSale | null;
  /** `afterSale.status` and `afterSale.requestedAt` copied to the top level for the indexed after-sale queue. */
  afterSaleStatus?: AfterSale['status'] | null;
  afterSaleAt?: number | null;
  /** Who completed it: the buyer (`buyer`) or the order timer 10 days after shipping (`timer`). */
  completedBy?: 'buyer' | 'timer';
  /** Searchable keys (indexed, multikey): order number, phone digits and tail, title tokens. See domain/store/search.ts. */
  search?: string[];
  /**
   * Facts about the buyer and the goods taken when the order is placed, so the payment's reactions need not read
   * them again (absent on orders placed before they were kept: the reactions read them then): the member's
   * channel (where they first came from), the first line's category, and the member's inviter (who earns the
   * commission: the binding at the time of the order).
   */
  placedFacts?: { channel: string | null; categoryId: string | null; inviterId: string | null };
  /** The payment notification that paid it (`payments` keeps only the others: a repeat of this one is known by it). */
  paidNotice?: string;
  /** WeChat Pay's transaction id of that payment. */
  transactionId?: string;
  /** The China day (yyyy-mm-dd) it was paid: the dashboard's figures are summed by it. */
  paidDay?: string;
  /** The tag of the placement's hold (server/store/holds.ts): what that hold took is this order's. */
  holdTag?: string;
}

/** A refund that has just succeeded on an order (the order is already updated with it). */
export interface RefundDone { outRefundNo: string; refundFen: number; skuIds: string[]; pointsBack: number; /** units refunded per line (absent: whole lines `skuIds`) */ lines?: { skuId: string; quantity: number }[] }

/** One feature's reactions; a hook it does not need is left out. */
export interface OrderEffect {
  name: string;
  /** pendingPayment → paid (a payment notification, or a zero-payable order at creation). */
  paid?(tx: Tx, order: OrderDoc, now: number): Promise<void>;
  /** pendingPayment → cancelled (by the member, or the payment timeout). Stock and coupon are released by the order code. */
  cancelled?(tx: Tx, order: OrderDoc, now: number): Promise<void>;
  /** shipped → completed (`completedAt` is set). */
  completed?(tx: Tx, order: OrderDoc, now: number): Promise<void>;
  /** A refund succeeded (the order is `refunded`, or back where it was after a partial refund). */
  refunded?(tx: Tx, order: OrderDoc, now: number, refund: RefundDone): Promise<void>;
}
