/**
 * Phone numbers at rest: never in plaintext. Each number is stored
 * - encrypted with AES-256-GCM under `PHONE_KEY` (32 bytes, hex or base64, from the function's
 *   environment; production must set it, the local cloud falls back to `DEV_SECRETS.PHONE_KEY`) as
 *   `v1:<iv>:<tag>:<ciphertext>` (base64url), a fresh 12-byte IV per write; and
 * - as a salted SHA-256 hash (`PHONE_HASH_SALT`) so "is this number already a member?" needs no decryption.
 * Decrypting is a use of personal data: `revealPhone` logs it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { logDataAccess, secret } from './membership';

function phoneKey(): Buffer {
  const raw = secret('PHONE_KEY');
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('PHONE_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** `+<country code><number>` hashed with the salt: the lookup key of the phone identity. */
export function phoneHash(countryCode: string, phone: string): string {
  return createHash('sha256').update(`${secret('PHONE_HASH_SALT')}|+${countryCode}${phone}`).digest('hex');
}

export function encryptPhone(phone: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', phoneKey(), iv);
  const ct = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
}

export function decryptPhone(sealed: string): string {
  const [version, iv, tag, ct] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || !ct) throw new Error('unknown phone cipher format');
  const decipher = createDecipheriv('aes-256-gcm', phoneKey(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Decrypts a member's phone for `purpose` by `actor`, logging the access first. */
export async function revealPhone(user: { _id: string; phoneCipher?: string | null }, actor: string, purpose: string, now: number): Promise<string | null> {
  if (!user.phoneCipher) return null;
  await logDataAccess({ userId: user._id, actor, data: 'phone', purpose, at: now });
  return decryptPhone(user.phoneCipher);
}
