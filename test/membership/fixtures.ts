/** Fixture builders for membership tests: members, points, rewards, staff. */
import type { Api } from '../../typings/api';
import { transaction } from '../../server/kernel/db';
import { creditPoints, debitPoints, takeBackPoints } from '../../server/points/ledger';
import { userIdFor } from '../../server/membership/users';
import type { TestCloud } from '../support/cloud';

let seq = 0;
export const aKey = (label = 'k') => `${label}-${Date.now().toString(36)}-${(seq++).toString(36)}`.padEnd(8, '0');

/** Logs `openid` in and credits it `points` as one lot earned now (through the real ledger). */
export async function aMemberWithPoints(cloud: TestCloud, openid: string, points: number, key = aKey('grant')): Promise<string> {
  await cloud.as(openid).ok('user.login', {});
  const userId = userIdFor(openid);
  if (points > 0) await transaction((tx) => creditPoints(tx, { userId, key, kind: 'adjust', refId: key, points, now: Date.now() }));
  return userId;
}

export const grantPoints = (userId: string, points: number, key = aKey('grant')) =>
  transaction((tx) => creditPoints(tx, { userId, key, kind: 'purchase', refId: key, points, now: Date.now() }));
export const spendPoints = (userId: string, points: number, key = aKey('spend')) =>
  transaction((tx) => debitPoints(tx, { userId, key, kind: 'orderSpend', refId: key, points, now: Date.now() }));
export const refundPoints = (userId: string, points: number, creditKey: string, key = aKey('refund')) =>
  transaction((tx) => takeBackPoints(tx, { userId, key, kind: 'refund', refId: key, points, now: Date.now(), creditKey }));

export function aReward(overrides: Partial<Api['admin.createReward']['req']> = {}): Api['admin.createReward']['req'] {
  return { title: '5 元无门槛券', kind: 'coupon', costPoints: 100, stock: 10, ...overrides };
}

export async function aStaffMember(cloud: TestCloud, openid = 'o-clerk', storeId = 'store-1'): Promise<string> {
  await cloud.admin.ok('admin.addStaff', { openid, role: 'clerk', storeId });
  return openid;
}
