/**
 * Positional update paths, resolved against the document before the update (as MongoDB does):
 * `arr.$.f` names the first element of `arr` that the update's query matched; `arr.$[].f` names every
 * element. `$[<identifier>]` needs `arrayFilters`, which the SDK cannot send, so it is refused.
 */
import { Query } from 'mingo';
import { isPlainObject } from './ejson';
import { getPath } from './values';
import { DbError, ErrorCodes } from './errors';

type Any = unknown;
type Doc = Record<string, Any>;

const fail = (msg: string): never => {
  throw new DbError(ErrorCodes.REQUEST_FAILED, msg);
};

export function hasPositional(path: string): boolean {
  return path.split('.').some((p) => p.startsWith('$'));
}

/**
 * The conditions `query` puts on the elements of the array at `arrayPath`, as a predicate on one element.
 * Keys `arrayPath.rest` become conditions on `rest`; `arrayPath: {$elemMatch}` and `arrayPath: value` apply
 * to the element itself. Null when the query says nothing about that array.
 */
function elementMatcher(query: Any, arrayPath: string): ((el: Any) => boolean) | null {
  const tests: Array<(el: Any) => boolean> = [];
  const visit = (q: Any): void => {
    if (!isPlainObject(q)) return;
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach(visit);
      else if (k.startsWith(arrayPath + '.')) {
        const sub = new Query({ [k.slice(arrayPath.length + 1)]: v } as Doc, {});
        tests.push((el) => isPlainObject(el) && sub.test(el));
      } else if (k === arrayPath) {
        const cond = isPlainObject(v) && '$elemMatch' in v ? v.$elemMatch : isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$')) ? v : { $eq: v };
        const onValue = isPlainObject(cond) && Object.keys(cond).every((x) => x.startsWith('$'));
        const sub = new Query((onValue ? { v: cond } : cond) as Doc, {});
        tests.push((el) => (onValue ? sub.test({ v: el }) : isPlainObject(el) && sub.test(el)));
      }
    }
  };
  visit(query);
  return tests.length ? (el) => tests.every((t) => t(el)) : null;
}

/** The concrete paths a (possibly positional) update path names in `doc`. */
export function expandPositional(doc: Doc, path: string, query: Any): string[] {
  const parts = path.split('.');
  const i = parts.findIndex((p) => p.startsWith('$'));
  if (i < 0) return [path];
  const prefix = parts.slice(0, i).join('.');
  const rest = parts.slice(i + 1).join('.');
  const join = (idx: number) => [prefix, String(idx), rest].filter(Boolean).join('.');
  const arr = getPath(doc, prefix);
  const seg = parts[i];
  if (seg === '$[]') {
    if (!Array.isArray(arr)) fail(`The path '${prefix}' must exist in the document in order to apply array updates.`);
    return (arr as Any[]).flatMap((_, idx) => expandPositional(doc, join(idx), query));
  }
  if (seg === '$') {
    if (parts.slice(i + 1).some((p) => p === '$')) fail(`Too many positional (i.e. '$') elements found in path '${path}'`);
    const match = elementMatcher(query, prefix);
    const idx = Array.isArray(arr) && match ? arr.findIndex(match) : -1;
    if (idx < 0) fail('The positional operator did not find the match needed from the query.');
    return [join(idx)];
  }
  if (/^\$\[[^\]]*\]$/.test(seg)) fail(`No array filter found for identifier '${seg.slice(2, -1)}' in path '${path}'`);
  return [path];
}
