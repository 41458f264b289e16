/**
 * A rule's typed result: the value, or an expected failure with its contract error code and reason.
 * Rules return these; handlers turn a failure into the envelope's error.
 */
import type { ErrorCode } from '../../typings/api';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; reason: string };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refuse = (code: ErrorCode, reason: string): Outcome<never> => ({ ok: false, code, reason });
