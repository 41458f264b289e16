/**
 * Landing from a partner's mini-program (`navigateToMiniProgram` with extraData): record the source,
 * link the member to the partner, and claim the shared coupon exactly once per (user, coupon), however
 * many landings repeat or race. The claim itself is the store feature's `claimCoupon`
 * (server/store/coupons.ts, what `coupon.claim` runs): its stock and per-user rules stay in one place.
 */
import { stableId } from '../../domain/kernel/ids';
import { command, db, findById } from '../kernel/db';
import { Failure, isDuplicateKey } from '../kernel/errors';
import { claimCoupon } from '../store/coupons';

export const grantId = (userId: string, couponId: string) => stableId('agrant', userId, couponId);

type GrantStatus = 'claiming' | 'claimed' | 'failed';
interface Grant { status: GrantStatus; userId: string; couponId: string; at: number; code?: string }

/** Takes the right to claim: a new grant doc, or a failed one taken back. False when another landing holds it. */
async function reserve(id: string, userId: string, couponId: string, now: number): Promise<boolean> {
  try {
    await db().collection('alliance_coupon_grants').add({ data: { _id: id, userId, couponId, status: 'claiming', at: now } });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const res = (await db().collection('alliance_coupon_grants').where({ _id: id, status: 'failed' }).update({ data: { status: 'claiming', at: now } })) as { stats?: { updated?: number } };
  return (res.stats?.updated ?? 0) === 1;
}

/**
 * Claims `couponId` for the caller once. Returns true when the caller holds it through a landing
 * (claimed now or by an earlier landing).
 */
export async function claimOnce(userId: string, couponId: string, now: number): Promise<boolean> {
  const id = grantId(userId, couponId);
  if (!(await reserve(id, userId, couponId, now))) return (await findById<Grant>('alliance_coupon_grants', id))?.status === 'claimed';
  let outcome: { status: GrantStatus; code?: string };
  try {
    await claimCoupon(userId, couponId, now);
    outcome = { status: 'claimed' };
  } catch (err) {
    // A refused claim (none left, expired, past the limit, unknown) leaves the landing valid without a coupon.
    if (!(err instanceof Failure)) {
      await db().collection('alliance_coupon_grants').doc(id).update({ data: { status: 'failed', code: 'INTERNAL', at: now } });
      throw err;
    }
    outcome = { status: 'failed', code: err.code };
  }
  await db().collection('alliance_coupon_grants').doc(id).update({ data: { status: outcome.status, code: outcome.code ?? command().remove(), at: now } });
  return outcome.status === 'claimed';
}
