/**
 * 权益 rights: what members redeem points for in the rights mall, and how staff verify (核销) them.
 * A reward has a stock; redeeming takes one from stock and `costPoints` from the member (the handler
 * does both in one transaction with the debit). Every redemption carries a `verifyCode`: coupon and
 * service rights are verified at the counter, physical rewards at pickup. A right is verified once.
 */
import type { RewardKind } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

export interface Reward {
  _id: string;
  title: string;
  kind: RewardKind;
  costPoints: number;
  /** Rewards left (>= 0). */
  stock: number;
  /** A `coupon` reward naming an operator coupon: redeeming it gives the member that coupon. */
  couponId?: string;
  createdAt: number;
}

export type RightStatus = 'issued' | 'used';

export interface Right {
  _id: string;
  userId: string;
  rewardId: string;
  kind: RewardKind;
  title: string;
  costPoints: number;
  /** 12 digits staff type or scan; unique. */
  verifyCode: string;
  status: RightStatus;
  createdAt: number;
  usedAt: number | null;
  usedBy: string | null;
  storeId: string | null;
}

/** May this reward be redeemed now? NOT_FOUND or OUT_OF_STOCK otherwise; answers the stock left after. */
export function decideRedeem(reward: Reward | null): Outcome<{ stockAfter: number }> {
  if (!reward) return refuse('NOT_FOUND', 'no such reward');
  if (reward.stock <= 0) return refuse('OUT_OF_STOCK', 'this reward is sold out');
  return success({ stockAfter: reward.stock - 1 });
}

/** Verifying a right: only an issued right can be used (ALREADY_DONE once used). */
export function decideVerify(right: Right | null, by: { staffOpenid: string; storeId: string }, now: number): Outcome<Pick<Right, 'status' | 'usedAt' | 'usedBy' | 'storeId'>> {
  if (!right) return refuse('NOT_FOUND', 'no right with this code');
  if (right.status === 'used') return refuse('ALREADY_DONE', 'this right was already used');
  return success({ status: 'used', usedAt: now, usedBy: by.staffOpenid, storeId: by.storeId });
}

/** A 12-digit verify code from 8 random bytes (hex): ~40 bits, uniqueness enforced by the index. */
export function verifyCodeFrom(randomHex: string): string {
  return (BigInt('0x' + randomHex.slice(0, 16)) % 10n ** 12n).toString().padStart(12, '0');
}
