/**
 * Growth risk rules (风控): unusual call rates per user (a sliding window), abnormal points gains and
 * coupon abuse across accounts sharing a device or phone. Pure functions of plain data: the handlers
 * load counters and records, call these, and persist alerts.
 */

export interface RateLimit { limit: number; windowMs: number }

/**
 * Sliding-window estimate over two fixed buckets of `windowMs`: the previous bucket counts in proportion to
 * how much of it still lies inside the window ending at `now`. `currentCount` includes this call.
 * Allowed when the estimate is at most `limit`.
 */
export function slidingWindow(previousCount: number, currentCount: number, now: number, rate: RateLimit): { allowed: boolean; estimate: number } {
  const elapsed = now % rate.windowMs;
  const estimate = previousCount * ((rate.windowMs - elapsed) / rate.windowMs) + currentCount;
  return { allowed: estimate <= rate.limit, estimate };
}

/**
 * How many calls the current bucket may hold in total at `now` so that the sliding-window estimate stays
 * within the limit: `floor(limit − previousCount × (windowMs − elapsed) / windowMs)`, at least 0.
 * Counting against it with a conditional increment (`count < allowance`) keeps the limit exact under races.
 */
export function currentAllowance(previousCount: number, now: number, rate: RateLimit): number {
  const elapsed = now % rate.windowMs;
  return Math.max(0, Math.floor(rate.limit - (previousCount * (rate.windowMs - elapsed)) / rate.windowMs + 1e-9));
}

/** The bucket index of an instant for a window. */
export const bucketOf = (now: number, windowMs: number) => Math.floor(now / windowMs);

export interface Alert { kind: 'rateLimit' | 'pointsGain' | 'couponAbuse'; subject: string; detail: Record<string, unknown> }

/**
 * Abnormal points gains: a user whose credits within `windowMs` before `now` sum to more than `maxPoints`.
 * Only positive deltas count (spending is not a gain).
 */
export function abnormalPointsGains(entries: readonly { userId: string; delta: number; createdAt: number }[], now: number, opts: { windowMs: number; maxPoints: number }): Alert[] {
  const gained = new Map<string, number>();
  for (const e of entries) {
    if (e.delta <= 0 || e.createdAt <= now - opts.windowMs || e.createdAt > now) continue;
    gained.set(e.userId, (gained.get(e.userId) ?? 0) + e.delta);
  }
  return [...gained.entries()].filter(([, p]) => p > opts.maxPoints).sort((a, b) => a[0].localeCompare(b[0]))
    .map(([userId, points]) => ({ kind: 'pointsGain' as const, subject: userId, detail: { points, windowMs: opts.windowMs, maxPoints: opts.maxPoints } }));
}

/**
 * Coupon abuse across accounts: for each coupon, accounts that share a fingerprint (device id or phone
 * hash) and all claimed it. More than `maxAccounts` accounts behind one fingerprint claiming the same
 * coupon raises one alert for that (coupon, fingerprint).
 */
export function couponAbuse(
  claims: readonly { userId: string; couponId: string }[],
  fingerprints: ReadonlyMap<string, readonly string[]>,
  opts: { maxAccounts: number },
): Alert[] {
  const groups = new Map<string, Set<string>>();
  for (const c of claims) {
    for (const fp of fingerprints.get(c.userId) ?? []) {
      const key = `${c.couponId}\u0000${fp}`;
      const set = groups.get(key) ?? new Set<string>();
      set.add(c.userId);
      groups.set(key, set);
    }
  }
  const alerts: Alert[] = [];
  for (const [key, users] of groups) {
    if (users.size <= opts.maxAccounts) continue;
    const [couponId, fingerprint] = key.split('\u0000');
    alerts.push({ kind: 'couponAbuse', subject: couponId, detail: { fingerprint, accounts: [...users].sort(), maxAccounts: opts.maxAccounts } });
  }
  return alerts.sort((a, b) => a.subject.localeCompare(b.subject) || String(a.detail.fingerprint).localeCompare(String(b.detail.fingerprint)));
}
