/**
 * Points (积分) as a ledger of lots. Every credit is a lot that expires 365 days after it was earned;
 * spending takes from the lot that expires first; the balance is the sum of what the open lots hold and
 * never goes negative. A take-back that finds too little (points already spent) takes what there is and
 * records the rest as debt, which later credits repay first.
 *
 * Pure: time comes in as `now`; every function returns the next account and what it did.
 * Invariants (property-tested): `balance === sum(lots.remaining)`, `balance >= 0`, `debt >= 0`.
 */
import { refuse, success, type Outcome } from './outcome';

export const LOT_LIFETIME_MS = 365 * 24 * 3600_000;
export const CHECKIN_POINTS = 10;
export const SHARE_POINTS = 5;
export const SHARE_DAILY_MAX = 3;
/** 100 points pay for 1 yuan (100 fen): 1 point = 1 fen. */
export const FEN_PER_POINT = 1;

export interface Lot {
  lotId: string;
  earnedAt: number;
  expiresAt: number;
  /** Points still in the lot. */
  remaining: number;
  /** Points the lot was created with. */
  points: number;
}

export interface PointsAccount {
  balance: number;
  /** Open lots (remaining > 0), earliest expiry first. */
  lots: Lot[];
  /** Points taken back that were no longer there; repaid by later credits. */
  debt: number;
  /** The earliest expiry among open lots, or null: what the expiry timer looks for. */
  nextExpiryAt: number | null;
}

export const emptyAccount = (): PointsAccount => ({ balance: 0, lots: [], debt: 0, nextExpiryAt: null });

/** Points earned for a payment: 1 per whole yuan paid. */
export function pointsForPayment(paidFen: number): number {
  return Math.floor(paidFen / 100);
}

function normalise(lots: Lot[], debt: number): PointsAccount {
  const open = lots.filter((l) => l.remaining > 0).sort((a, b) => a.expiresAt - b.expiresAt || a.lotId.localeCompare(b.lotId));
  return { balance: open.reduce((s, l) => s + l.remaining, 0), lots: open, debt, nextExpiryAt: open.length ? open[0].expiresAt : null };
}

export interface CreditResult { account: PointsAccount; delta: number; debtRepaid: number }

/** Adds a lot of `points` earned at `now`; outstanding debt is repaid from it first. */
export function credit(account: PointsAccount, lotId: string, points: number, now: number): CreditResult {
  const debtRepaid = Math.min(account.debt, points);
  const kept = points - debtRepaid;
  const lot: Lot = { lotId, earnedAt: now, expiresAt: now + LOT_LIFETIME_MS, remaining: kept, points: kept };
  return { account: normalise([...account.lots, lot], account.debt - debtRepaid), delta: kept, debtRepaid };
}

export interface Take { lotId: string; points: number }
export interface DebitResult { account: PointsAccount; takes: Take[]; delta: number }

/** Spends `points` from unexpired lots, earliest expiry first; INSUFFICIENT_POINTS if there are not enough. */
export function debit(account: PointsAccount, points: number, now: number): Outcome<DebitResult> {
  const live = account.lots.filter((l) => l.expiresAt > now);
  const available = live.reduce((s, l) => s + l.remaining, 0);
  if (points > available) return refuse('INSUFFICIENT_POINTS', `needs ${points} points, has ${available}`);
  const { lots, takes } = takeFrom(account.lots, points, now, null);
  return success({ account: normalise(lots, account.debt), takes, delta: -points });
}

function takeFrom(lots: Lot[], points: number, now: number, preferLotId: string | null): { lots: Lot[]; takes: Take[]; left: number } {
  const next = lots.map((l) => ({ ...l }));
  const order = next
    .filter((l) => l.expiresAt > now && l.remaining > 0)
    .sort((a, b) => (a.lotId === preferLotId ? -1 : b.lotId === preferLotId ? 1 : a.expiresAt - b.expiresAt || a.lotId.localeCompare(b.lotId)));
  const takes: Take[] = [];
  let left = points;
  for (const lot of order) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    lot.remaining -= take;
    left -= take;
    takes.push({ lotId: lot.lotId, points: take });
  }
  return { lots: next, takes, left };
}

export interface ReversalResult { account: PointsAccount; takes: Take[]; delta: number; shortfall: number }

/**
 * Takes back `points` earned by an event (a refunded purchase): from that event's own lot first, then
 * from the lots expiring first. What cannot be found becomes debt: the balance never goes negative.
 */
export function takeBack(account: PointsAccount, points: number, fromLotId: string | null, now: number): ReversalResult {
  const { lots, takes, left } = takeFrom(account.lots, points, now, fromLotId);
  return { account: normalise(lots, account.debt + left), takes, delta: -(points - left), shortfall: left };
}

export interface ExpiryResult { account: PointsAccount; expired: Take[] }

/** Closes every lot whose expiry has come (expiresAt <= now). */
export function expire(account: PointsAccount, now: number): ExpiryResult {
  const expired = account.lots.filter((l) => l.expiresAt <= now && l.remaining > 0).map((l) => ({ lotId: l.lotId, points: l.remaining }));
  const lots = account.lots.map((l) => (l.expiresAt <= now ? { ...l, remaining: 0 } : l));
  return { account: normalise(lots, account.debt), expired };
}

/** What expires within `withinMs` of now, grouped per lot: for the balance page. */
export function expiringSoon(account: PointsAccount, now: number, withinMs: number): { points: number; expiresAt: number }[] {
  return account.lots.filter((l) => l.expiresAt > now && l.expiresAt <= now + withinMs).map((l) => ({ points: l.remaining, expiresAt: l.expiresAt }));
}
