/**
 * Rate counters (alliance and analytics call limits) do not grow forever: the analytics function's
 * hourly timer deletes the buckets of windows that ended, and keeps those the sliding window still reads.
 */
import { RATE_LIMITS } from '../../server/alliance/guard';
import { startCloud } from '../support/cloud';

const cloud = startCloud();
const WINDOW = RATE_LIMITS.analytics.windowMs;

describe('the rate-counter sweep', () => {
  it('deletes windows that ended and keeps the current and previous ones, whose counts still limit calls', async () => {
    // Start a second into a bucket, so no call below straddles a bucket boundary.
    cloud.advance(WINDOW - (Date.now() % WINDOW) + 1000);
    // Two buckets of old calls, then a full current bucket.
    await cloud.as('o-rate-old').ok('analytics.track', { events: [{ name: 'view' }] });
    cloud.advance(WINDOW);
    await cloud.as('o-rate-old').ok('analytics.track', { events: [{ name: 'view' }] });
    cloud.advance(3 * WINDOW);
    await cloud.as('o-rate-busy').ok('analytics.track', { events: [{ name: 'view' }] });
    cloud.advance(WINDOW);
    for (let i = 0; i < RATE_LIMITS.analytics.limit; i++) await cloud.as('o-rate-now').ok('analytics.assign', { experimentKey: 'none' }).catch(() => undefined);
    expect(cloud.count('rate_counters')).toBe(4);

    const out = (await cloud.host.runTimer('analytics', 'tags')) as { rateCountersSwept: number };

    expect(out.rateCountersSwept).toBe(2);
    const left = cloud.docs<{ userId: string; expiresAt: number }>('rate_counters');
    expect(left).toHaveLength(2);
    expect(left.every((c) => c.expiresAt > Date.now())).toBe(true);
    // The kept bucket still counts: the member at the limit is still limited.
    expect(await cloud.as('o-rate-now').call('analytics.track', { events: [{ name: 'view' }] })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // Run again: nothing more to delete.
    expect(((await cloud.host.runTimer('analytics', 'tags')) as { rateCountersSwept: number }).rateCountersSwept).toBe(0);
  });
});
