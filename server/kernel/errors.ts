import type { ErrorCode } from '../../typings/api';

/**
 * An expected outcome that ends an action without success (`GROUP_FULL`, `INSUFFICIENT_POINTS`...).
 * Rules return these as values (see `Outcome`); handlers may also `throw fail(...)` to leave early:
 * the router turns it into the envelope's error. Anything else thrown is a bug and becomes `INTERNAL`.
 */
export class Failure extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'Failure';
  }
}

export function fail(code: ErrorCode, message: string): Failure {
  return new Failure(code, message);
}

export { refuse, success, type Outcome } from '../../domain/kernel/outcome';
import type { Outcome } from '../../domain/kernel/outcome';

/** Unwraps an outcome inside a handler: the failure leaves the action with its code. */
export function orFail<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw fail(outcome.code, outcome.reason);
  return outcome.value;
}

/** True when a database error is a duplicate key on a unique index (errCode -502001, Mongo E11000). */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { errCode?: number; errMsg?: string; message?: string } | null;
  return !!e && e.errCode === -502001 && /E11000/.test(String(e.errMsg ?? e.message ?? ''));
}
