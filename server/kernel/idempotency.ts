/**
 * "The same caller repeating it gets the first answer again and nothing happens twice", and "an
 * idempotencyKey reused by the same caller for a different request is refused with INVALID_ARGUMENT".
 *
 * `once` runs a creating action inside one transaction together with the record of its answer, keyed by
 * (scope, caller, idempotencyKey). A repeat finds the record and gets the stored answer; two identical
 * requests racing conflict on that record, and the loser's retry finds the winner's answer. Only successes
 * are stored: a refused request wrote nothing, so repeating it simply asks again.
 *
 * Every record also keeps the request's fingerprints (`fp`): by default the one the router computed for
 * this call (a hash of the function, the action and the canonical validated request without its
 * `idempotencyKey`, see `requestFingerprint`). A repeat whose fingerprints share none with the stored ones
 * is another request under a used key: INVALID_ARGUMENT, nothing happens. An action whose request names a
 * thing indirectly (a member code that rotates) adds a fingerprint of what it resolved to, so a retry
 * with a fresh code of the same member is still the same request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { stableId } from '../../domain/kernel/ids';
import { findById, transaction, type Tx } from './db';
import { fail } from './errors';

interface IdempotencyRecord<T> {
  scope: string;
  userId: string;
  answer: T;
  /** Fingerprints of the request first answered (absent on records written before fingerprints). */
  fp?: string[];
  createdAt: number;
}

/** JSON with object keys sorted at every level, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** A stable hash of `parts` (canonical JSON): the fingerprint of a request or of what it resolved to. */
export function fingerprintOf(...parts: unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 32);
}

const current = new AsyncLocalStorage<{ fingerprint: string }>();

/** Runs `body` with the fingerprint of the request being served (the router does this for every action). */
export function withRequest<T>(name: string, request: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const { idempotencyKey: _key, ...rest } = request;
  return current.run({ fingerprint: fingerprintOf(name, rest) }, body);
}

/** The fingerprints of the request being served ([] outside a request, e.g. in a timer). */
export function requestFingerprint(): string[] {
  const fp = current.getStore()?.fingerprint;
  return fp ? [fp] : [];
}

export function idempotencyId(scope: string, callerId: string, key: string): string {
  return stableId('idem', scope, callerId, key);
}

/** The stored answer, or INVALID_ARGUMENT when it answered another request (no fingerprint in common). */
export function answerFor<T>(record: { answer: T; fp?: string[] }, fp: string[]): T {
  if (!sameRequest(record.fp, fp)) throw fail('INVALID_ARGUMENT', 'this idempotencyKey was already used for a different request');
  return record.answer;
}

/** Do two fingerprint lists name the same request? Unknown (missing or empty) on either side counts as yes. */
export function sameRequest(stored: string[] | undefined, asked: string[]): boolean {
  if (!stored || stored.length === 0 || asked.length === 0) return true;
  return asked.some((f) => stored.includes(f));
}

export async function once<T>(
  scope: string,
  callerId: string,
  key: string,
  now: number,
  body: (tx: Tx) => Promise<T>,
  fp: string[] = requestFingerprint(),
): Promise<T> {
  const id = idempotencyId(scope, callerId, key);
  // No read before the transaction: it reads the record first anyway, so a first call (the common case)
  // saves a round trip and a repeat costs a read-only transaction.
  return transaction(async (tx) => {
    const record = tx.collection('idempotency').doc<IdempotencyRecord<T>>(id);
    const again = await record.get();
    if (again) return answerFor(again, fp);
    const answer = await body(tx);
    await record.set({ scope, userId: callerId, answer, fp, createdAt: now });
    return answer;
  });
}

/**
 * For actions that cannot run in one transaction (they reserve stock with conditional updates first):
 * returns the stored answer if this key was already answered, else null; INVALID_ARGUMENT when the key
 * answered a different request. Pair with `remember`.
 */
export async function recall<T>(scope: string, callerId: string, key: string, fp: string[] = requestFingerprint()): Promise<T | null> {
  const seen = await findById<IdempotencyRecord<T>>('idempotency', idempotencyId(scope, callerId, key));
  return seen ? answerFor(seen, fp) : null;
}

/** Stores an answer inside the transaction that makes the action's final write. */
export async function remember<T>(tx: Tx, scope: string, callerId: string, key: string, now: number, answer: T, fp: string[] = requestFingerprint()): Promise<void> {
  await tx.collection('idempotency').doc(idempotencyId(scope, callerId, key)).set({ scope, userId: callerId, answer, fp, createdAt: now });
}
