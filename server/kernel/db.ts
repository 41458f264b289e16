/**
 * Database access for handlers: the SDK's database, plus a transaction wrapper that
 * - exposes only what the platform really runs inside a transaction (`add`, `doc().get/set/update/remove`):
 *   `where().update()` on a transaction is silently sent outside it by the SDK, so it is not offered;
 * - retries on conflict with jittered backoff beyond the SDK's three immediate tries.
 * The callback may run several times: it must only read and write through `tx` and decide from what it read.
 */
import { platform } from './platform';

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The promise-style subset of the SDK's database we use, typed plainly (the SDK's own typings mix in
 * callback overloads that make every result a union with void).
 */
export interface Query {
  where(query: Record<string, unknown>): Query;
  orderBy(field: string, direction: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: Record<string, boolean | number>): Query;
  get(): Promise<{ data: any[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}
export interface DocRef {
  get(): Promise<{ data: any }>;
  set(options: { data: Record<string, unknown> }): Promise<{ _id: string; stats: { updated: number; created: number } }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
  field(projection: Record<string, boolean | number>): DocRef;
}
export interface CollectionRef extends Query {
  doc(id: string): DocRef;
  add(options: { data: Record<string, unknown> }): Promise<{ _id: string }>;
  aggregate(): any;
}
export interface Database {
  collection(name: string): CollectionRef;
  command: any;
  serverDate(options?: { offset?: number }): unknown;
  runTransaction(body: (t: unknown) => Promise<unknown>, retries?: number): Promise<unknown>;
  createCollection(name: string): Promise<unknown>;
}

let cached: Database | null = null;

export function db(): Database {
  // Missing documents read as null rather than throwing: absence is an ordinary answer here.
  if (!cached) cached = (platform().database as (config: object) => unknown)({ throwOnNotFound: false }) as Database;
  return cached;
}

export const command = (): any => db().command;

export type Doc = Record<string, unknown> & { _id: string };

export interface TxDoc<T> {
  /** The document, or null when it does not exist. */
  get(): Promise<(T & { _id: string }) | null>;
  set(data: Omit<T, '_id'>): Promise<void>;
  /** `updated`: 1 when the document changed, 0 when it does not exist (or the update changed nothing). */
  update(data: Record<string, unknown>): Promise<{ updated: number }>;
  remove(): Promise<void>;
}
export interface TxCollection {
  add(data: Record<string, unknown>): Promise<string>;
  doc<T = Doc>(id: string): TxDoc<T>;
}
export interface Tx {
  collection(name: string): TxCollection;
  /**
   * Sends `write` (outside the transaction, and idempotent: an insert under a derived id) in the same round trip
   * as the commit: it departs once the body has finished, with the commit, and is awaited after it. A failed
   * write is logged, not thrown (the transaction committed). Only for a record that may, rarely, outlive a
   * transaction whose commit then failed for good or never arrived (an analytics event); never for money,
   * stock or points, which are written in the transaction.
   */
  withCommit(write: () => Promise<unknown>): void;
}

interface SdkTransaction {
  collection(name: string): {
    add(o: { data: Record<string, unknown> }): Promise<{ _id: string }>;
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(o: { data: unknown }): Promise<unknown>;
      update(o: { data: unknown }): Promise<{ stats?: { updated?: number } }>;
      remove(): Promise<unknown>;
    };
  };
}

function wrap(t: SdkTransaction, alongside: (() => Promise<unknown>)[]): Tx {
  return {
    withCommit(write) {
      alongside.push(write);
    },
    collection(name) {
      const c = t.collection(name);
      return {
        async add(data) {
          return (await c.add({ data }))._id;
        },
        doc<T>(id: string): TxDoc<T> {
          const d = c.doc(id);
          return {
            async get() {
              const res = await d.get();
              return (res.data ?? null) as (T & { _id: string }) | null;
            },
            async set(data) {
              await d.set({ data });
            },
            async update(data) {
              const res = await d.update({ data });
              if (typeof res.stats?.updated !== 'number') throw new Error(`update of ${name}/${id} answered no count`);
              return { updated: res.stats.updated };
            },
            async remove() {
              await d.remove();
            },
          };
        },
      };
    },
  };
}

export function isConflict(err: unknown): boolean {
  return !!err && (err as { code?: string }).code === 'DATABASE_TRANSACTION_CONFLICT';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `body` in a database transaction, retrying conflicts up to `attempts` times with jittered
 * exponential backoff (5 ms .. ~300 ms). A `Failure` thrown by the body aborts and propagates.
 */
export async function transaction<T>(body: (tx: Tx) => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // What the body asked to send with the commit (`withCommit`): started when the body is done, just before the SDK commits.
    let sent: Promise<unknown>[] = [];
    try {
      const out = (await db().runTransaction(async (t: unknown) => {
        const alongside: (() => Promise<unknown>)[] = [];
        const answer = await body(wrap(t as SdkTransaction, alongside));
        sent = alongside.map((w) => w().catch((e: unknown) => console.error('[db] a write sent with a commit failed', e)));
        return answer;
      }, 0)) as T;
      await Promise.all(sent);
      return out;
    } catch (err) {
      await Promise.all(sent);
      if (!isConflict(err) || attempt >= attempts) throw err;
      const cap = Math.min(300, 5 * 2 ** attempt);
      await sleep(Math.floor(Math.random() * cap));
    }
  }
}

/**
 * Starts a read now to use it later (e.g. the member, read while a transaction starts: one round trip for
 * both). Its failure is kept and thrown where the answer is asked for, never left unhandled.
 */
export function readAhead<T>(read: Promise<T>): () => Promise<T> {
  const settled = read.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  return async () => {
    const r = await settled;
    if (!r.ok) throw r.error;
    return r.value;
  };
}

/** Reads one document by id outside a transaction; null when missing. */
export async function findById<T = Doc>(collection: string, id: string): Promise<(T & { _id: string }) | null> {
  const res = await db().collection(collection).doc(id).get();
  return (res.data ?? null) as (T & { _id: string }) | null;
}

/** Documents by id, as a map, in as few requests as it takes (500 ids a request). Missing ids are absent. */
export async function findByIds<T extends { _id: string }>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const { data } = await db().collection(collection).where({ _id: db().command.in(unique.slice(i, i + 500)) }).limit(1000).get();
    for (const d of data as T[]) out.set(d._id, d);
  }
  return out;
}
