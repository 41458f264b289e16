/**
 * Per-user call-rate limits for the growth functions (alliance, analytics): a sliding window over two
 * fixed buckets in `rate_counters` (one doc per function, user and bucket, incremented atomically).
 * Over the limit → RATE_LIMITED and one alert per user, function and bucket in `alerts`. Counters of
 * windows that ended are deleted by `sweepRateCounters` (the analytics function's hourly `tags` timer).
 */
import { bucketOf, currentAllowance, type RateLimit } from '../../domain/analytics/risk-growth';
import { stableId } from '../../domain/kernel/ids';
import { command, db, findById, type Tx } from '../kernel/db';
import { Failure, fail, isDuplicateKey } from '../kernel/errors';

export const RATE_LIMITS: Record<string, RateLimit> = {
  alliance: { limit: 60, windowMs: 60_000 },
  analytics: { limit: 120, windowMs: 60_000 },
};

const counterId = (fn: string, userId: string, bucket: number) => stableId('rl', fn, userId, String(bucket));

/** Takes one call from the bucket if it holds fewer than `allowance`; false when full. */
async function take(id: string, allowance: number, fields: Record<string, unknown>): Promise<boolean> {
  const _ = command();
  const coll = db().collection('rate_counters');
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = (await coll.where({ _id: id, count: _.lt(allowance) }).update({ data: { count: _.inc(1) } })) as { stats?: { updated?: number } };
    if (res.stats?.updated === 1) return true;
    if (allowance < 1 || (await findById('rate_counters', id))) return false;
    try {
      await coll.add({ data: { _id: id, ...fields, count: 1 } });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Another call created the bucket first: count against it.
    }
  }
  return false;
}

/** RATE_LIMITED from `countCallTx`: the alert is recorded once the transaction is over (`alertRateLimited`). */
export class RateLimited extends Failure {
  constructor(readonly fn: string, readonly userId: string, readonly bucket: number, readonly allowance: number, readonly rate: RateLimit) {
    super('RATE_LIMITED', `too many ${fn} calls; try again shortly`);
  }
}

async function alert(fn: string, userId: string, bucket: number, allowance: number, rate: RateLimit, now: number): Promise<void> {
  try {
    await db().collection('alerts').add({ data: { _id: stableId('alert', 'rateLimit', fn, userId, String(bucket)), kind: 'rateLimit', subject: userId, detail: { fn, allowance, limit: rate.limit }, at: now } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * Counts this call inside `tx` (the action's own transaction), throwing `RateLimited` when the user is over
 * `fn`'s limit: a call the action then refuses aborts the transaction, so it is not counted.
 */
export async function countCallTx(tx: Tx, fn: string, userId: string, now: number, rate: RateLimit = RATE_LIMITS[fn]): Promise<void> {
  const bucket = bucketOf(now, rate.windowMs);
  const previous = await tx.collection('rate_counters').doc<{ count: number }>(counterId(fn, userId, bucket - 1)).get();
  const allowance = currentAllowance(previous?.count ?? 0, now, rate);
  const ref = tx.collection('rate_counters').doc<{ fn: string; userId: string; bucket: number; expiresAt: number; count: number }>(counterId(fn, userId, bucket));
  const count = (await ref.get())?.count ?? 0;
  if (count >= allowance) throw new RateLimited(fn, userId, bucket, allowance, rate);
  await ref.set({ fn, userId, bucket, expiresAt: (bucket + 2) * rate.windowMs, count: count + 1 });
}

/** Records the alert of a `RateLimited` refusal (outside the refused transaction), then rethrows `err`. */
export async function alertRateLimited(err: unknown, now: number): Promise<never> {
  if (err instanceof RateLimited) await alert(err.fn, err.userId, err.bucket, err.allowance, err.rate, now);
  throw err;
}

/** Counts this call and throws RATE_LIMITED when the user is over `fn`'s limit. */
export async function rateLimit(fn: string, userId: string, now: number, rate: RateLimit = RATE_LIMITS[fn]): Promise<void> {
  const bucket = bucketOf(now, rate.windowMs);
  const previous = await findById<{ count: number }>('rate_counters', counterId(fn, userId, bucket - 1));
  const allowance = currentAllowance(previous?.count ?? 0, now, rate);
  if (await take(counterId(fn, userId, bucket), allowance, { fn, userId, bucket, expiresAt: (bucket + 2) * rate.windowMs })) return;
  await alert(fn, userId, bucket, allowance, rate, now);
  throw fail('RATE_LIMITED', `too many ${fn} calls; try again shortly`);
}

/**
 * Deletes the counters of windows that can no longer count: a bucket is the current one for a window and
 * the previous one (weighed into the sliding estimate) for the next, so it is dead once `expiresAt`
 * (the end of the bucket after it) is at or before `now`. Answers how many were deleted. Run by a timer.
 */
export async function sweepRateCounters(now: number): Promise<number> {
  const res = (await db().collection('rate_counters').where({ expiresAt: command().lte(now) }).remove()) as { stats?: { removed?: number } };
  return res.stats?.removed ?? 0;
}
