/**
 * MongoDB update operators applied to a copy of a document.
 *
 * Supported: $set $unset $inc $mul $min $max $rename $push($each $position $slice $sort)
 * $pull(value | condition) $pullAll $addToSet($each) $pop $currentDate, on dotted paths
 * (intermediate objects are created), with positional paths `a.$.f` and `a.$[].f` (positional.ts).
 * Errors follow MongoDB's wording and throw `DbError`.
 */
import { Query } from 'mingo';
import { isPlainObject } from './ejson';
import { clone, compareValues, renderValue, typeName, valuesEqual } from './values';
import { DbError, ErrorCodes } from './errors';
import { Doc, sortDocs } from './query';
import { expandPositional, hasPositional } from './positional';

type Any = unknown;
type Container = Record<string, Any> | Any[];

const OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$currentDate']);

/** True when `update` is an operator document (`{$set: ...}`) rather than a replacement. */
export function isOperatorUpdate(update: Doc): boolean {
  return Object.keys(update).some((k) => k.startsWith('$'));
}

function fail(msg: string): never {
  throw new DbError(ErrorCodes.REQUEST_FAILED, msg);
}

function idOf(doc: Doc): string {
  return `{ _id: ${renderValue(doc._id)} }`;
}

function isIndex(p: string): boolean {
  return /^\d+$/.test(p);
}

/** Walks to the parent of the last path part. With `create`, missing objects are created. */
function parentOf(doc: Doc, parts: string[], create: boolean): Container | null {
  let cur: Any = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    let next: Any;
    if (Array.isArray(cur)) {
      if (!isIndex(p)) {
        if (!create) return null;
        fail(`Cannot create field '${p}' in element {${parts[i - 1] ?? ''}: ${renderValue(cur)}}`);
      }
      next = cur[Number(p)];
      if (next === undefined) {
        if (!create) return null;
        while (cur.length < Number(p)) cur.push(null);
        next = {};
        cur[Number(p)] = next;
      }
    } else if (isPlainObject(cur)) {
      next = cur[p];
      if (next === undefined) {
        if (!create) return null;
        next = {};
        cur[p] = next;
      }
    } else {
      return null;
    }
    if (!Array.isArray(next) && !isPlainObject(next)) {
      if (!create) return null;
      fail(`Cannot create field '${parts[i + 1]}' in element {${p}: ${renderValue(next)}}`);
    }
    cur = next;
  }
  return cur as Container;
}

function getIn(c: Container, key: string): Any {
  if (Array.isArray(c)) return isIndex(key) ? c[Number(key)] : undefined;
  return Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined;
}

function setIn(c: Container, key: string, v: Any, path: string): void {
  if (Array.isArray(c)) {
    if (!isIndex(key)) fail(`Cannot create field '${key}' in element {${path}: ${renderValue(c)}}`);
    const idx = Number(key);
    while (c.length < idx) c.push(null);
    c[idx] = v;
  } else c[key] = v;
}

function unsetIn(c: Container, key: string): void {
  if (Array.isArray(c)) {
    if (isIndex(key) && Number(key) < c.length) c[Number(key)] = null;
  } else delete c[key];
}

function requireArray(v: Any, path: string, doc: Doc, op: string): Any[] {
  if (!Array.isArray(v)) {
    if (op === '$pull' || op === '$pullAll' || op === '$pop') fail(`Cannot apply ${op} to a non-array value`);
    fail(`The field '${path}' must be an array but is of type ${typeName(v)} in document ${idOf(doc)}`);
  }
  return v;
}

function pullMatcher(cond: Any): (el: Any) => boolean {
  if (isPlainObject(cond) && Object.keys(cond).length > 0) {
    const keys = Object.keys(cond);
    if (keys.every((k) => k.startsWith('$'))) {
      const q = new Query({ v: cond }, {});
      return (el) => q.test({ v: el });
    }
    const q = new Query(cond, {});
    return (el) => isPlainObject(el) && q.test(el);
  }
  if (cond instanceof RegExp) return (el) => typeof el === 'string' && cond.test(el);
  return (el) => valuesEqual(el, cond);
}

/**
 * Returns a new document with the operator update applied; `doc` is not modified. `query` is the
 * update's query, which `$` in a path refers to. Throws `DbError` for unknown operators, `_id` changes,
 * conflicting paths and type errors.
 */
export function applyUpdate(doc: Doc, update: Doc, nowMs: number, query?: unknown): Doc {
  const ops: Array<[string, string, Any]> = [];
  for (const op of Object.keys(update)) {
    if (!op.startsWith('$')) fail(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update`);
    if (!OPERATORS.has(op)) throw new DbError(ErrorCodes.INVALID_OPERATOR, `Unknown modifier: ${op}`);
    const args = update[op];
    if (!isPlainObject(args)) fail(`Modifiers operate on fields but we found type ${typeName(args)} instead: ${op}`);
    for (const path of Object.keys(args)) {
      if (path === '' || path.split('.').some((p) => p === '')) fail(`The update path '${path}' contains an empty field name, which is not allowed.`);
      if (hasPositional(path)) {
        if (op === '$rename') fail(`The source field for $rename may not be dynamic: ${path}`);
        for (const concrete of expandPositional(doc, path, query)) ops.push([op, concrete, args[path]]);
        continue;
      }
      ops.push([op, path, args[path]]);
      if (op === '$rename') {
        if (typeof args[path] !== 'string') fail(`The 'to' field for $rename must be a string: ${path}: ${renderValue(args[path])}`);
        ops.push(['$rename-to', args[path] as string, path]);
      }
    }
  }
  const paths = ops.map((o) => o[1]);
  for (const p of paths) {
    if (p === '_id' || p.startsWith('_id.')) fail(`Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a === b || b.startsWith(a + '.')) fail(`Updating the path '${b}' would create a conflict at '${a}'`);
  }

  const out = clone(doc);
  for (const [op, path, arg] of ops) {
    if (op === '$rename-to') continue;
    const parts = path.split('.');
    const last = parts[parts.length - 1];
    const readOnly = op === '$unset' || op === '$pop' || op === '$pull' || op === '$pullAll' || op === '$rename';
    const parent = parentOf(out, parts, !readOnly);
    if (!parent) continue;
    const cur = getIn(parent, last);
    switch (op) {
      case '$set':
        setIn(parent, last, clone(arg), path);
        break;
      case '$unset':
        unsetIn(parent, last);
        break;
      case '$currentDate':
        setIn(parent, last, new Date(nowMs), path);
        break;
      case '$inc':
      case '$mul': {
        if (typeof arg !== 'number') fail(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${renderValue(arg)}}`);
        if (cur === undefined) setIn(parent, last, op === '$inc' ? arg : 0, path);
        else if (typeof cur !== 'number') {
          fail(`Cannot apply ${op} to a value of non-numeric type. ${idOf(doc)} has the field '${last}' of non-numeric type ${typeName(cur)}`);
        } else setIn(parent, last, op === '$inc' ? cur + arg : cur * arg, path);
        break;
      }
      case '$min':
      case '$max': {
        const c = cur === undefined ? 0 : compareValues(arg, cur);
        if (cur === undefined || (op === '$min' ? c < 0 : c > 0)) setIn(parent, last, clone(arg), path);
        break;
      }
      case '$rename': {
        if (cur === undefined) break;
        unsetIn(parent, last);
        const to = (arg as string).split('.');
        const toParent = parentOf(out, to, true)!;
        setIn(toParent, to[to.length - 1], cur, arg as string);
        break;
      }
      case '$push': {
        const arr = cur === undefined ? [] : requireArray(cur, path, doc, op);
        let each: Any[] = [arg];
        let position: number | undefined;
        let slice: number | undefined;
        let sort: Any;
        if (isPlainObject(arg) && '$each' in arg) {
          if (!Array.isArray(arg.$each)) fail(`The argument to $each in $push must be an array but it was of type: ${typeName(arg.$each)}`);
          each = arg.$each;
          for (const k of Object.keys(arg)) {
            if (!['$each', '$position', '$slice', '$sort'].includes(k)) fail(`Unrecognized clause in $push: ${k}`);
          }
          if (arg.$position !== undefined) {
            if (typeof arg.$position !== 'number' || !Number.isInteger(arg.$position)) fail('The value for $position must be an integer value');
            position = arg.$position;
          }
          if (arg.$slice !== undefined) {
            if (typeof arg.$slice !== 'number' || !Number.isInteger(arg.$slice)) fail('The value for $slice must be an integer value');
            slice = arg.$slice;
          }
          sort = arg.$sort;
        }
        const items = each.map(clone);
        let pos = position === undefined ? arr.length : position < 0 ? Math.max(0, arr.length + position) : Math.min(position, arr.length);
        const next = [...arr.slice(0, pos), ...items, ...arr.slice(pos)];
        pos = 0;
        let result = next;
        if (sort !== undefined) {
          if (isPlainObject(sort)) {
            result = sortDocs(result.map((v) => (isPlainObject(v) ? v : {})) as Doc[], sort as Record<string, number>);
          } else {
            const dir = Number(sort) < 0 ? -1 : 1;
            result = [...result].sort((a, b) => compareValues(a, b) * dir);
          }
        }
        if (slice !== undefined) result = slice >= 0 ? result.slice(0, slice) : result.slice(Math.max(0, result.length + slice));
        setIn(parent, last, result, path);
        break;
      }
      case '$addToSet': {
        const arr = cur === undefined ? [] : [...requireArray(cur, path, doc, op)];
        let each: Any[] = [arg];
        if (isPlainObject(arg) && '$each' in arg) {
          if (!Array.isArray(arg.$each)) fail(`The argument to $each in $addToSet must be an array but it was of type ${typeName(arg.$each)}`);
          each = arg.$each;
        }
        for (const v of each) if (!arr.some((x) => valuesEqual(x, v))) arr.push(clone(v));
        setIn(parent, last, arr, path);
        break;
      }
      case '$pop': {
        if (cur === undefined) break;
        const arr = [...requireArray(cur, path, doc, op)];
        if (Number(arg) === -1) arr.shift();
        else if (Number(arg) === 1) arr.pop();
        else fail(`$pop expects 1 or -1, found: ${renderValue(arg)}`);
        setIn(parent, last, arr, path);
        break;
      }
      case '$pull': {
        if (cur === undefined) break;
        const m = pullMatcher(arg);
        setIn(parent, last, requireArray(cur, path, doc, op).filter((el) => !m(el)), path);
        break;
      }
      case '$pullAll': {
        if (cur === undefined) break;
        if (!Array.isArray(arg)) fail(`$pullAll requires an array argument but was given a ${typeName(arg)}`);
        setIn(parent, last, requireArray(cur, path, doc, op).filter((el) => !arg.some((x) => valuesEqual(el, x))), path);
        break;
      }
    }
  }
  return out;
}
