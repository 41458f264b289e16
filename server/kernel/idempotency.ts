/**
 * "The same caller repeating it gets the first answer again and nothing happens twice."
 *
 * `once` runs a creating action inside one transaction together with the record of its answer, keyed by
 * (scope, caller, idempotencyKey). A repeat finds the record and gets the stored answer; two identical
 * requests racing conflict on that record, and the loser's retry finds the winner's answer. Only successes
 * are stored: a refused request wrote nothing, so repeating it simply asks again.
 */
import { stableId } from '../../domain/kernel/ids';
import { findById, transaction, type Tx } from './db';

interface IdempotencyRecord<T> {
  scope: string;
  userId: string;
  answer: T;
  createdAt: number;
}

export function idempotencyId(scope: string, callerId: string, key: string): string {
  return stableId('idem', scope, callerId, key);
}

export async function once<T>(
  scope: string,
  callerId: string,
  key: string,
  now: number,
  body: (tx: Tx) => Promise<T>,
): Promise<T> {
  const id = idempotencyId(scope, callerId, key);
  const seen = await findById<IdempotencyRecord<T>>('idempotency', id);
  if (seen) return seen.answer;
  return transaction(async (tx) => {
    const record = tx.collection('idempotency').doc<IdempotencyRecord<T>>(id);
    const again = await record.get();
    if (again) return again.answer;
    const answer = await body(tx);
    await record.set({ scope, userId: callerId, answer, createdAt: now });
    return answer;
  });
}

/**
 * For actions that cannot run in one transaction (they reserve stock with conditional updates first):
 * returns the stored answer if this key was already answered, else null. Pair with `remember`.
 */
export async function recall<T>(scope: string, callerId: string, key: string): Promise<T | null> {
  const seen = await findById<IdempotencyRecord<T>>('idempotency', idempotencyId(scope, callerId, key));
  return seen ? seen.answer : null;
}

/** Stores an answer inside the transaction that makes the action's final write. */
export async function remember<T>(tx: Tx, scope: string, callerId: string, key: string, now: number, answer: T): Promise<void> {
  await tx.collection('idempotency').doc(idempotencyId(scope, callerId, key)).set({ scope, userId: callerId, answer, createdAt: now });
}
