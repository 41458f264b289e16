/**
 * Aggregation-expression semantics where mingo differs from the platform: the ordering comparisons
 * (`$lt $lte $gt $gte $cmp`, in `$expr` and in expression stages) compare in BSON order across types and
 * treat a missing field as null (so `{$lt: ['$missing', 5]}` is true, as on WeChat cloud; mingo answers
 * false). They are rewritten to a comparison operator of ours before mingo sees them; `{$trunc: x}` gets
 * the place mingo requires. The geo query operators are registered here too.
 */
import { Context } from 'mingo';
import { isPlainObject } from './ejson';
import { compareValues } from './values';
import { geoQueryOps } from './geo';

type Any = unknown;
type Options = Record<string, unknown>;

// `mingo/core` is in mingo's exports map, but our TS moduleResolution ("node") cannot see subpath exports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { evalExpr } = require('mingo/core') as { evalExpr: (obj: Any, expr: Any, options: Options) => Any };

const BSON_CMP = '$__bsonCmp';
const ORDERING = new Set(['$lt', '$lte', '$gt', '$gte', '$cmp']);

const bsonCmp = (obj: Any, expr: Any, options: Options) => {
  const [a, b] = evalExpr(obj, expr, options) as [Any, Any];
  return compareValues(a ?? null, b ?? null);
};

type ContextOps = NonNullable<Parameters<typeof Context.init>[0]>;
/**
 * Our operators, added to mingo's under names mingo does not have (mingo's own cannot be replaced):
 * the BSON-order comparison and the geo query operators (geo.ts).
 */
export const mingoContext = Context.init({
  expression: { [BSON_CMP]: bsonCmp } as unknown as ContextOps['expression'],
  query: geoQueryOps as unknown as ContextOps['query'],
});

/** Rewrites ordering comparisons of an aggregation expression (recursively) to BSON-order ones. */
export function rewriteExpression(e: Any): Any {
  if (Array.isArray(e)) return e.map(rewriteExpression);
  if (!isPlainObject(e)) return e;
  const keys = Object.keys(e);
  if (keys.length === 1 && ORDERING.has(keys[0]) && Array.isArray(e[keys[0]]) && (e[keys[0]] as Any[]).length === 2) {
    const op = keys[0];
    const cmp = { [BSON_CMP]: (e[op] as Any[]).map(rewriteExpression) };
    return op === '$cmp' ? cmp : { [op]: [cmp, 0] };
  }
  // MongoDB takes `{$trunc: x}` (place 0), which is what the SDK's `$.trunc(x)` sends; mingo wants `[x, place]`.
  if (keys.length === 1 && keys[0] === '$trunc') {
    const arg = e.$trunc;
    const args = Array.isArray(arg) ? (arg.length === 1 ? [arg[0], 0] : arg) : [arg, 0];
    return { $trunc: args.map(rewriteExpression) };
  }
  const out: Record<string, Any> = {};
  for (const k of keys) out[k] = rewriteExpression(e[k]);
  return out;
}

/** Rewrites the `$expr` parts of a query (top level and inside `$and`/`$or`/`$nor`). */
export function rewriteQueryExpr(q: Any): Any {
  if (!isPlainObject(q)) return q;
  let out: Record<string, Any> | null = null;
  for (const k of Object.keys(q)) {
    let v = q[k];
    if (k === '$expr') v = rewriteExpression(v);
    else if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v)) v = v.map(rewriteQueryExpr);
    else continue;
    out ??= { ...q };
    out[k] = v;
  }
  return out ?? q;
}

const OURS = new Set(['$expr', '$nearSphere', '$near', '$geoWithin', '$geoIntersects']);

/** True when a query needs `mingoContext` (building a mingo Query with a context costs; most do not). */
export function needsMingoContext(q: Any): boolean {
  if (Array.isArray(q)) return q.some(needsMingoContext);
  if (!isPlainObject(q)) return false;
  for (const k of Object.keys(q)) if (OURS.has(k) || needsMingoContext(q[k])) return true;
  return false;
}
