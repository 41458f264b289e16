/**
 * A tamper-evident (hash-chained) ledger: every entry carries its position `seq` (1, 2, 3, ...), the
 * previous entry's hash and its own hash = SHA-256(canonical(fields) + "\n" + prevHash). Changing any
 * field of any entry, removing one or reordering them breaks the chain at that entry, and `verifyChain`
 * reports the first `seq` where it breaks. Pure (no clock, no randomness).
 */
import { createHash } from 'node:crypto';

/** The hash before the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  /** The seq of the last entry (0 before any). */
  seq: number;
  hash: string;
}

export const emptyHead = (): ChainHead => ({ seq: 0, hash: GENESIS_HASH });

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/**
 * A canonical encoding: JSON with object keys sorted at every depth and `undefined` fields dropped, so the
 * same fields always give the same bytes whatever order they were written in (the database may reorder).
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('canonical: non-finite number');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, Json | undefined>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

/** SHA-256 (hex) of an entry's fields chained to the previous hash. */
export function entryHash(fields: Record<string, unknown>, prevHash: string): string {
  return createHash('sha256').update(`${canonical(fields)}\n${prevHash}`).digest('hex');
}

export interface Chained<F> {
  seq: number;
  prevHash: string;
  hash: string;
  fields: F;
}

/** The next entry after `head`, and the new head. */
export function appendEntry<F extends Record<string, unknown>>(head: ChainHead, fields: F): { entry: Chained<F>; head: ChainHead } {
  const seq = head.seq + 1;
  const hash = entryHash({ ...fields, seq }, head.hash);
  return { entry: { seq, prevHash: head.hash, hash, fields }, head: { seq, hash } };
}

export type ChainBreak = 'gap' | 'link' | 'hash' | 'head';
export type Verification =
  | { ok: true; count: number; head: ChainHead }
  | { ok: false; count: number; brokenAtSeq: number; reason: ChainBreak };

/**
 * Checks a whole chain. `entries` may come in any order (they are sorted by seq); `head`, when given, is
 * the head stored elsewhere (the partner doc) and must match the last entry, so a truncated tail is found.
 * Reasons: `gap` (a seq is missing or repeated), `link` (prevHash differs from the previous entry's hash),
 * `hash` (an entry's fields do not hash to its hash: edited), `head` (the stored head disagrees).
 */
export function verifyChain<F extends Record<string, unknown>>(entries: readonly Chained<F>[], head?: ChainHead): Verification {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prev = emptyHead();
  for (const e of sorted) {
    const expectedSeq = prev.seq + 1;
    if (e.seq !== expectedSeq) return { ok: false, count: sorted.length, brokenAtSeq: expectedSeq, reason: 'gap' };
    if (e.prevHash !== prev.hash) return { ok: false, count: sorted.length, brokenAtSeq: e.seq, reason: 'link' };
    if (entryHash({ ...e.fields, seq: e.seq }, e.prevHash) !== e.hash) return { ok: false, count: sorted.length, brokenAtSeq: e.seq, reason: 'hash' };
    prev = { seq: e.seq, hash: e.hash };
  }
  if (head && (head.seq !== prev.seq || head.hash !== prev.hash)) {
    return { ok: false, count: sorted.length, brokenAtSeq: Math.min(head.seq, prev.seq) + 1, reason: 'head' };
  }
  return { ok: true, count: sorted.length, head: prev };
}
