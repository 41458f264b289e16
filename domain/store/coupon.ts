/**
 * Coupons (pure rules). A coupon is defined by the operator (`couponId`, `discountFen` off once the
 * order reaches `minSpendFen`, `total` to give out, `perUserLimit` per member, valid until `validUntil`).
 * Claims are counted by conditional updates on the database (see server/store/coupons.ts); these
 * functions say what a coupon is worth and whether it can still be used.
 */
import type { CouponOffer } from './pricing';

export interface CouponDoc {
  _id: string;
  title: string;
  discountFen: number;
  minSpendFen: number;
  total: number;
  /** Coupons not yet claimed; claims decrement it conditionally (never below 0). */
  remaining: number;
  perUserLimit: number;
  /** Epoch ms; the coupon can be claimed and used while now < validUntil. */
  validUntil: number;
  createdAt: number;
}

/** One claimed coupon of a member. `used` while an order holds it; given back when that order is cancelled. */
export interface UserCouponDoc {
  _id: string;
  couponId: string;
  userId: string;
  used: boolean;
  orderId: string | null;
  claimedAt: number;
}

export const couponValid = (c: Pick<CouponDoc, 'validUntil'>, now: number): boolean => now < c.validUntil;

export const toOffer = (c: CouponDoc): CouponOffer => ({ couponId: c._id, title: c.title, discountFen: c.discountFen, minSpendFen: c.minSpendFen });

/** The per-(coupon, member) claim counter's id. */
export const claimCounterId = (couponId: string, userId: string): string => `${couponId}:${userId}`;
