/**
 * Commission withdrawal rules, pure. A withdrawal asks for at least `MIN_WITHDRAW_FEN`, at most what is
 * withdrawable, and at most `DAILY_WITHDRAW_LIMIT_FEN` per China calendar day; it waits for an operator's
 * approval (`pendingApproval`). Units: fen; `day` is `chinaDay(now)`.
 */
import { withdrawableFen, type CommissionAccount } from './commission';
import { refuse, success, type Outcome } from './outcome';

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
