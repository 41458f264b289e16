/**
 * Collections and their indexes.
 *
 * Every collection has an implicit unique `_id_` index (the document map itself). Declared
 * indexes map an index key to the set of documents holding it, so equality lookups and unique
 * checks are O(1). Single-field indexes are multikey (an array value indexes the whole array
 * and each element, like MongoDB); compound indexes key on the whole value of each field. A
 * missing field indexes as `null`, so two documents lacking a uniquely indexed field collide,
 * as in MongoDB.
 */
import { EJSON } from 'bson';
import { isPlainObject } from './ejson';
import { collectValues, renderValue } from './values';
import { DbError, ErrorCodes } from './errors';
import type { Doc } from './query';

type Any = unknown;

/**
 * Index declaration as written in `database.json`: `keys` maps fields to `1`/`-1`, or to `"2dsphere"`
 * for a geo index (what `_.geoNear` and the `$geoNear` stage need, as on the platform).
 */
export interface IndexSpec {
  name: string;
  keys: Record<string, number | '2dsphere'>;
  unique?: boolean;
}

/** Stable key of a value for hashing; values equal under MongoDB equality share a key. */
export function valueKey(v: Any): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'number':
      return 'n' + v;
    case 'string':
      return 's' + v;
    case 'boolean':
      return v ? 'bt' : 'bf';
  }
  if (v instanceof Date) return 'd' + v.getTime();
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'ObjectId' || t === 'ObjectID') return 'o' + String(v);
  return 'j' + EJSON.stringify(v as object, { relaxed: false });
}

/** A stored document with its version (a global sequence number bumped on every write). */
export interface Entry {
  doc: Doc;
  version: number;
  /** Insertion sequence within the collection (natural order). */
  order: number;
}

/** A secondary index. */
export class Index {
  readonly fields: string[];
  readonly map = new Map<string, Set<string>>();
  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys);
    if (this.fields.length === 0) throw new Error(`index ${spec.name} has no keys`);
  }
  get unique(): boolean {
    return !!this.spec.unique;
  }
  /** A 2dsphere index: it enables geo queries; equality lookups never use it, so it keeps no keys. */
  get geo(): boolean {
    return Object.values(this.spec.keys).includes('2dsphere');
  }
  /** The index keys a document produces. */
  keysFor(doc: Doc): string[] {
    if (this.geo) return [];
    if (this.fields.length === 1) {
      const vals = collectValues(doc, this.fields[0]);
      if (vals.length === 0) return ['z'];
      const keys = new Set<string>();
      for (const v of vals) {
        keys.add(valueKey(v));
        if (Array.isArray(v)) for (const el of v) keys.add(valueKey(el));
      }
      return [...keys];
    }
    return [this.fields.map((f) => valueKey(collectValues(doc, f)[0])).join('\u0000')];
  }
  add(idk: string, doc: Doc): void {
    for (const k of this.keysFor(doc)) {
      let s = this.map.get(k);
      if (!s) this.map.set(k, (s = new Set()));
      s.add(idk);
    }
  }
  remove(idk: string, doc: Doc): void {
    for (const k of this.keysFor(doc)) {
      const s = this.map.get(k);
      if (s) {
        s.delete(idk);
        if (s.size === 0) this.map.delete(k);
      }
    }
  }
  /** `{ a: 1, b: "x" }` rendering of a document's key, for E11000 messages. */
  describe(doc: Doc): string {
    return `{ ${this.fields.map((f) => `${f}: ${renderValue(collectValues(doc, f)[0] ?? null)}`).join(', ')} }`;
  }
}

/** Key of an `_id` in the document map. */
export function idKey(id: Any): string {
  return valueKey(id);
}

/** One collection: documents in insertion order plus indexes. */
export class Collection {
  readonly docs = new Map<string, Entry>();
  readonly indexes: Index[] = [];
  nextOrder = 0;
  constructor(readonly name: string) {}

  index(name: string): Index | undefined {
    return this.indexes.find((i) => i.spec.name === name);
  }

  /** Single-field index on exactly `path`, if any. */
  indexOn(path: string): Index | undefined {
    return this.indexes.find((i) => i.fields.length === 1 && i.fields[0] === path && !i.geo);
  }

  /** Fields with a 2dsphere index. */
  geoFields(): string[] {
    return this.indexes.filter((i) => i.geo).flatMap((i) => i.fields.filter((f) => i.spec.keys[f] === '2dsphere'));
  }

  /** Adds (or replaces) an index and builds it; throws a duplicate-key `DbError` if unique data collides. */
  addIndex(spec: IndexSpec): void {
    const idx = new Index({ name: spec.name, keys: { ...spec.keys }, unique: !!spec.unique });
    for (const [idk, e] of this.docs) {
      if (idx.unique) {
        for (const k of idx.keysFor(e.doc)) {
          if (idx.map.get(k)?.size) throw duplicateKey(this.name, idx, e.doc);
        }
      }
      idx.add(idk, e.doc);
    }
    const i = this.indexes.findIndex((x) => x.spec.name === spec.name);
    if (i >= 0) this.indexes.splice(i, 1, idx);
    else this.indexes.push(idx);
  }

  specs(): IndexSpec[] {
    return this.indexes.map((i) => ({ ...i.spec, keys: { ...i.spec.keys } }));
  }

  /**
   * Candidate documents for a query with the given equality conditions: the smallest index
   * hit, or every document when no condition is indexed. The result is a superset of matches.
   */
  candidates(eq: Map<string, Any[]>): Iterable<[string, Entry]> {
    let best: string[] | undefined;
    for (const [path, values] of eq) {
      let ids: string[] | undefined;
      if (path === '_id') {
        ids = values.map(idKey).filter((k) => this.docs.has(k));
      } else {
        const idx = this.indexOn(path);
        if (!idx) continue;
        const set = new Set<string>();
        for (const v of values) for (const k of idx.map.get(valueKey(v)) ?? []) set.add(k);
        ids = [...set];
      }
      if (!best || ids.length < best.length) best = ids;
      if (best.length === 0) break;
    }
    if (!best) return this.docs;
    // Keep insertion order for determinism when several ids come back.
    const entries: Array<[string, Entry]> = [];
    for (const k of best) {
      const e = this.docs.get(k);
      if (e) entries.push([k, e]);
    }
    if (entries.length > 1) entries.sort((a, b) => a[1].order - b[1].order);
    return entries;
  }
}

/** MongoDB's E11000 error as CloudBase reports it (code DATABASE_REQUEST_FAILED). */
export function duplicateKey(coll: string, idx: Index | '_id_', doc: Doc): DbError {
  const name = idx === '_id_' ? '_id_' : idx.spec.name;
  const key = idx === '_id_' ? `{ _id: ${renderValue(doc._id)} }` : idx.describe(doc);
  return new DbError(ErrorCodes.REQUEST_FAILED, `E11000 duplicate key error collection: ${coll} index: ${name} dup key: ${key}`);
}

/** One document change of an atomic batch. `before`/`after` null mean absent. */
export interface Change {
  coll: Collection;
  idk: string;
  before: Doc | null;
  after: Doc | null;
}

/**
 * Checks a batch against every unique index (and `_id` uniqueness for inserts), as if all
 * changes were applied at once. Throws the E11000 `DbError` of the first violation.
 */
export function validateBatch(changes: Change[]): void {
  const byColl = new Map<Collection, Change[]>();
  for (const c of changes) {
    let l = byColl.get(c.coll);
    if (!l) byColl.set(c.coll, (l = []));
    l.push(c);
  }
  for (const [coll, list] of byColl) {
    const changed = new Set(list.map((c) => c.idk));
    const seenIds = new Set<string>();
    for (const c of list) {
      if (c.after && seenIds.has(c.idk)) throw duplicateKey(coll.name, '_id_', c.after);
      if (c.after) seenIds.add(c.idk);
    }
    for (const idx of coll.indexes) {
      if (!idx.unique) continue;
      const seen = new Map<string, string>();
      for (const c of list) {
        if (!c.after) continue;
        for (const k of idx.keysFor(c.after)) {
          const other = seen.get(k);
          if (other !== undefined && other !== c.idk) throw duplicateKey(coll.name, idx, c.after);
          seen.set(k, c.idk);
          for (const holder of idx.map.get(k) ?? []) {
            if (holder !== c.idk && !changed.has(holder)) throw duplicateKey(coll.name, idx, c.after);
          }
        }
      }
    }
  }
}

/** Applies a validated batch: updates documents and indexes and stamps `version`. */
export function applyBatch(changes: Change[], version: number): void {
  for (const c of changes) {
    const cur = c.coll.docs.get(c.idk);
    if (cur) for (const idx of c.coll.indexes) idx.remove(c.idk, cur.doc);
    if (c.after) {
      if (cur) {
        cur.doc = c.after;
        cur.version = version;
      } else c.coll.docs.set(c.idk, { doc: c.after, version, order: c.coll.nextOrder++ });
      for (const idx of c.coll.indexes) idx.add(c.idk, c.after);
    } else if (cur) c.coll.docs.delete(c.idk);
  }
}

export { isPlainObject };
