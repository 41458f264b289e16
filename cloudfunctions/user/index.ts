/**
 * user: who the caller is. `login` finds or creates the member, records its identities (one person, one
 * member: a unionid already known merges the accounts) and binds the inviter (first touch); `memberCode`
 * issues the 会员码 staff scan; `bindPhone` stores the number encrypted (and merges on a known number);
 * `consent` / `setConsent` hold privacy consent once for every channel.
 */
import { randomBytes } from 'node:crypto';
import { decideInviterBinding, MAX_INVITER_CHAIN } from '../../domain/membership/user';
import { barcodeFromBytes, issueMemberCode } from '../../domain/membership/membercode';
import { maskPhone } from '../../domain/membership/identity';
import { MARKETING_CHANNELS, type Consent, type MarketingChannel } from '../../domain/membership/consent';
import { defineFunction } from '../../server/kernel/router';
import { db, findById, transaction } from '../../server/kernel/db';
import { fail } from '../../server/kernel/errors';
import { platform } from '../../server/kernel/platform';
import { ensureUser, findUserByRef, type User } from '../../server/membership/users';
import { changeConsent, consentOf, currentTier, logDataAccess, pointsBalanceOf, secret } from '../../server/membership/membership';
import { finishPendingMerges, linkIdentity } from '../../server/membership/merge';
import { encryptPhone, phoneHash } from '../../server/membership/phone';
import { v } from '../../server/kernel/validate';
import { rolesOf } from '../../server/membership/roles';
import { grantNewMemberGift } from '../../server/store/settings';

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

type Linked = User & { unionidLinkedAt?: number };

/** Records the caller's openid (first sight) and unionid (when first seen) in the identity map; may merge. */
async function recordIdentities(user: Linked, isNew: boolean, caller: { openid: string; appid?: string; unionid?: string }, now: number): Promise<string> {
  let memberId = user._id;
  if (isNew) memberId = await linkIdentity('openid', `${caller.appid ?? ''}:${caller.openid}`, memberId, now);
  if (caller.unionid && !(user.unionid === caller.unionid && user.unionidLinkedAt)) {
    memberId = await linkIdentity('unionid', caller.unionid, memberId, now);
    await db().collection('users').doc(memberId).update({ data: { unionid: caller.unionid, unionidLinkedAt: now } });
  }
  return memberId;
}

const consentView = (c: Consent) => ({ marketing: c.marketing, location: c.location, partnerSharing: c.partnerSharing, updatedAt: c.updatedAt });

export const main = defineFunction('user', {
  login: {
    input: v.object({ inviter: v.optional(v.string({ max: 64 })), channel: v.optional(v.string({ max: 32 })) }),
    async run(req, ctx) {
      const resolved = await ensureUser(ctx.caller, ctx.now, req.channel ?? (req.inviter ? 'share' : 'direct'));
      const memberId = await recordIdentities(resolved.user, resolved.isNew, ctx.caller, ctx.now);
      let member = memberId === resolved.user._id && !ctx.caller.unionid ? resolved.user : (await findById<User>('users', memberId))!;
      if (req.inviter && !member.inviterId) member = await bindInviter(member._id, req.inviter, ctx.now);
      const [tier, pointsBalance, roles, gift] = await Promise.all([
        currentTier(member), pointsBalanceOf(member._id), rolesOf(ctx.caller.openid), resolved.isNew ? grantNewMemberGift(member._id, ctx.now) : null,
      ]);
      return { userId: member._id, isNew: resolved.isNew, tier: tier.tier, pointsBalance, inviterUserId: member.inviterId, ...roles, ...(gift ? { giftCouponId: gift } : {}) };
    },
  },
  memberCode: {
    input: v.object({}),
    async run(_req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      const issued = issueMemberCode(secret('MEMBER_CODE_SECRET'), user._id, randomBytes(9).toString('base64url'), ctx.now);
      const barcode = barcodeFromBytes(randomBytes(8));
      // One document per member: the newest code (and its barcode) replaces the old, which staff then refuse.
      await db().collection('member_codes').doc(user._id).set({ data: { code: issued.code, barcode, expiresAt: issued.expiresAt, issuedAt: ctx.now } });
      return { ...issued, barcode };
    },
  },
  bindPhone: {
    input: v.object({ code: v.string({ max: 128 }) }),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      let info: { purePhoneNumber: string; countryCode: string };
      try {
        const res = (await platform().openapi.phonenumber.getPhoneNumber({ code: req.code })) as { phoneInfo: { purePhoneNumber: string; countryCode: string } };
        info = res.phoneInfo;
      } catch (err) {
        const code = (err as { errCode?: number }).errCode;
        if (code === 40029 || code === 40013) throw fail('INVALID_ARGUMENT', 'the phone code is invalid or used');
        throw err;
      }
      const hash = phoneHash(info.countryCode || '86', info.purePhoneNumber);
      const phoneMasked = maskPhone(info.purePhoneNumber);
      // A number already bound to another member means one person: merge first, then bind to the survivor.
      const memberId = await linkIdentity('phone', hash, user._id, ctx.now);
      await db().collection('users').doc(memberId).update({ data: { phoneCipher: encryptPhone(info.purePhoneNumber), phoneHash: hash, phoneMasked, phoneBoundAt: ctx.now } });
      await logDataAccess({ userId: memberId, actor: `user:${memberId}`, data: 'phone', purpose: 'bindPhone', at: ctx.now });
      return { phoneMasked };
    },
  },
  consent: {
    input: v.object({}),
    async run(_req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      return consentView(await consentOf(user._id));
    },
  },
  setConsent: {
    input: v.object({
      marketing: v.optional(v.object(Object.fromEntries(MARKETING_CHANNELS.map((c) => [c, v.optional(v.boolean())])) as Record<MarketingChannel, ReturnType<typeof v.optional<boolean>>>)),
      location: v.optional(v.boolean()),
      partnerSharing: v.optional(v.boolean()),
    }),
    async run(req, ctx) {
      const { user } = await ensureUser(ctx.caller, ctx.now);
      return consentView(await changeConsent(user._id, req, ctx.now));
    },
  },
}, {
  timers: { finishMerges: async ({ now }) => ({ finished: await finishPendingMerges(now) }) },
});
