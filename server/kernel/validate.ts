/**
 * A small request validator. Each action declares the shape of its request; a request that does not
 * fit is refused with INVALID_ARGUMENT before anything is read or written. Unknown fields are dropped.
 */
export type Check<T> = (value: unknown, path: string) => T;

export class ValidationError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

const bad = (path: string, message: string): never => {
  throw new ValidationError(path, message);
};

export const v = {
  string(opts: { min?: number; max?: number; pattern?: RegExp } = {}): Check<string> {
    const { min = 1, max = 200, pattern } = opts;
    return (value, path) => {
      if (typeof value !== 'string') return bad(path, 'must be a string');
      if (value.length < min || value.length > max) return bad(path, `length must be ${min}..${max}`);
      if (pattern && !pattern.test(value)) return bad(path, 'has an invalid format');
      return value;
    };
  },
  /** A safe integer within [min, max] (defaults: 0 .. 10^12). Money, points and counts use this. */
  int(opts: { min?: number; max?: number } = {}): Check<number> {
    const { min = 0, max = 1e12 } = opts;
    return (value, path) => {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return bad(path, 'must be an integer');
      if (value < min || value > max) return bad(path, `must be between ${min} and ${max}`);
      return value;
    };
  },
  /** An instant in epoch milliseconds (1970 .. year 275760, what a Date can hold). */
  time(): Check<number> {
    return v.int({ min: 0, max: 8.64e15 });
  },
  boolean(): Check<boolean> {
    return (value, path) => (typeof value === 'boolean' ? value : bad(path, 'must be a boolean'));
  },
  literal<T extends string>(...options: T[]): Check<T> {
    return (value, path) =>
      options.includes(value as T) ? (value as T) : bad(path, `must be one of ${options.join(', ')}`);
  },
  optional<T>(check: Check<T>): Check<T | undefined> {
    return (value, path) => (value === undefined || value === null ? undefined : check(value, path));
  },
  array<T>(item: Check<T>, opts: { min?: number; max?: number } = {}): Check<T[]> {
    const { min = 0, max = 100 } = opts;
    return (value, path) => {
      if (!Array.isArray(value)) return bad(path, 'must be an array');
      if (value.length < min || value.length > max) return bad(path, `must have ${min}..${max} items`);
      return value.map((x, i) => item(x, `${path}[${i}]`));
    };
  },
  object<S extends Record<string, Check<unknown>>>(shape: S): Check<{ [K in keyof S]: ReturnType<S[K]> }> {
    return (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(path, 'must be an object');
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const checked = shape[key](input[key], path ? `${path}.${key}` : key);
        if (checked !== undefined) out[key] = checked;
      }
      return out as { [K in keyof S]: ReturnType<S[K]> };
    };
  },
  /** A plain JSON object with string keys (free-form props); size-limited. */
  record(opts: { maxKeys?: number } = {}): Check<Record<string, unknown>> {
    const { maxKeys = 50 } = opts;
    return (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(path, 'must be an object');
      if (Object.keys(value).length > maxKeys) return bad(path, `must have at most ${maxKeys} keys`);
      return value as Record<string, unknown>;
    };
  },
};

/** The idempotency key every creating action takes: 8..64 url-safe characters. */
export const idempotencyKey = v.string({ min: 8, max: 64, pattern: /^[A-Za-z0-9_:.-]+$/ });
/** Ids are short strings. */
export const id = v.string({ min: 1, max: 64 });
/** Cursor paging: an opaque cursor and a limit of 1..50 (default 20). */
export const paging = { cursor: v.optional(v.string({ max: 200 })), limit: v.optional(v.int({ min: 1, max: 50 })) };
