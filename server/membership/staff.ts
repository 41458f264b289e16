/**
 * Store staff: who may scan member codes and verify rights (`staff/{openid}`, created by `admin.addStaff`),
 * and the record of every staff action (`staff_actions`: staff openid, store, member, what, when).
 */
import { checkMemberBarcode, checkMemberCode, MEMBER_BARCODE_PATTERN, readMemberCode } from '../../domain/membership/membercode';
import type { AdminStaffView, Page, StaffRole } from '../../typings/api';
import { keysetPage } from '../kernel/keyset';
import { db, findById, transaction, type Tx } from '../kernel/db';
import { fail, orFail } from '../kernel/errors';
import { secret } from './membership';

export interface Staff { _id: string; role: StaffRole; storeId: string; createdAt: number; active: boolean; removedAt?: number; removedBy?: string }

export interface StaffAction {
  staffOpenid: string;
  storeId: string;
  kind: 'verifyMemberCode' | 'deductPoints' | 'verifyRight';
  userId: string;
  detail: Record<string, unknown>;
  at: number;
}

/** The calling staff member, or FORBIDDEN. */
export async function requireStaff(openid: string): Promise<Staff> {
  const staff = await findById<Staff>('staff', openid);
  if (!staff || staff.active === false) throw fail('FORBIDDEN', 'staff only');
  return staff;
}

/**
 * Removes a staff member: their `staff` doc is kept (history: who they were, which store, who added and
 * who removed them) and marked `active: false`, so every staff action answers FORBIDDEN from then on.
 * Idempotent: removing someone already removed changes nothing and answers `removed: false`, as does an
 * openid that was never staff (nothing is written). `admin.addStaff` makes them active again.
 */
export async function removeStaff(openid: string, operator: string, now: number): Promise<{ removed: boolean }> {
  return transaction(async (tx) => {
    const doc = tx.collection('staff').doc<Staff>(openid);
    const staff = await doc.get();
    if (!staff || staff.active === false) return { removed: false };
    await doc.update({ active: false, removedAt: now, removedBy: operator });
    return { removed: true };
  });
}

/** The member a scanned code names, if it is signed, fresh and still current; else MEMBER_CODE_EXPIRED. */
export async function memberFromCode(code: string, now: number): Promise<string> {
  if (MEMBER_BARCODE_PATTERN.test(code)) {
    const { data } = await db().collection('member_codes').where({ barcode: code }).limit(1).get();
    return orFail(checkMemberBarcode((data[0] as { _id: string; expiresAt: number } | undefined) ?? null, now)).userId;
  }
  const claims = orFail(readMemberCode(secret('MEMBER_CODE_SECRET'), code));
  const current = await findById<{ code: string }>('member_codes', claims.userId);
  return orFail(checkMemberCode(claims, code, current?.code ?? null, now)).userId;
}

export function staffAction(staff: Staff, kind: StaffAction['kind'], userId: string, detail: Record<string, unknown>, now: number): StaffAction {
  return { staffOpenid: staff._id, storeId: staff.storeId, kind, userId, detail, at: now };
}

export async function recordStaffAction(tx: Tx, action: StaffAction): Promise<void> {
  await tx.collection('staff_actions').add(action as unknown as Record<string, unknown>);
}

/** `admin.listStaff`: newest first, optionally one store's and/or only active (or removed) members. */
export async function listStaff(req: { storeId?: string; active?: boolean; cursor?: string; limit?: number }): Promise<Page<AdminStaffView>> {
  const filter: Record<string, unknown> = {};
  if (req.storeId) filter.storeId = req.storeId;
  if (req.active !== undefined) filter.active = req.active;
  const { docs, nextCursor } = await keysetPage<Staff>('staff', filter, 'createdAt', req);
  return { items: docs.map((s) => ({ openid: s._id, role: s.role, storeId: s.storeId, active: s.active !== false, createdAt: s.createdAt })), nextCursor };
}
