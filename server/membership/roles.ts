/**
 * What else the caller is besides a shopper (`user.login → roles`): an operator (the environment's
 * `ADMIN_OPENIDS`, locally `LOCAL_ADMIN_OPENIDS`), active store staff (`staff/{openid}`), the host of a
 * live room (`live_rooms.hostOpenid`, indexed). Pages show the matching entries only to these roles.
 */
import type { Role, StaffRole } from '../../typings/api';
import { db, findById } from '../kernel/db';
import { isOperator } from '../kernel/platform';
import type { Staff } from './staff';

export interface Roles { roles: Role[]; staffRole?: StaffRole }

/** The roles from what was read: the caller's staff document (or none) and whether they host a room. */
export function rolesFrom(openid: string, staff: { role: StaffRole; active?: boolean } | null, hosting: boolean): Roles {
  const roles: Role[] = [];
  if (isOperator(openid)) roles.push('operator');
  const activeStaff = !!staff && staff.active !== false;
  if (activeStaff) roles.push('staff');
  if (hosting) roles.push('host');
  return { roles, ...(activeStaff ? { staffRole: staff!.role } : {}) };
}

export async function rolesOf(openid: string): Promise<Roles> {
  const [staff, hosted] = await Promise.all([
    findById<Staff>('staff', openid),
    db().collection('live_rooms').where({ hostOpenid: openid }).count(),
  ]);
  return rolesFrom(openid, staff, hosted.total > 0);
}
