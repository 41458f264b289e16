/**
 * Signed requests from partner backends. A request is signed with the partner's secret as
 *   signature = hex(HMAC-SHA256(secret, method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + hex(SHA-256(body))))
 * where method is upper-case, path excludes the query string, timestamp is epoch milliseconds as a
 * decimal string, and body is the exact request body (empty string when none).
 * A request is accepted when the signature matches (constant-time compare), the timestamp is within
 * `MAX_SKEW_MS` of now in either direction, and the nonce was never seen (the handler checks that last,
 * by a unique insert, only for requests whose signature is good). Pure: `now` comes in.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { refuse, success, type Outcome } from '../kernel/outcome';

/** Requests older (or further in the future) than this are refused: 5 minutes. */
export const MAX_SKEW_MS = 5 * 60_000;
/** How long a nonce is remembered: past the skew window it can no longer be replayed anyway. */
export const NONCE_TTL_MS = 2 * MAX_SKEW_MS;

export interface SignedRequest {
  method: string;
  path: string;
  timestamp: string;
  nonce: string;
  body: string;
}

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The string that is signed. */
export function stringToSign(r: SignedRequest): string {
  return [r.method.toUpperCase(), r.path.split('?')[0], r.timestamp, r.nonce, sha256Hex(r.body)].join('\n');
}

export function sign(secret: string, r: SignedRequest): string {
  return createHmac('sha256', secret).update(stringToSign(r), 'utf8').digest('hex');
}

export type SignatureRefusal = 'missingHeaders' | 'badTimestamp' | 'staleTimestamp' | 'badNonce' | 'badSignature';

/**
 * Verifies signature and freshness. Refusals carry UNAUTHENTICATED with the reason as the message; the
 * order of checks makes no difference to what is accepted.
 */
export function verifySignature(secret: string, r: SignedRequest, signature: string, now: number): Outcome<{ nonce: string; at: number }> {
  if (!/^\d{10,16}$/.test(r.timestamp)) return refuse('UNAUTHENTICATED', 'badTimestamp');
  const at = Number(r.timestamp);
  if (Math.abs(now - at) > MAX_SKEW_MS) return refuse('UNAUTHENTICATED', 'staleTimestamp');
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(r.nonce)) return refuse('UNAUTHENTICATED', 'badNonce');
  if (!/^[0-9a-f]{64}$/.test(signature)) return refuse('UNAUTHENTICATED', 'badSignature');
  const expected = Buffer.from(sign(secret, r), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return refuse('UNAUTHENTICATED', 'badSignature');
  return success({ nonce: r.nonce, at });
}
