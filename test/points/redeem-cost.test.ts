/**
 * What `points.redeem` costs (issue 14: ≤ 8 database requests, ≤ 5 sequential round trips), with the instance
 * warm as in production: requests from the local cloud's call log, round trips from the transport as the bench
 * measures them (bench/latency.ts: a request's depth is 1 + the deepest request finished before it was sent).
 */
import { instrument, measure } from '../../bench/latency';
import { startCloud } from '../support/cloud';
import { aCoupon, aKey } from '../store/fixtures';
import { aMemberWithPoints, aReward } from '../membership/fixtures';

const cloud = startCloud();
instrument();

async function cost(run: () => Promise<unknown>): Promise<{ requests: number; roundTrips: number }> {
  const stop = measure();
  await run();
  const { roundTrips } = stop();
  return { requests: cloud.host.calls(1)[0].dbRequests, roundTrips };
}

describe('points.redeem on a warm instance', () => {
  it('redeems a physical reward in at most 8 requests and 5 round trips', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 10, stock: 100 }));
    const me = cloud.as('o-redeem-cost');
    await aMemberWithPoints(cloud, 'o-redeem-cost', 1000);
    await me.ok('points.redeem', { rewardId, idempotencyKey: aKey() });
    const measured = await cost(() => me.ok('points.redeem', { rewardId, idempotencyKey: aKey() }));
    expect(measured.requests).toBeLessThanOrEqual(8);
    expect(measured.roundTrips).toBeLessThanOrEqual(5);
  });

  it('redeems a coupon reward, the coupon included, in at most 8 requests and 5 round trips', async () => {
    const couponId = await aCoupon(cloud);
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'coupon', couponId, costPoints: 10, stock: 100 }));
    const me = cloud.as('o-redeem-cost-coupon');
    await aMemberWithPoints(cloud, 'o-redeem-cost-coupon', 1000);
    await me.ok('points.redeem', { rewardId, idempotencyKey: aKey() });
    const measured = await cost(() => me.ok('points.redeem', { rewardId, idempotencyKey: aKey() }));
    expect(measured.requests).toBeLessThanOrEqual(8);
    expect(measured.roundTrips).toBeLessThanOrEqual(5);
  });

  it('answers a repeated key in one request', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 10, stock: 100 }));
    const me = cloud.as('o-redeem-cost-again');
    await aMemberWithPoints(cloud, 'o-redeem-cost-again', 1000);
    const key = aKey();
    const first = await me.ok('points.redeem', { rewardId, idempotencyKey: key });
    let again: unknown;
    expect(await cost(async () => (again = await me.ok('points.redeem', { rewardId, idempotencyKey: key })))).toEqual({ requests: 1, roundTrips: 1 });
    expect(again).toEqual(first);
  });
});
