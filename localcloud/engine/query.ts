/**
 * Query matching (mingo, with a fast path for flat scalar equality), MongoDB-style sorting,
 * projection, and extraction of equality conditions usable for index lookups.
 */
import { Query } from 'mingo';
import { isPlainObject } from './ejson';
import { collectValues, compareValues } from './values';
import { DbError, ErrorCodes } from './errors';
import { mingoContext, needsMingoContext, rewriteQueryExpr } from './expr';

type Any = unknown;
export type Doc = Record<string, Any>;
export type Matcher = (doc: Doc) => boolean;

const MATCH_ALL: Matcher = () => true;

function isScalar(v: Any): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Compiles a (decoded) MongoDB query into a predicate. Invalid operators throw `DbError`. */
export function compileQuery(query: Any): Matcher {
  if (query === undefined || query === null) return MATCH_ALL;
  if (!isPlainObject(query)) throw new DbError(ErrorCodes.INVALID_PARAM, 'query must be an object');
  const keys = Object.keys(query);
  if (keys.length === 0) return MATCH_ALL;
  // Fast path: {a: 1, b: 'x'} on top-level fields (arrays match when they contain the value).
  if (keys.every((k) => !k.startsWith('$') && !k.includes('.') && isScalar(query[k]))) {
    return (doc) => {
      for (const k of keys) {
        const want = query[k];
        const v = doc[k];
        if (v === want) continue;
        if (Array.isArray(v) && v.includes(want)) continue;
        return false;
      }
      return true;
    };
  }
  let q: Query;
  try {
    q = needsMingoContext(query) ? new Query(rewriteQueryExpr(query) as Record<string, Any>, { context: mingoContext }) : new Query(query as Record<string, Any>, {});
  } catch (e) {
    throw new DbError(ErrorCodes.INVALID_OPERATOR, `invalid query: ${(e as Error).message}`);
  }
  return (doc) => q.test(doc);
}

/**
 * Equality conditions at the top level of a query (and inside a top-level `$and`), as
 * `path → candidate values`. Any document matching the query has, at `path`, one of the values
 * (or an array containing one). Only scalars and dates are reported.
 */
export function equalityConditions(query: Any): Map<string, Any[]> {
  const out = new Map<string, Any[]>();
  const visit = (q: Any): void => {
    if (!isPlainObject(q)) return;
    for (const k of Object.keys(q)) {
      const v = q[k];
      if (k === '$and' && Array.isArray(v)) {
        v.forEach(visit);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isScalar(v) || v instanceof Date) {
        out.set(k, [v]);
      } else if (isPlainObject(v)) {
        if ('$eq' in v && (isScalar(v.$eq) || v.$eq instanceof Date)) out.set(k, [v.$eq]);
        else if (Array.isArray(v.$in) && v.$in.length <= 64 && v.$in.every((x) => isScalar(x) || x instanceof Date)) {
          out.set(k, v.$in as Any[]);
        }
      }
    }
  };
  visit(query);
  return out;
}

/** A sort spec as the SDK sends it: `{field: 1 | -1, ...}`, applied in key order. */
export type SortSpec = Record<string, number>;

function sortKey(doc: Doc, path: string, dir: number): Any {
  const vals = collectValues(doc, path);
  if (vals.length === 0) return null;
  const flat: Any[] = [];
  for (const v of vals) {
    if (Array.isArray(v)) {
      if (v.length === 0) flat.push(undefined);
      else flat.push(...v);
    } else flat.push(v);
  }
  let best = flat[0];
  for (let i = 1; i < flat.length; i++) {
    const c = compareValues(flat[i], best);
    if (dir > 0 ? c < 0 : c > 0) best = flat[i];
  }
  return best;
}

/**
 * Sorts documents MongoDB style (stable): null and missing fields first when ascending, numbers <
 * strings < objects < arrays < ObjectId < booleans < dates; arrays sort by their smallest element
 * ascending and their largest descending.
 */
export function sortDocs<T extends Doc>(docs: T[], spec: SortSpec | undefined): T[] {
  if (!spec) return docs;
  const fields = Object.keys(spec).map((f) => [f, Number(spec[f]) < 0 ? -1 : 1] as const);
  if (fields.length === 0) return docs;
  const keyed = docs.map((d, i) => ({ d, i, k: fields.map(([f, dir]) => sortKey(d, f, dir)) }));
  keyed.sort((a, b) => {
    for (let j = 0; j < fields.length; j++) {
      const c = compareValues(a.k[j], b.k[j]);
      if (c) return c * fields[j][1];
    }
    return a.i - b.i;
  });
  return keyed.map((x) => x.d);
}

/** Applies a MongoDB projection (`{a: 1}` include, `{a: 0}` exclude, `_id` included by default). */
export function project(doc: Doc, projection: Any): Doc {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return doc;
  try {
    const res = new Query({}, {}).find<Doc>([doc], projection as Record<string, Any>).all()[0] as Doc;
    // MongoDB returns _id first.
    return '_id' in res ? { _id: res._id, ...res } : res;
  } catch (e) {
    throw new DbError(ErrorCodes.INVALID_OPERATOR, `invalid projection: ${(e as Error).message}`);
  }
}
