import { runInAction } from 'mobx-miniprogram';
import type { ErrorCode } from '../../typings/api';
import { errorCodeOf } from '../api/client';

/** How a store's backend call ended: the answer, or the error code the client read from the failure. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

/** What a store does around one backend call; each step runs as a mobx action. */
export interface RequestSteps<T> {
  /** Before the call: set the busy flag, clear the last error. */
  start?: () => void;
  /** With the answer. */
  done?: (value: T) => void;
  /** With the failure's error code. */
  failed?: (code: ErrorCode) => void;
  /** After either: clear the busy flag. */
  settle?: () => void;
}

/**
 * The one shape of every store's backend call: start → call → done or failed → settle, each state change in
 * an action (mobx-miniprogram bindings flush them to the page on the next tick). Never throws: the outcome
 * says how it ended, so callers that need it (a retry key, a navigation) can branch on it.
 */
export async function request<T>(call: () => Promise<T>, steps: RequestSteps<T>): Promise<Outcome<T>> {
  if (steps.start) runInAction(steps.start);
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await call() };
  } catch (err) {
    outcome = { ok: false, code: errorCodeOf(err) };
  }
  runInAction(() => {
    if (outcome.ok) steps.done?.(outcome.value);
    else steps.failed?.(outcome.code);
    steps.settle?.();
  });
  return outcome;
}
