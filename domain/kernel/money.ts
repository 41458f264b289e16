/**
 * Money is integer fen, branded so a yuan or a float cannot pass for it. Rates are basis points.
 * Every split of a sum goes through `allocate`, so parts always add up to the whole.
 */
export type Fen = number & { readonly __unit: 'fen' };
export type Bps = number & { readonly __unit: 'bps' };

/** Asserts `n` is a non-negative safe integer number of fen. */
export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a fen amount: ${n}`);
  return n as Fen;
}

export function bps(n: number): Bps {
  if (!Number.isSafeInteger(n) || n < 0 || n > 10000) throw new RangeError(`not a rate in basis points: ${n}`);
  return n as Bps;
}

/** `floor(amount × rate / 10000)`: the share at a rate, rounded down to the fen. */
export function applyRate(amount: number, rate: number): Fen {
  return fen(Math.floor((amount * rate) / 10000));
}

/**
 * Splits `total` into parts proportional to `weights` by largest remainders: each part is the floor of its
 * exact share, and the fen left over go one each to the largest fractional remainders (ties to the earlier
 * index). Invariants: parts are non-negative integers, `sum(parts) === total`, and a zero weight gets 0.
 * All weights zero (or none) with a positive total is an error; with total 0 every part is 0.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`allocate: total must be a non-negative integer, got ${total}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('allocate: weights must be non-negative integers');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return weights.map(() => 0);
  if (sum === 0) throw new RangeError('allocate: cannot split a positive total by zero weights');
  // BigInt keeps total × weight exact beyond 2^53.
  const T = BigInt(total);
  const S = BigInt(sum);
  const parts = weights.map((w) => (T * BigInt(w)) / S);
  const remainders = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }));
  let left = Number(T - parts.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0; k++, left--) parts[remainders[k].i] += 1n;
  return parts.map(Number);
}

/** 1990 → "19.90". For views and messages only; the backend never computes in yuan. */
export function formatYuan(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const a = Math.abs(amount);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
