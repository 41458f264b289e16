/**
 * Decoding of the SDK's canonical EJSON into stored JS values, and encoding of answers.
 *
 * Stored values are plain JS: numbers, strings, booleans, null, Date, RegExp, arrays and plain
 * objects (plus bson ObjectId / Decimal128 / Long when the caller sends them).
 */
import { EJSON } from 'bson';

type Any = unknown;

/** True for `{}`-style objects (not arrays, dates, regexps or bson classes). */
export function isPlainObject(v: Any): v is Record<string, Any> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function isBsonRegExp(v: Any): v is { pattern: string; options: string } {
  return !!v && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'BSONRegExp';
}

/** Converts bson wrapper values and `$tcb_server_date` markers into plain JS values. */
export function normalize(v: Any, nowMs: number): Any {
  if (Array.isArray(v)) return v.map((x) => normalize(x, nowMs));
  if (isPlainObject(v)) {
    const sd = v.$tcb_server_date;
    if (sd !== undefined && Object.keys(v).length === 1) {
      const offset = isPlainObject(sd) && typeof sd.offset === 'number' ? sd.offset : 0;
      return new Date(nowMs + offset);
    }
    const out: Record<string, Any> = {};
    for (const k of Object.keys(v)) out[k] = normalize(v[k], nowMs);
    return out;
  }
  if (isBsonRegExp(v)) {
    const flags = (v.options || '').split('').filter((f) => 'imsu'.includes(f)).join('');
    return new RegExp(v.pattern, flags);
  }
  if (v && typeof v === 'object') {
    const t = (v as { _bsontype?: string })._bsontype;
    if (t === 'Int32' || t === 'Double') return (v as { valueOf(): number }).valueOf();
  }
  return v;
}

/**
 * Parses an EJSON string (or an already-parsed value) as the SDK sends it.
 * `nowMs` is the engine clock used for `db.serverDate()`.
 */
export function decode(input: Any, nowMs: number): Any {
  if (input === undefined || input === null || input === '') return undefined;
  const parsed = typeof input === 'string' ? EJSON.parse(input, { relaxed: true }) : EJSON.deserialize(input as object, { relaxed: true });
  return normalize(parsed, nowMs);
}

/** Canonical EJSON as the server answers (`relaxed:false`). */
export function encode(doc: Any): string {
  return EJSON.stringify(doc as object, { relaxed: false });
}
