/**
 * Membership identity rules (pure). Inviter binding is first-touch and permanent: a user with an inviter
 * keeps it; nobody invites themselves; and binding may never close a cycle (the user must not be an
 * ancestor of the inviter), whatever its length.
 */

export type BindDecision = { bind: true } | { bind: false; reason: 'alreadyBound' | 'selfInvite' | 'cycle' | 'unknownInviter' };

/**
 * @param user the member being bound
 * @param inviterId the candidate's userId, or null when the inviter code matched nobody
 * @param inviterAncestors the candidate's inviter chain, nearest first (inviter's inviter, ...)
 */
export function decideInviterBinding(
  user: { userId: string; inviterId: string | null },
  inviterId: string | null,
  inviterAncestors: readonly string[],
): BindDecision {
  if (user.inviterId) return { bind: false, reason: 'alreadyBound' };
  if (!inviterId) return { bind: false, reason: 'unknownInviter' };
  if (inviterId === user.userId) return { bind: false, reason: 'selfInvite' };
  if (inviterAncestors.includes(user.userId)) return { bind: false, reason: 'cycle' };
  return { bind: true };
}

/** The public share code of a member: 8 characters of Crockford base32 from a hash of the userId. */
export function shareCodeFromHash(hashHex: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let n = BigInt('0x' + hashHex.slice(0, 10));
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += alphabet[Number(n % 32n)];
    n /= 32n;
  }
  return out;
}

/** How deep the inviter chain is walked to rule out cycles (chains deeper than this are refused). */
export const MAX_INVITER_CHAIN = 64;
