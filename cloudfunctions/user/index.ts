/**
 * user: who the caller is. `login` finds or creates the member and binds the inviter (first touch).
 */
import { decideInviterBinding, MAX_INVITER_CHAIN } from '../../domain/user';
import { defineFunction } from '../../server/router';
import { findById, transaction } from '../../server/db';
import { ensureUser, findUserByRef, type User } from '../../server/users';
import { v } from '../../server/validate';

/** Binds `inviterRef` as the member's inviter if the rules allow; answers the member as it now is. */
async function bindInviter(userId: string, inviterRef: string, now: number): Promise<User> {
  const inviter = await findUserByRef(inviterRef);
  return transaction(async (tx) => {
    const users = tx.collection('users');
    const user = (await users.doc<User>(userId).get())!;
    const ancestors: string[] = [];
    // Walk the candidate's chain inside the transaction: a concurrent binding anywhere on it conflicts.
    for (let id = inviter ? (await users.doc<User>(inviter._id).get())?.inviterId ?? null : null; id && ancestors.length < MAX_INVITER_CHAIN; ) {
      ancestors.push(id);
      id = (await users.doc<User>(id).get())?.inviterId ?? null;
    }
    const decision = decideInviterBinding({ userId, inviterId: user.inviterId }, inviter?._id ?? null, ancestors);
    if (!decision.bind) return user;
    await users.doc(userId).update({ inviterId: inviter!._id, boundAt: now });
    return { ...user, inviterId: inviter!._id, boundAt: now };
  });
}

export const main = defineFunction('user', {
  login: {
    input: v.object({ inviter: v.optional(v.string({ max: 64 })), channel: v.optional(v.string({ max: 32 })) }),
    async run(req, ctx) {
      const { user, isNew } = await ensureUser(ctx.caller, ctx.now, req.channel ?? (req.inviter ? 'share' : 'direct'));
      const member = req.inviter && !user.inviterId ? await bindInviter(user._id, req.inviter, ctx.now) : user;
      const account = await findById<{ balance: number }>('points_accounts', member._id);
      return { userId: member._id, isNew, tier: member.tier, pointsBalance: account?.balance ?? 0, inviterUserId: member.inviterId };
    },
  },
  memberCode: {
    input: v.object({}),
    async run() {
      throw new Error('user.memberCode is not built yet');
    },
  },
  bindPhone: {
    input: v.object({ code: v.string({ max: 128 }) }),
    async run() {
      throw new Error('user.bindPhone is not built yet');
    },
  },
});
