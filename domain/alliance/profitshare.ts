/**
 * Profit sharing across brands and the platform for alliance settlement statements. Every split goes
 * through `allocate` (largest remainders), so the parts always add up to the whole, to the fen.
 */
import { allocate } from '../kernel/money';
import { FEN_PER_POINT } from '../points/points';

export interface Share { party: string; weightBps: number }

/** The default split of a joint pool: the partner brand 70 %, our brand 25 %, the platform 5 %. */
export const DEFAULT_SHARES: readonly Share[] = [
  { party: 'partner', weightBps: 7000 },
  { party: 'brand', weightBps: 2500 },
  { party: 'platform', weightBps: 500 },
];

/** True when the shares are non-empty, non-negative integers summing to exactly 10000 bps. */
export function validShares(shares: readonly Share[]): boolean {
  return shares.length > 0 && shares.every((s) => Number.isSafeInteger(s.weightBps) && s.weightBps >= 0) && shares.reduce((a, s) => a + s.weightBps, 0) === 10000;
}

/** Splits `totalFen` by the shares' weights; the parts sum to `totalFen` exactly. */
export function shareProfit(totalFen: number, shares: readonly Share[] = DEFAULT_SHARES): { party: string; amountFen: number }[] {
  const parts = allocate(totalFen, shares.map((s) => s.weightBps));
  return shares.map((s, i) => ({ party: s.party, amountFen: parts[i] }));
}

export interface TransferLine { points: number; partnerPoints: number; at: number }

export interface Statement {
  from: number;
  to: number;
  transfers: number;
  points: number;
  partnerPoints: number;
  /** The value of our points exchanged in the period: points × FEN_PER_POINT (100 points = 1 yuan). */
  poolFen: number;
  split: { party: string; amountFen: number }[];
}

/**
 * A settlement statement for transfers with `from <= at < to` (half-open, epoch ms): totals and the value
 * of the points exchanged, split by `shares`.
 */
export function settlementStatement(lines: readonly TransferLine[], from: number, to: number, shares: readonly Share[] = DEFAULT_SHARES): Statement {
  const inPeriod = lines.filter((l) => l.at >= from && l.at < to);
  const points = inPeriod.reduce((s, l) => s + l.points, 0);
  const partnerPoints = inPeriod.reduce((s, l) => s + l.partnerPoints, 0);
  const poolFen = points * FEN_PER_POINT;
  return { from, to, transfers: inPeriod.length, points, partnerPoints, poolFen, split: shareProfit(poolFen, shares) };
}
