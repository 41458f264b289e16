/**
 * The local cloud's settable clock. Functions, timer triggers and `db.serverDate()` all see it, so the
 * global `Date` is replaced by one that runs at real speed plus an offset: `Date.now()` and `new Date()`
 * move together; durations measured by the local cloud itself use `performance.now()`.
 */
const RealDate = Date;
let offsetMs = 0;
let installed = false;

export function now(): number {
  return RealDate.now() + offsetMs;
}

/** Moves the clock forward (never backward: timers and ledgers assume time goes on). */
export function advance(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
  offsetMs += ms;
  return now();
}

/** Sets the clock to an absolute time (epoch ms). */
export function setNow(t: number): number {
  if (!Number.isFinite(t)) throw new RangeError('now must be a number');
  offsetMs = t - RealDate.now();
  return now();
}

export function installClock(): void {
  if (installed) return;
  installed = true;
  const Local = function (this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(Local, RealDate);
  Object.defineProperty(Local, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(Local, 'now', { value: now, writable: true, configurable: true });
  Object.defineProperty(Local, Symbol.hasInstance, { value: (x: unknown) => x instanceof RealDate });
  (globalThis as { Date: DateConstructor }).Date = Local;
}
