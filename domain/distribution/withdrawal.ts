/**
 * Commission withdrawal rules, pure. A withdrawal asks for at least `MIN_WITHDRAW_FEN`, at most what is
 * withdrawable, and at most `DAILY_WITHDRAW_LIMIT_FEN` per China calendar day; it waits for an operator's
 * review (`pendingApproval`), who approves it (`approved`: the money is to be transferred to the member) or
 * rejects it with a reason (`rejected`: the amount returns to withdrawable, and to that day's limit).
 * Units: fen; `day` is `chinaDay(now)`; times are epoch ms passed in.
 */
import { withdrawableFen, type CommissionAccount } from './commission';
import { refuse, success, type Outcome } from '../kernel/outcome';

export const MIN_WITHDRAW_FEN = 100;
export const DAILY_WITHDRAW_LIMIT_FEN = 500_000;

export type WithdrawalStatus = 'pendingApproval' | 'approved' | 'rejected';

/** The account after withdrawing `amountFen` on `day`, or why not. */
export function withdraw(a: CommissionAccount, amountFen: number, day: string): Outcome<CommissionAccount> {
  if (amountFen < MIN_WITHDRAW_FEN) return refuse('INVALID_ARGUMENT', `the minimum withdrawal is ${MIN_WITHDRAW_FEN} fen`);
  const available = withdrawableFen(a);
  if (amountFen > available) return refuse('INSUFFICIENT_BALANCE', `withdrawable is ${Math.max(0, available)} fen`);
  const today = a.withdrawnToday.day === day ? a.withdrawnToday.fen : 0;
  if (today + amountFen > DAILY_WITHDRAW_LIMIT_FEN) return refuse('LIMIT_EXCEEDED', `the daily limit is ${DAILY_WITHDRAW_LIMIT_FEN} fen`);
  return success({ ...a, withdrawnFen: a.withdrawnFen + amountFen, withdrawnToday: { day, fen: today + amountFen } });
}

/** A withdrawal request as stored (`withdrawals/{withdrawalId}`). A type, not an interface, so it is a plain document. */
export type Withdrawal = {
  userId: string;
  amountFen: number;
  status: WithdrawalStatus;
  createdAt: number;
  /** `chinaDay(createdAt)`: the day whose limit the request counts against. */
  day: string;
  /** Who decided (an operator's openid) and when; set on approval or rejection. */
  reviewedBy?: string;
  reviewedAt?: number;
  /** Why it was rejected (only when `rejected`). */
  rejectReason?: string;
};

export type Review = { type: 'approve'; by: string; at: number } | { type: 'reject'; by: string; at: number; reason: string };

/** The state machine: what each review does from each status (absent = refused as INVALID_STATE). */
const TRANSITIONS: Record<WithdrawalStatus, Partial<Record<Review['type'], WithdrawalStatus>>> = {
  pendingApproval: { approve: 'approved', reject: 'rejected' },
  approved: {},
  rejected: {},
};
/** The status a review ends in: repeating it on a withdrawal already there is answered, not refused. */
const ENDS_IN: Record<Review['type'], WithdrawalStatus> = { approve: 'approved', reject: 'rejected' };

/** What the handler performs after persisting a review. */
export type WithdrawalEffect =
  /** Transfer `amountFen` to the member's WeChat wallet (outside the local cloud; see server/distribution/center.ts). */
  | { kind: 'transfer'; userId: string; amountFen: number }
  /** Give `amountFen` back to the member's withdrawable balance (and to the request day's limit). */
  | { kind: 'returnToBalance'; userId: string; amountFen: number; day: string };

export interface ReviewDecision {
  /** False when the same review was already made: nothing to write, nothing to perform. */
  changed: boolean;
  withdrawal: Withdrawal;
  effects: WithdrawalEffect[];
}

/**
 * An operator's review of a withdrawal. `pendingApproval` → `approved` (effect: transfer) or → `rejected`
 * with the reason (effect: the amount goes back to the balance). Idempotent: approving an approved one or
 * rejecting a rejected one answers it as it is, with no effects. The opposite review of a decided one
 * (approving a rejected one, rejecting an approved one) is INVALID_STATE.
 */
export function review(w: Withdrawal, r: Review): Outcome<ReviewDecision> {
  if (w.status === ENDS_IN[r.type]) return success({ changed: false, withdrawal: w, effects: [] });
  const next = TRANSITIONS[w.status][r.type];
  if (!next) return refuse('INVALID_STATE', `the withdrawal is ${w.status}`);
  const decided: Withdrawal = { ...w, status: next, reviewedBy: r.by, reviewedAt: r.at, ...(r.type === 'reject' ? { rejectReason: r.reason } : {}) };
  const effect: WithdrawalEffect = r.type === 'approve'
    ? { kind: 'transfer', userId: w.userId, amountFen: w.amountFen }
    : { kind: 'returnToBalance', userId: w.userId, amountFen: w.amountFen, day: w.day };
  return success({ changed: true, withdrawal: decided, effects: [effect] });
}

/**
 * The account after a rejected withdrawal of `amountFen` requested on `day` comes back: withdrawable rises
 * by the amount, and so does what may still be withdrawn that day (when it is still the tracked day).
 */
export function returnWithdrawal(a: CommissionAccount, amountFen: number, day: string): CommissionAccount {
  const today = a.withdrawnToday.day === day ? { day, fen: Math.max(0, a.withdrawnToday.fen - amountFen) } : a.withdrawnToday;
  return { ...a, withdrawnFen: a.withdrawnFen - amountFen, withdrawnToday: today };
}

/**
 * May a withdrawal of `amountFen`, already counted in `a.withdrawnFen`, be approved? Only while the
 * balance without it still covers it (withdrawable ≥ 0): a clawback after the request may have taken the
 * money back, and then approving would pay out commission the member no longer has.
 */
export function checkApproval(a: CommissionAccount, amountFen: number): Outcome<true> {
  const before = withdrawableFen(a) + amountFen;
  if (before < amountFen) return refuse('INSUFFICIENT_BALANCE', `withdrawable before this withdrawal is ${before} fen, less than ${amountFen}`);
  return success(true);
}
