/**
 * Distribution (分销) commission (佣金) rules, pure.
 *
 * At most two levels: on payment the buyer's inviter earns `floor(payableFen × level1Bps / 10000)` and the
 * inviter's inviter `floor(payableFen × level2Bps / 10000)`, both `pending`. A pending commission becomes
 * `settled` once `settleAfterMs` has passed since the order was completed.
 *
 * Refunds, partial ones included: after every successful refund a level keeps exactly what the money that
 * stays paid earns, `floor((payableFen − refundedFen) × rateBps / 10000)`, with the rate recorded at accrual
 * (a later plan never changes it). The difference is written as a new reversal entry per refund (the earn
 * entry's amount is never edited): it lowers `pendingFen` while the commission is pending (which then settles
 * only the remainder), or is a clawback of settled money that lowers `withdrawableFen` (which may go
 * negative: carried, not hidden). A commission whose kept amount reaches 0 is `reversed`.
 *
 * The live host (直播主播): an order placed from a live room whose operator set `hostCommissionBps` also
 * pays the room's host `floor(payableFen × hostCommissionBps / 10000)` as an entry of its own, `level:
 * 'host'`. It is not a third distribution level: it does not depend on the buyer's inviter chain (a buyer
 * without an inviter still pays it, and it never replaces or shrinks levels 1 and 2), and a host buying in
 * their own room earns nothing (no self-commission). It goes through the same ledger, balances, settlement
 * window, partial-refund reversal and clawback as the two levels.
 *
 * Units: fen (integers), basis points (10000 = 100 %), epoch ms.
 */
import type { CommissionStatus } from '../../typings/api';
import { allocate, applyRate } from '../kernel/money';

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
  // A live order may also pay its host up to MAX_HOST_COMMISSION_BPS: together they never pay out more than the order.
  if (p.level1Bps + p.level2Bps > MAX_DISTRIBUTION_BPS) return `level1Bps + level2Bps must not exceed ${MAX_DISTRIBUTION_BPS} (room is kept for a live host's commission)`;
  if (p.settleAfterMs < 0) return 'settleAfterMs must not be negative';
  return null;
}

/** A distribution level: the buyer's inviter (1) and the inviter's inviter (2). Never more. */
export type Level = 1 | 2;
/** Whom a commission entry pays: a distribution level, or the live room's host (not a level; see above). */
export type CommissionLevel = Level | 'host';
/** Every kind of earn entry an order can have, in the order refunds and completion visit them. */
export const COMMISSION_LEVELS: readonly CommissionLevel[] = [1, 2, 'host'];

/** One level's commission on a payment: `amountFen = floor(payableFen × rateBps / 10000)`. */
export interface Accrual { level: CommissionLevel; beneficiaryId: string; amountFen: number; rateBps: number }

/** The most an operator may give a live host, bps (30 %). */
export const MAX_HOST_COMMISSION_BPS = 3000;
/** The most the two distribution levels may take together: with a host's share the total stays within the order. */
export const MAX_DISTRIBUTION_BPS = 10000 - MAX_HOST_COMMISSION_BPS;

/** Checks a room's host rate: an integer 0..`MAX_HOST_COMMISSION_BPS` bps. */
export function hostRateProblem(bps: number): string | null {
  return Number.isInteger(bps) && bps >= 0 && bps <= MAX_HOST_COMMISSION_BPS ? null : `hostCommissionBps must be 0..${MAX_HOST_COMMISSION_BPS}`;
}

/**
 * What an order paid from a live room earns the room's host: `floor(payableFen × hostCommissionBps /
 * 10000)` fen, with the rate recorded (refunds use it, never the room's later rate). Null when the room
 * has no rate, the amount floors to 0, or the buyer is the host (no self-commission). Independent of the
 * inviter chain: `accrue` decides levels 1 and 2 alone, and the two never share a pool.
 */
export function accrueHost(payableFen: number, hostCommissionBps: number, buyerId: string, hostId: string | null): Accrual | null {
  if (!hostId || hostId === buyerId || hostRateProblem(hostCommissionBps)) return null;
  const amountFen = applyRate(payableFen, hostCommissionBps);
  return amountFen > 0 ? { level: 'host', beneficiaryId: hostId, amountFen, rateBps: hostCommissionBps } : null;
}

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
  if (a1 > 0) out.push({ level: 1, beneficiaryId: first, amountFen: a1, rateBps: plan.level1Bps });
  if (second && second !== first && a2 > 0) out.push({ level: 2, beneficiaryId: second, amountFen: a2, rateBps: plan.level2Bps });
  return out;
}

const levelPart = (level: CommissionLevel) => (level === 'host' ? 'host' : `l${level}`);
/** The ledger key of an order's commission at a level (`order:<id>:l1`, `:l2`, `:host`): one accrual per (order, level), ever. */
export const accrualKey = (orderId: string, level: CommissionLevel) => `order:${orderId}:${levelPart(level)}`;
/** The ledger key of what one refund (`outRefundNo`) takes back from an order's commission at a level. */
export const refundReversalKey = (orderId: string, level: CommissionLevel, outRefundNo: string) => `order:${orderId}:${levelPart(level)}:refund:${outRefundNo}`;

/**
 * What one level keeps of an order's commission while `paidFen` of it stays paid (payable minus refunded):
 * `floor(paidFen × rateBps / 10000)`, never below 0. With `paidFen = payableFen` it is the accrued amount.
 */
export function keptFen(paidFen: number, rateBps: number): number {
  return applyRate(Math.max(0, paidFen), rateBps);
}

/** The part of an earn entry a refund looks at. */
export interface EarnedCommission {
  status: CommissionStatus;
  /** What the beneficiary still keeps of this entry, fen (the accrued amount less every reversal so far). */
  keptFen: number;
  /**
   * The level's rate when it accrued. Absent on entries written before partial refunds were handled: those
   * keep everything until nothing stays paid (the old all-or-nothing rule), as their rate is unknown.
   */
  rateBps?: number;
}

/** What a successful refund does to one earn entry, decided before anything is written. */
export interface RefundReversal {
  /** `reverse` takes from pending money, `clawback` from settled money. */
  event: 'reverse' | 'clawback';
  /** Fen taken back by this refund (positive). */
  amountFen: number;
  /** What the entry keeps afterwards, fen. */
  keptFen: number;
  /** The entry's status afterwards: `reversed` once nothing is kept, else unchanged. */
  status: CommissionStatus;
}

/**
 * The reversal one successful refund writes on an earn entry, given `paidAfterFen` = the order's payable
 * minus everything refunded so far, this refund included. The amount is what the entry kept before the
 * refund minus what the money still paid earns (`keptFen(paidAfterFen, rateBps)`), so any sequence of
 * partial refunds leaves exactly `floor((payable − refunded) × bps / 10000)`, and a full refund 0. Null
 * when nothing changes (the refund's money earned no whole fen, or the entry is already reversed).
 */
export function reversalOnRefund(entry: EarnedCommission, paidAfterFen: number): RefundReversal | null {
  if (entry.status === 'reversed' || entry.keptFen <= 0) return null;
  const keptAfter = entry.rateBps === undefined ? (paidAfterFen > 0 ? entry.keptFen : 0) : Math.min(entry.keptFen, keptFen(paidAfterFen, entry.rateBps));
  const amountFen = entry.keptFen - keptAfter;
  if (amountFen <= 0) return null;
  return {
    event: entry.status === 'pending' ? 'reverse' : 'clawback',
    amountFen,
    keptFen: keptAfter,
    status: keptAfter === 0 ? 'reversed' : entry.status,
  };
}

/**
 * A beneficiary's balances, all cumulative fen. Withdrawable is derived:
 * `settledFen − clawedBackFen − withdrawnFen` (may be negative after a clawback: carried into the future).
 */
export interface CommissionAccount {
  pendingFen: number;
  settledFen: number;
  /** Pending commission reversed by refunds plus clawbacks of settled commission. */
  reversedFen: number;
  clawedBackFen: number;
  /** Withdrawals requested and not rejected (pending approval or approved); a rejection gives its amount back. */
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
 * The one account two merged members' balances become: every cumulative field is the sum, so withdrawable
 * (a difference of sums) is the sum of both withdrawables and nothing is lost or doubled. The daily
 * withdrawal count keeps the later day, summing both when it is the same day (one person, one limit).
 */
export function mergeAccounts(survivor: CommissionAccount, merged: CommissionAccount): CommissionAccount {
  const [s, m] = [survivor.withdrawnToday, merged.withdrawnToday];
  const withdrawnToday = s.day === m.day ? { day: s.day, fen: s.fen + m.fen } : s.day > m.day ? { ...s } : { ...m };
  return {
    pendingFen: survivor.pendingFen + merged.pendingFen,
    settledFen: survivor.settledFen + merged.settledFen,
    reversedFen: survivor.reversedFen + merged.reversedFen,
    clawedBackFen: survivor.clawedBackFen + merged.clawedBackFen,
    withdrawnFen: survivor.withdrawnFen + merged.withdrawnFen,
    withdrawnToday,
  };
}

/** What the ledger says of one earn entry and the refunds that touched it (for the audit). */
export interface LedgerEntry {
  kind: 'earn' | 'reversal' | 'clawback';
  amountFen: number;
  keptFen?: number;
  status: CommissionStatus;
  settledAt?: number;
}

/**
 * The balances a beneficiary's ledger entries and live withdrawals (requested and not rejected) add up
 * to, which `commission_accounts` must equal: pending = what pending earn entries keep; settled = what
 * settled when it settled (what is kept now plus what was clawed back since); reversed = every reversal
 * and clawback; withdrawn = the withdrawals. Fen.
 */
export function balancesFromLedger(entries: readonly LedgerEntry[], withdrawnFen: number): Omit<CommissionAccount, 'withdrawnToday'> {
  let pendingFen = 0, settledFen = 0, reversedFen = 0, clawedBackFen = 0;
  for (const e of entries) {
    if (e.kind === 'reversal') reversedFen -= e.amountFen;
    else if (e.kind === 'clawback') { reversedFen -= e.amountFen; clawedBackFen -= e.amountFen; settledFen -= e.amountFen; }
    else if (e.status === 'pending') pendingFen += e.keptFen ?? e.amountFen;
    else if (e.settledAt !== undefined) settledFen += e.status === 'reversed' ? 0 : e.keptFen ?? e.amountFen;
  }
  return { pendingFen, settledFen, reversedFen, clawedBackFen, withdrawnFen };
}

/** Whether a pending accrual is due to settle: completed and `settleAfterMs` since completion. */
export function isDue(entry: { status: CommissionStatus; settleAt: number | null }, now: number): boolean {
  return entry.status === 'pending' && entry.settleAt !== null && entry.settleAt <= now;
}
