/**
 * What else the caller is besides a shopper (`user.login → roles`): an operator (the environment's
 * `ADMIN_OPENIDS`, locally `LOCAL_ADMIN_OPENIDS`), active store staff (`staff/{openid}`), the host of a
 * live room (`live_rooms.hostOpenid`, indexed). Pages show the matching entries only to these roles.
 */
import type { Role, StaffRole } from '../../typings/api';
import { db, findById } from '../kernel/db';
import { isOperator } from '../kernel/platform';
import type { Staff } from './staff';

export async function rolesOf(openid: string): Promise<{ roles: Role[]; staffRole?: StaffRole }> {
  const [staff, hosted] = await Promise.all([
    findById<Staff>('staff', openid),
    db().collection('live_rooms').where({ hostOpenid: openid }).count(),
  ]);
  const roles: Role[] = [];
  if (isOperator(openid)) roles.push('operator');
  const activeStaff = !!staff && staff.active !== false;
  if (activeStaff) roles.push('staff');
  if (hosted.total > 0) roles.push('host');
  return { roles, ...(activeStaff ? { staffRole: staff!.role } : {}) };
}
