/** The request validator: what each check accepts and refuses, with the path of the refused field. */
import { v, ValidationError, idempotencyKey } from '../../server/kernel/validate';

const refuses = (check: (x: unknown, p: string) => unknown, value: unknown) => {
  try {
    check(value, 'f');
    return null;
  } catch (err) {
    return err instanceof ValidationError ? err.message : 'threw something else';
  }
};

describe('v.time', () => {
  it('accepts instants of today and of the far future, in epoch milliseconds', () => {
    expect(v.time()(1_795_000_000_000, 'at')).toBe(1_795_000_000_000);
    expect(v.time()(8.64e15, 'at')).toBe(8.64e15);
  });

  it('refuses negative, fractional and non-numeric instants', () => {
    expect(refuses(v.time(), -1)).toMatch(/^f: must be between/);
    expect(refuses(v.time(), 1.5)).toMatch(/integer/);
    expect(refuses(v.time(), '1795000000000')).toMatch(/integer/);
  });
});

describe('v.object', () => {
  it('drops fields it does not know (an openid in the request never reaches a handler)', () => {
    expect(v.object({ a: v.int() })({ a: 1, openid: 'o-forged' }, '')).toEqual({ a: 1 });
  });

  it('names the nested path of a refused field', () => {
    expect(refuses(v.object({ items: v.array(v.object({ quantity: v.int({ min: 1 }) })) }), { items: [{ quantity: 1 }, { quantity: 0 }] })).toBe('f.items[1].quantity: must be between 1 and 1000000000000');
  });
});

describe('idempotencyKey', () => {
  it('takes 8..64 url-safe characters', () => {
    expect(idempotencyKey('order-2026-11-22:a1', 'k')).toBe('order-2026-11-22:a1');
    expect(refuses(idempotencyKey, 'short')).toMatch(/length/);
    expect(refuses(idempotencyKey, 'has spaces in it')).toMatch(/format/);
  });
});
