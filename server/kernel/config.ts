/**
 * Operator configuration (promotions, the tier table, shipping, risk rules, the commission plan) read
 * through a per-instance cache that ONE version document invalidates at once.
 *
 * - `settings/config_version {v}` is bumped by every operator write that changes configuration, in the same
 *   transaction as the change (`changeConfig`), so a reader never sees the new version with the old value.
 * - A request reads the version once (the first `configured()` call of the request sends it; later calls
 *   share it) and reuses what this instance loaded for that version; a different version drops the lot. A
 *   change therefore applies to the very next request in every function instance, and an unchanged
 *   configuration costs one point read per request, sent alongside the request's other first reads.
 * - Loads start only after the version is known: what is cached under version v was read after v was
 *   committed, so it is never older than v (a newer value is harmless: the next version reloads it).
 *
 * Writing configuration documents any other way (a console edit, a script) must also bump the version.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { findById, transaction, type Tx } from './db';

export const CONFIG_VERSION = { collection: 'settings', id: 'config_version' } as const;

interface VersionDoc { v: number; at?: number }

/** Per request: the version it read (one read, shared by every configured() of the request). */
const request = new AsyncLocalStorage<{ version?: Promise<number> }>();

/** What this instance loaded, for one version. */
let cache: { version: number; values: Map<string, Promise<unknown>> } | null = null;

/** Runs `fn` as one request: configuration read inside sees one version (the router wraps every call). */
export function configScope<T>(fn: () => Promise<T>): Promise<T> {
  return request.run({}, fn);
}

/** Reads the version document (outside any request's sharing: `configVersion` is what requests use). */
export async function readConfigVersion(): Promise<number> {
  return (await findById<VersionDoc>(CONFIG_VERSION.collection, CONFIG_VERSION.id))?.v ?? 0;
}

/** The configuration version this request runs with (read on first use in the request). */
export function configVersion(): Promise<number> {
  const scope = request.getStore();
  if (!scope) return readConfigVersion();
  return (scope.version ??= readConfigVersion());
}

/**
 * Hands the request a version it read (or is reading) along with something else (an aggregate that looks up
 * `settings/config_version`): configuration read later in the request uses it instead of reading it again.
 */
export function useConfigVersion(version: number | Promise<number>): void {
  const scope = request.getStore();
  if (scope && !scope.version) scope.version = Promise.resolve(version);
}

/**
 * The value of configuration `key` for this request: from this instance's cache when it was loaded for the
 * current version, else `load()` (once per version and instance, however many requests ask at once).
 */
export async function configured<T>(key: string, load: () => Promise<T>): Promise<T> {
  const version = await configVersion();
  if (!cache || version > cache.version) cache = { version, values: new Map() };
  // A request that read an older version than the cache holds (it started before a change) loads for itself.
  if (version < cache.version) return load();
  const values = cache.values;
  let value = values.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    values.set(key, value);
    // A failed load is not cached: the next request tries again.
    value.catch(() => values.get(key) === value && values.delete(key));
  }
  return value;
}

/** Bumps the version inside `tx` (the transaction that changes configuration). */
export async function bumpConfigVersion(tx: Tx, now: number): Promise<void> {
  const ref = tx.collection(CONFIG_VERSION.collection).doc<VersionDoc>(CONFIG_VERSION.id);
  const current = await ref.get();
  await ref.set({ v: (current?.v ?? 0) + 1, at: now });
}

/** Changes configuration: runs `body` and bumps the version in one transaction, so the change applies at once everywhere. */
export function changeConfig<T>(now: number, body: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(async (tx) => {
    const out = await body(tx);
    await bumpConfigVersion(tx, now);
    return out;
  });
}

/** Forgets what this instance cached (tests simulate a fresh instance with it). */
export function dropConfigCache(): void {
  cache = null;
}
