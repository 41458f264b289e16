/**
 * What each points action costs in database requests (from the local cloud's call log, nested calls
 * included). The bounds are the budget: a change that adds reads to a hot path fails here.
 */
import { startCloud } from '../support/cloud';
import { aKey, aMemberWithPoints, aReward, aStaffMember } from './fixtures';

const cloud = startCloud();

const BUDGET: Record<string, number> = {
  'points.balance': 2, 'points.history': 2, 'points.checkin': 8, 'points.share': 11, 'points.redeem': 8, 'points.myRights': 2,
  'user.memberCode': 2, 'staff.verifyMemberCode': 7, 'staff.deductPoints': 13,
};

it('keeps every membership action within its database-request budget', async () => {
  const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ costPoints: 10, stock: 100 }));
  await aStaffMember(cloud, 'o-cost-clerk');
  await aMemberWithPoints(cloud, 'o-cost', 1000);
  const me = cloud.as('o-cost');
  const measured: Record<string, number> = {};
  const measure = async (name: string, run: () => Promise<unknown>) => {
    await run();
    measured[name] = cloud.host.calls(1)[0].dbRequests;
  };
  await measure('points.balance', () => me.ok('points.balance', {}));
  await measure('points.history', () => me.ok('points.history', {}));
  await measure('points.checkin', () => me.ok('points.checkin', {}));
  await measure('points.share', () => me.ok('points.share', { idempotencyKey: aKey() }));
  await measure('points.redeem', () => me.ok('points.redeem', { rewardId, idempotencyKey: aKey() }));
  await measure('points.myRights', () => me.ok('points.myRights', {}));
  let code = '';
  await measure('user.memberCode', async () => ({ code } = await me.ok('user.memberCode', {})));
  await measure('staff.verifyMemberCode', () => cloud.as('o-cost-clerk').ok('staff.verifyMemberCode', { code }));
  await measure('staff.deductPoints', () => cloud.as('o-cost-clerk').ok('staff.deductPoints', { code, points: 5, reason: 'x', idempotencyKey: aKey() }));
  for (const [name, n] of Object.entries(measured)) expect({ name, n: Math.min(n, BUDGET[name]) }).toEqual({ name, n });
});
