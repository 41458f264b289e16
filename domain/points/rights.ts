/**
 * 权益 rights: what members redeem points for in the rights mall, and how staff verify (核销) them.
 * A reward has a stock; redeeming takes one from stock and `costPoints` from the member (server/points/redeem.ts:
 * a claim, both takes, then the right is issued). Every redemption carries a `verifyCode`: coupon and
 * service rights are verified at the counter, physical rewards at pickup. A right is verified once; a
 * redemption still `pending` (or `void`, given up) is no right yet: nobody sees or verifies it.
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
/** A redemption is claimed `pending`, then `issued` (a right) or `void` (given up: what it took goes back). */
export type RedemptionStatus = 'pending' | 'void' | RightStatus;
export const RIGHT_STATUSES: readonly RightStatus[] = ['issued', 'used'];
export const isRight = (status: RedemptionStatus): status is RightStatus => status === 'issued' || status === 'used';

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

/**
 * A redemption as stored (`redemptions/{id}`, the id derived from the member and the idempotencyKey): a right
 * once `issued`. Written first as the claim of one attempt (`tag`), before anything is taken.
 */
export interface Redemption extends Omit<Right, 'status'> {
  status: RedemptionStatus;
  /** The attempt that claimed it: the points account and the reward it took from carry `holds.<tag>`. Absent on redemptions made before claims. */
  tag?: string;
  /** The points account debited (its id; `userId` follows a merge, this does not). */
  accountId?: string;
  /** The operator coupon a coupon reward gives (`user_coupons/redeem:<id>`), or null. */
  couponId?: string | null;
  /** Fingerprints of the request (server/kernel/idempotency.ts): another request under the key is refused. */
  fp?: string[];
  /** The balance right after the debit: the answer a repeat gets. Set when issued. */
  balance?: number;
  /** False until the sweep has made sure of the right's ledger entry and coupon and cleared its markers. */
  settled?: boolean;
}

/** May this reward be redeemed now? NOT_FOUND or OUT_OF_STOCK otherwise; answers the stock left after. */
export function decideRedeem(reward: Reward | null): Outcome<{ stockAfter: number }> {
  if (!reward) return refuse('NOT_FOUND', 'no such reward');
  if (reward.stock <= 0) return refuse('OUT_OF_STOCK', 'this reward is sold out');
  return success({ stockAfter: reward.stock - 1 });
}

/**
 * Verifying a right: only an issued right can be used (ALREADY_DONE once used). A redemption that is not a
 * right (still pending, or void) is NOT_FOUND, as if there were none.
 */
export function decideVerify(right: (Omit<Right, 'status'> & { status: RedemptionStatus }) | null, by: { staffOpenid: string; storeId: string }, now: number): Outcome<Pick<Right, 'status' | 'usedAt' | 'usedBy' | 'storeId'>> {
  if (!right || !isRight(right.status)) return refuse('NOT_FOUND', 'no right with this code');
  if (right.status === 'used') return refuse('ALREADY_DONE', 'this right was already used');
  return success({ status: 'used', usedAt: now, usedBy: by.staffOpenid, storeId: by.storeId });
}

/** A 12-digit verify code from 8 random bytes (hex): ~40 bits, uniqueness enforced by the index. */
export function verifyCodeFrom(randomHex: string): string {
  return (BigInt('0x' + randomHex.slice(0, 16)) % 10n ** 12n).toString().padStart(12, '0');
}
