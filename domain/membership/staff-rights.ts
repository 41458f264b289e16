/**
 * What each staff role may do at the counter (pure). Clerks and managers both scan member codes, deduct
 * points and verify rights; a deduction above CLERK_DEDUCT_LIMIT points at once is a manager's (a large
 * deduction is real money off a member's balance: a second pair of eyes at the till).
 */
import type { StaffRole } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

/** The most points a clerk deducts in one `staff.deductPoints`. */
export const CLERK_DEDUCT_LIMIT = 1000;

export function checkDeduct(role: StaffRole, points: number): Outcome<void> {
  if (role === 'clerk' && points > CLERK_DEDUCT_LIMIT) return refuse('FORBIDDEN', `a clerk deducts at most ${CLERK_DEDUCT_LIMIT} points at once; a manager may deduct more`);
  return success(undefined);
}
