/**
 * staff: store clerks' and managers' counter actions (staff only, else FORBIDDEN). Scan a member's
 * 会员码 (`verifyMemberCode`), deduct points at the counter (`deductPoints`), 核销 a redeemed right
 * (`verifyRight`). Every action is recorded in `staff_actions` with the staff member and store.
 */
import { decideVerify, type Redemption, type Right } from '../../domain/points/rights';
import { MEMBER_BARCODE_PATTERN, MEMBER_CODE_PATTERN } from '../../domain/membership/membercode';
import { defineFunction } from '../../server/kernel/router';
import { db } from '../../server/kernel/db';
import { fail, orFail } from '../../server/kernel/errors';
import { fingerprintOf, once, recall, requestFingerprint } from '../../server/kernel/idempotency';
import { debitPoints } from '../../server/points/ledger';
import { currentTier, memberById, pointsBalanceOf } from '../../server/membership/membership';
import { codeHolder, memberFromCode, recordStaffAction, requireStaff, signedHolder, staffAction } from '../../server/membership/staff';
import { configVersion } from '../../server/kernel/config';
import { idempotencyKey, v } from '../../server/kernel/validate';
import type { RightView } from '../../typings/api';
import { checkDeduct } from '../../domain/membership/staff-rights';

/** The signed code from the QR code, or its 18-digit barcode form. */
const memberCode = v.string({ max: 160, pattern: new RegExp(`${MEMBER_CODE_PATTERN.source}|${MEMBER_BARCODE_PATTERN.source}`) });

const rightView = (r: Right): RightView => ({
  redemptionId: r._id, rewardId: r.rewardId, title: r.title, kind: r.kind, costPoints: r.costPoints, verifyCode: r.verifyCode,
  status: r.status, createdAt: r.createdAt, usedAt: r.usedAt, storeId: r.storeId,
});

/** The value of a settled read, or its rejection thrown (a refusal keeps its code). */
function settled<T>(r: PromiseSettledResult<T>): T {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

export const main = defineFunction('staff', {
  verifyMemberCode: {
    input: v.object({ code: v.string({ max: 160 }) }),
    async run(req, ctx) {
      // One round trip for everything the answer needs: the staff member, the code's current record, the
      // configuration version and, for a signed code, its member and balance (read on the code's word and
      // used only once the code checks out). Refusals keep their order: not staff first, then the code.
      const guess = signedHolder(req.code);
      const [staffRead, codeRead, , guessed, guessedBalance] = await Promise.allSettled([
        requireStaff(ctx.caller.openid), memberFromCode(req.code, ctx.now), configVersion(),
        guess ? memberById(guess) : null, guess ? pointsBalanceOf(guess) : 0,
      ]);
      const staff = settled(staffRead);
      const userId = settled(codeRead);
      const member = (guess === userId ? settled(guessed) : await memberById(userId))!;
      const pointsBalance = guess === member._id ? settled(guessedBalance) : await pointsBalanceOf(member._id);
      const tier = await currentTier(member);
      await db().collection('staff_actions').add({ data: { ...staffAction(staff, 'verifyMemberCode', member._id, {}, ctx.now) } });
      return { userId: member._id, tier: tier.tier, pointsBalance };
    },
  },
  deductPoints: {
    input: v.object({ code: memberCode, points: v.int({ min: 1, max: 10_000_000 }), reason: v.string({ max: 100 }), idempotencyKey }),
    async run(req, ctx) {
      const staff = await requireStaff(ctx.caller.openid);
      orFail(checkDeduct(staff.role, req.points));
      // The request is (member, points, reason): the member's code rotates, so a retry with a fresh code of
      // the same member is the same request, and another member's code under this key is another one.
      const asked = (memberId: string | null) => [...requestFingerprint(), ...(memberId ? [fingerprintOf('staff.deductPoints', memberId, req.points, req.reason)] : [])];
      // A repeat after the code has expired still gets the first answer (the same code matches as sent).
      const seen = await recall<{ pointsBalance: number }>('staff.deductPoints', staff._id, req.idempotencyKey, asked(await codeHolder(req.code)));
      if (seen) return seen;
      const member = (await memberById(await memberFromCode(req.code, ctx.now)))!;
      return once('staff.deductPoints', staff._id, req.idempotencyKey, ctx.now, async (tx) => {
        const key = `staff:${staff._id}:${req.idempotencyKey}`;
        const r = await debitPoints(tx, { userId: member._id, key, kind: 'staffDeduct', refId: key, points: req.points, now: ctx.now });
        await recordStaffAction(tx, staffAction(staff, 'deductPoints', member._id, { points: req.points, reason: req.reason }, ctx.now));
        return { pointsBalance: r.balance };
      }, asked(member._id));
    },
  },
  verifyRight: {
    input: v.object({ verifyCode: v.string({ min: 12, max: 12, pattern: /^\d{12}$/ }), idempotencyKey }),
    async run(req, ctx) {
      const staff = await requireStaff(ctx.caller.openid);
      const seen = await recall<RightView>('staff.verifyRight', staff._id, req.idempotencyKey);
      if (seen) return seen;
      const { data } = await db().collection('redemptions').where({ verifyCode: req.verifyCode }).limit(1).get();
      const found = (data[0] as Redemption | undefined) ?? null;
      if (!found) throw fail('NOT_FOUND', 'no right with this code');
      return once('staff.verifyRight', staff._id, req.idempotencyKey, ctx.now, async (tx) => {
        const doc = tx.collection('redemptions').doc<Redemption>(found._id);
        // A redemption still pending (or void) is no right: NOT_FOUND, as if the code were unknown.
        const right = (await doc.get()) as Right | null;
        const used = orFail(decideVerify(right, { staffOpenid: staff._id, storeId: staff.storeId }, ctx.now));
        await doc.update(used);
        await recordStaffAction(tx, staffAction(staff, 'verifyRight', right!.userId, { redemptionId: right!._id, verifyCode: req.verifyCode }, ctx.now));
        return rightView({ ...right!, ...used });
      });
    },
  },
});
