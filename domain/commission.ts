/**
 * Distribution (分销) commission (佣金) rules, pure.
 *
 * At most two levels: on payment the buyer's inviter earns `floor(payableFen × level1Bps / 10000)` and the
 * inviter's inviter `floor(payableFen × level2Bps / 10000)`, both `pending`. A pending commission becomes
 * `settled` once `settleAfterMs` has passed since the order was completed, or `reversed` if the order is
 * refunded first. A refund after settlement writes a separate clawback entry (the settled entry is never
 * edited) that lowers `withdrawableFen`; a balance that goes negative is carried, not hidden.
 *
 * Units: fen (integers), basis points (10000 = 100 %), epoch ms.
 */
import type { CommissionStatus } from '../typings/api';
import { allocate, applyRate } from './money';

export interface CommissionPlan {
  level1Bps: number;
  level2Bps: number;
  /** How long after completion a commission waits before it settles, in ms. */
  settleAfterMs: number;
}

/** No plan configured: nobody earns anything. */
export const NO_PLAN: CommissionPlan = { level1Bps: 0, level2Bps: 0, settleAfterMs: 7 * 24 * 3600_000 };

/** Checks an operator's plan: rates are 0..10000 bps and together at most 10000 (never more than paid). */
export function planProblem(p: CommissionPlan): string | null {
  if (p.level1Bps < 0 || p.level1Bps > 10000 || p.level2Bps < 0 || p.level2Bps > 10000) return 'rates must be 0..10000 bps';
  if (p.level1Bps + p.level2Bps > 10000) return 'level1Bps + level2Bps must not exceed 10000';
  if (p.settleAfterMs < 0) return 'settleAfterMs must not be negative';
  return null;
}

export type Level = 1 | 2;

export interface Accrual { level: Level; beneficiaryId: string; amountFen: number }

/**
 * What an order's payment earns, per level. `chain` is the buyer's inviter chain nearest first
 * (`[inviter, inviter's inviter, ...]`); only the first two count, never a third. A beneficiary equal to the
 * buyer (impossible with cycle-free binding, but cheap to rule out) and zero amounts are left out.
 *
 * Each level's amount is `floor(payableFen × bps / 10000)`. The pool of both levels is computed once and
 * split by `allocate` with the two floors as weights, which returns exactly those floors (they sum to the
 * pool); going through `allocate` keeps every split of a sum on the one largest-remainder rule.
 */
export function accrue(payableFen: number, plan: CommissionPlan, buyerId: string, chain: readonly (string | null)[]): Accrual[] {
  const l1 = applyRate(payableFen, plan.level1Bps);
  const l2 = applyRate(payableFen, plan.level2Bps);
  const [a1, a2] = l1 + l2 > 0 ? allocate(l1 + l2, [l1, l2]) : [0, 0];
  const out: Accrual[] = [];
  const [first, second] = chain;
  // A chain through the buyer is corrupt: pay nobody rather than guess.
  if (!first || first === buyerId || second === buyerId) return [];
  if (a1 > 0) out.push({ level: 1, beneficiaryId: first, amountFen: a1 });
  if (second && second !== first && a2 > 0) out.push({ level: 2, beneficiaryId: second, amountFen: a2 });
  return out;
}

/** The ledger key of an order's commission at a level: one accrual per (order, level), ever. */
export const accrualKey = (orderId: string, level: Level) => `order:${orderId}:l${level}`;
/** The ledger key of the clawback of a settled commission. */
export const clawbackKey = (orderId: string, level: Level) => `order:${orderId}:l${level}:clawback`;

/**
 * A beneficiary's balances, all cumulative fen. Withdrawable is derived:
 * `settledFen − clawedBackFen − withdrawnFen` (may be negative after a clawback: carried into the future).
 */
export interface CommissionAccount {
  pendingFen: number;
  settledFen: number;
  /** Pending commissions reversed by an early refund plus clawbacks after settlement. */
  reversedFen: number;
  clawedBackFen: number;
  /** Requested withdrawals (pending approval or paid). */
  withdrawnFen: number;
  /** Withdrawn on `day` (China calendar day), for the daily limit. */
  withdrawnToday: { day: string; fen: number };
}

export const emptyCommissionAccount = (): CommissionAccount => ({
  pendingFen: 0, settledFen: 0, reversedFen: 0, clawedBackFen: 0, withdrawnFen: 0, withdrawnToday: { day: '', fen: 0 },
});

export const withdrawableFen = (a: CommissionAccount) => a.settledFen - a.clawedBackFen - a.withdrawnFen;

export type CommissionEvent = 'accrue' | 'settle' | 'reverse' | 'clawback';

/** Moves the balances for one ledger event of `amountFen` (a positive amount). */
export function applyEvent(a: CommissionAccount, event: CommissionEvent, amountFen: number): CommissionAccount {
  switch (event) {
    case 'accrue':
      return { ...a, pendingFen: a.pendingFen + amountFen };
    case 'settle':
      return { ...a, pendingFen: a.pendingFen - amountFen, settledFen: a.settledFen + amountFen };
    case 'reverse':
      return { ...a, pendingFen: a.pendingFen - amountFen, reversedFen: a.reversedFen + amountFen };
    case 'clawback':
      return { ...a, clawedBackFen: a.clawedBackFen + amountFen, reversedFen: a.reversedFen + amountFen };
  }
}

/**
 * What a refund does to an accrual entry: a pending one is reversed (its status changes, the amount
 * leaves pending); a settled one stays settled and gets a clawback entry; a reversed one is done.
 */
export function onRefund(status: CommissionStatus): 'reverse' | 'clawback' | 'nothing' {
  return status === 'pending' ? 'reverse' : status === 'settled' ? 'clawback' : 'nothing';
}

/** Whether a pending accrual is due to settle: completed and `settleAfterMs` since completion. */
export function isDue(entry: { status: CommissionStatus; settleAt: number | null }, now: number): boolean {
  return entry.status === 'pending' && entry.settleAt !== null && entry.settleAt <= now;
}
