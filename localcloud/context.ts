/**
 * Per-invocation context. Many invocations run at once in one process, so `getWXContext()`, the
 * database-request counter and `process.env` read an AsyncLocalStorage store instead of process-wide state.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Identity {
  openid?: string;
  unionid?: string;
  appid?: string;
  source?: string;
  /** The caller's address as the platform saw it (getWXContext's CLIENTIP). */
  clientIp?: string;
}

export interface Invocation {
  name: string;
  action?: string;
  identity: Identity;
  dbRequests: number;
  /** Database requests that wrote (changed the database), nested calls included. */
  dbWrites?: number;
  parent?: Invocation;
  /** Work the platform does after this call (payment and refund callbacks), awaited before the top call answers. */
  background: Promise<unknown>[];
  /**
   * What `process.env` is inside this call: the function's own environment (shared by its calls, as a
   * warm container's is) under the platform's per-call context variables. Absent: the host's environment.
   */
  env?: { fn: Record<string, string>; call: Record<string, string> };
}

export const invocations = new AsyncLocalStorage<Invocation>();

export function currentInvocation(): Invocation | undefined {
  return invocations.getStore();
}

/** Counts one database request (and whether it wrote) against the current call and every call it is nested in. */
export function countDbRequest(_action?: string, wrote = false): void {
  for (let inv = invocations.getStore(); inv; inv = inv.parent) {
    inv.dbRequests++;
    if (wrote) inv.dbWrites = (inv.dbWrites ?? 0) + 1;
  }
}

/** The top-level call of the current chain (where background work is collected). */
export function rootInvocation(): Invocation | undefined {
  let inv = invocations.getStore();
  while (inv?.parent) inv = inv.parent;
  return inv;
}
