/**
 * 会员码 member code: a short-lived signed code a member shows and store staff scan.
 *
 * Shape: `<userId>.<expiresAt base36>.<nonce>.<mac>` where mac is the first 22 base64url characters
 * (132 bits) of HMAC-SHA256(secret, "mc1|userId|expiresAt|nonce"). The signature lets staff refuse a
 * forged code without a read; the store keeps only the newest code per member, so a code that was
 * replaced is refused even before it expires.
 *
 * Pure: time (`now`, epoch ms), the nonce and the secret come in as arguments.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { refuse, success, type Outcome } from '../kernel/outcome';

/** A code lives 60 s: the member page refreshes it every minute. */
export const MEMBER_CODE_TTL_MS = 60_000;

/** What a request's `code` must look like before anything is checked (ids, base36, base64url). */
export const MEMBER_CODE_PATTERN = /^[A-Za-z0-9_]{1,64}\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{4,32}\.[A-Za-z0-9_-]{22}$/;

/**
 * The one answer to every refused code, forged, replaced or stale alike: telling them apart would tell a
 * guesser which of their codes were real.
 */
export const MEMBER_CODE_REFUSED = 'member code is not valid or has expired; ask the member to refresh it';
const refused = () => refuse('MEMBER_CODE_EXPIRED', MEMBER_CODE_REFUSED);

export interface MemberCodeClaims {
  userId: string;
  /** Epoch ms after which the code is refused. */
  expiresAt: number;
  /** Randomness from the caller, so two codes issued in the same millisecond differ. */
  nonce: string;
}

function mac(secret: string, c: MemberCodeClaims): string {
  return createHmac('sha256', secret).update(`mc1|${c.userId}|${c.expiresAt}|${c.nonce}`).digest('base64url').slice(0, 22);
}

/** Issues a code for `userId` at `now`: it expires at `now + MEMBER_CODE_TTL_MS`. */
export function issueMemberCode(secret: string, userId: string, nonce: string, now: number): { code: string; expiresAt: number } {
  const claims = { userId, expiresAt: now + MEMBER_CODE_TTL_MS, nonce };
  return { code: `${userId}.${claims.expiresAt.toString(36)}.${nonce}.${mac(secret, claims)}`, expiresAt: claims.expiresAt };
}

/**
 * Reads a code's claims if its signature holds (else MEMBER_CODE_EXPIRED: a forged code is answered like
 * a stale one, so a guesser learns nothing). Does not check time or replacement: see `checkMemberCode`.
 */
export function readMemberCode(secret: string, code: string): Outcome<MemberCodeClaims> {
  const forged = refused();
  if (!MEMBER_CODE_PATTERN.test(code)) return forged;
  const [userId, exp36, nonce, sig] = code.split('.');
  const claims = { userId, expiresAt: parseInt(exp36, 36), nonce };
  if (!Number.isSafeInteger(claims.expiresAt)) return forged;
  const want = Buffer.from(mac(secret, claims));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return forged;
  return success(claims);
}

/**
 * A signed code is good while `now < expiresAt` and it is still the member's current code
 * (`currentCode`, null when none was issued): otherwise MEMBER_CODE_EXPIRED.
 */
export function checkMemberCode(claims: MemberCodeClaims, code: string, currentCode: string | null, now: number): Outcome<{ userId: string }> {
  if (now >= claims.expiresAt) return refused();
  if (currentCode !== code) return refused();
  return success({ userId: claims.userId });
}

/**
 * The barcode form of the current code: 18 digits (`88` + 16 random digits), short enough for a
 * Code 128 barcode a till scanner reads off a phone screen. It carries no signature, so staff resolve it
 * through the store, where it lives only as long as the signed code it stands beside.
 */
export const MEMBER_BARCODE_PATTERN = /^88\d{16}$/;

/** 18 digits from 8 random bytes (uniform enough for a 60-second, single-use-per-member alias). */
export function barcodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('barcodeFromBytes needs 8 random bytes');
  let n = 0n;
  for (const b of bytes.subarray(0, 8)) n = (n << 8n) | BigInt(b);
  return '88' + (n % 10n ** 16n).toString().padStart(16, '0');
}

/** A scanned barcode is good while its code lives: `now < expiresAt` of the member's current code. */
export function checkMemberBarcode(current: { _id: string; expiresAt: number } | null, now: number): Outcome<{ userId: string }> {
  if (!current) return refused();
  if (now >= current.expiresAt) return refused();
  return success({ userId: current._id });
}
