/**
 * Value helpers with MongoDB semantics: cross-type ordering (BSON order), equality,
 * cloning and dotted-path traversal.
 */
import { isPlainObject } from './ejson';

type Any = unknown;

function bsonType(v: Any): string | undefined {
  return v && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

/** Rank of a value's type in MongoDB's cross-type sort order. */
export function typeRank(v: Any): number {
  if (v === undefined || v === null) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  const t = bsonType(v);
  if (t === 'ObjectId' || t === 'ObjectID') return 8;
  if (t === 'Long' || t === 'Decimal128' || t === 'Int32' || t === 'Double') return 2;
  if (t === 'Binary') return 7;
  if (t === 'Timestamp') return 11;
  return 5; // object
}

function num(v: Any): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonType(v);
  if (t === 'Decimal128') return Number((v as { toString(): string }).toString());
  return Number((v as { valueOf(): number }).valueOf());
}

/** Total order over stored values, MongoDB style: returns <0, 0 or >0. */
export function compareValues(a: Any, b: Any): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2: {
      const x = num(a);
      const y = num(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 9:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 10:
      return (a as Date).getTime() - (b as Date).getTime();
    case 6: {
      const x = a as Any[];
      const y = b as Any[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 8: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 12: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 5: {
      const x = a as Record<string, Any>;
      const y = b as Record<string, Any>;
      const kx = Object.keys(x);
      const ky = Object.keys(y);
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        const c = compareValues(x[kx[i]], y[ky[i]]);
        if (c) return c;
        if (kx[i] !== ky[i]) return kx[i] < ky[i] ? -1 : 1;
      }
      return kx.length - ky.length;
    }
    default: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

/** MongoDB equality (numbers by value, objects field-by-field in order). `undefined` ≠ `null` here. */
export function valuesEqual(a: Any, b: Any): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return typeRank(a) === typeRank(b) && compareValues(a, b) === 0;
}

/** Deep copy of a stored value; dates copied, bson/RegExp instances shared (treated immutable). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as unknown as T;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (isPlainObject(v)) {
    const out: Record<string, Any> = {};
    for (const k of Object.keys(v)) out[k] = clone(v[k]);
    return out as T;
  }
  return v;
}

/**
 * Every value reachable at a dotted path, MongoDB style: arrays met on the way are traversed
 * element-wise (and numeric parts index into them). Missing paths yield an empty list.
 */
export function collectValues(doc: Any, path: string): Any[] {
  const out: Any[] = [];
  walk(doc, path.split('.'), 0, out);
  return out;
}

function walk(v: Any, parts: string[], i: number, out: Any[]): void {
  if (i === parts.length) {
    out.push(v);
    return;
  }
  const p = parts[i];
  if (Array.isArray(v)) {
    if (/^\d+$/.test(p)) {
      const idx = Number(p);
      if (idx < v.length) walk(v[idx], parts, i + 1, out);
    }
    for (const el of v) if (isPlainObject(el)) walk(el, parts, i, out);
    return;
  }
  if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, p)) walk(v[p], parts, i + 1, out);
}

/** The value at a dotted path without array traversal (numeric parts index arrays); `undefined` if missing. */
export function getPath(doc: Any, path: string): Any {
  let cur: Any = doc;
  for (const p of path.split('.')) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(p)) return undefined;
      cur = cur[Number(p)];
    } else if (isPlainObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
      cur = cur[p];
    } else return undefined;
  }
  return cur;
}

/** Short type name for error messages. */
export function typeName(v: Any): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'object') return bsonType(v)?.toLowerCase() ?? 'object';
  return typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Mongo-shell-like rendering for error messages: `{ name: "x" }`. */
export function renderValue(v: Any): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(renderValue).join(', ')} ]`;
  if (isPlainObject(v)) {
    const ks = Object.keys(v);
    return ks.length ? `{ ${ks.map((k) => `${k}: ${renderValue(v[k])}`).join(', ')} }` : '{}';
  }
  if (bsonType(v) === 'ObjectId') return `ObjectId('${String(v)}')`;
  return String(v);
}
