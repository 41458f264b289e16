import { assignVariant, bucketOf, validVariants, type Experiment } from '../../domain/analytics/experiment';

const anExperiment = (key: string, weights: number[]): Experiment => ({ key, variants: weights.map((w, i) => ({ name: String.fromCharCode(97 + i), weightBps: w })) });
const users = Array.from({ length: 10_000 }, (_, i) => `u_${i.toString(36)}_${(i * 7919) % 10007}`);

describe('experiment assignment', () => {
  it('is stable for a user', () => {
    const exp = anExperiment('home-banner', [5000, 5000]);
    expect(users.slice(0, 50).map((u) => assignVariant(exp, u))).toEqual(users.slice(0, 50).map((u) => assignVariant(exp, u)));
  });

  it('splits 10k users by weight within ±2 percentage points', () => {
    const exp = anExperiment('checkout', [2000, 3000, 5000]);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (const u of users) counts[assignVariant(exp, u)]++;
    expect(Math.abs(counts.a - 2000)).toBeLessThan(200);
    expect(Math.abs(counts.b - 3000)).toBeLessThan(200);
    expect(Math.abs(counts.c - 5000)).toBeLessThan(200);
  });

  it('gives a zero-weight variant nobody', () => {
    const exp = anExperiment('dark', [0, 10000]);
    expect(users.slice(0, 1000).every((u) => assignVariant(exp, u) === 'b')).toBe(true);
  });

  it('is independent across experiments (chi-square on the joint 2×2 table)', () => {
    const x = anExperiment('exp-x', [5000, 5000]);
    const y = anExperiment('exp-y', [5000, 5000]);
    const table = [[0, 0], [0, 0]];
    for (const u of users) table[assignVariant(x, u) === 'a' ? 0 : 1][assignVariant(y, u) === 'a' ? 0 : 1]++;
    const n = users.length;
    const rows = table.map((r) => r[0] + r[1]);
    const cols = [table[0][0] + table[1][0], table[0][1] + table[1][1]];
    let chi2 = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      const expected = (rows[i] * cols[j]) / n;
      chi2 += (table[i][j] - expected) ** 2 / expected;
    }
    // 1 degree of freedom: 10.83 is the p = 0.001 critical value.
    expect(chi2).toBeLessThan(10.83);
  });

  it('salts buckets with the experiment key', () => {
    const moved = users.slice(0, 1000).filter((u) => bucketOf('exp-x', u) !== bucketOf('exp-y', u)).length;
    expect(moved).toBeGreaterThan(990);
  });

  it('accepts only unique names with weights summing to 10000', () => {
    expect(validVariants([{ name: 'a', weightBps: 5000 }, { name: 'b', weightBps: 5000 }])).toBe(true);
    expect(validVariants([{ name: 'a', weightBps: 5000 }, { name: 'a', weightBps: 5000 }])).toBe(false);
    expect(validVariants([{ name: 'a', weightBps: 9000 }])).toBe(false);
    expect(validVariants([{ name: 'a', weightBps: -1 }, { name: 'b', weightBps: 10001 }])).toBe(false);
  });
});
