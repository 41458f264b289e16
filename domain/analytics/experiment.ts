/**
 * A/B experiment bucketing. A user's variant is a pure function of (experiment key, userId): stable for
 * the user, and independent across experiments because each experiment hashes with its own key as salt.
 * Weights are basis points summing to exactly 10000; bucket = first 32 bits of SHA-256 mod 10000.
 */
import { createHash } from 'node:crypto';

export interface Variant { name: string; weightBps: number }
export interface Experiment { key: string; variants: Variant[] }

/** Valid when names are unique and non-empty, weights are non-negative integers summing to 10000. */
export function validVariants(variants: readonly Variant[]): boolean {
  const names = new Set(variants.map((v) => v.name));
  return variants.length >= 1 && names.size === variants.length && variants.every((v) => v.name.length > 0 && Number.isSafeInteger(v.weightBps) && v.weightBps >= 0) &&
    variants.reduce((s, v) => s + v.weightBps, 0) === 10000;
}

/** The user's bucket in 0..9999 for an experiment. */
export function bucketOf(experimentKey: string, userId: string): number {
  const h = createHash('sha256').update(`exp\u0000${experimentKey}\u0000${userId}`).digest();
  return h.readUInt32BE(0) % 10000;
}

/** The variant whose cumulative weight range holds the user's bucket. */
export function assignVariant(experiment: Experiment, userId: string): string {
  const bucket = bucketOf(experiment.key, userId);
  let upTo = 0;
  for (const v of experiment.variants) {
    upTo += v.weightBps;
    if (bucket < upTo) return v.name;
  }
  // Unreachable for valid weights (they sum to 10000 > bucket).
  throw new RangeError(`experiment ${experiment.key}: weights do not cover bucket ${bucket}`);
}
