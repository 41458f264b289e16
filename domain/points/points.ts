/**
 * Points (积分) as a ledger of lots. Every credit is a lot that expires 365 days after it was earned;
 * spending takes from the lot that expires first; the balance is the sum of what the open lots hold and
 * never goes negative. A take-back that finds too little (points already spent) takes what there is and
 * records the rest as debt, which later credits repay first.
 *
 * Pure: time comes in as `now`; every function returns the next account and what it did.
 * Invariants (property-tested): `balance === sum(lots.remaining)`, `balance >= 0`, `debt >= 0`.
 */
import { refuse, success, type Outcome } from '../kernel/outcome';

export const LOT_LIFETIME_MS = 365 * 24 * 3600_000;
export const CHECKIN_POINTS = 10;
export const SHARE_POINTS = 5;
export const SHARE_DAILY_MAX = 3;

/**
 * The share reward after `sharedToday` rewarded shares this China-time day: SHARE_POINTS, and how many
 * rewarded shares are left; LIMIT_EXCEEDED once SHARE_DAILY_MAX were rewarded.
 */
export function shareReward(sharedToday: number): Outcome<{ points: number; sharesLeft: number; nth: number }> {
  if (sharedToday >= SHARE_DAILY_MAX) return refuse('LIMIT_EXCEEDED', `share points are awarded ${SHARE_DAILY_MAX} times a day`);
  return success({ points: SHARE_POINTS, sharesLeft: SHARE_DAILY_MAX - sharedToday - 1, nth: sharedToday + 1 });
}
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

/** Points moved out of (or back into) one lot. `expiresAt` is the lot's expiry (recorded on spends, so they can be given back). */
export interface Take { lotId: string; points: number; expiresAt?: number }
export interface DebitResult { account: PointsAccount; takes: Take[]; delta: number }

/**
 * Spends `points` from unexpired lots, earliest expiry first; INSUFFICIENT_POINTS if there are not enough.
 * Each take carries its lot's `expiresAt`.
 */
export function debit(account: PointsAccount, points: number, now: number): Outcome<DebitResult> {
  const live = account.lots.filter((l) => l.expiresAt > now);
  const available = live.reduce((s, l) => s + l.remaining, 0);
  if (points > available) return refuse('INSUFFICIENT_POINTS', `needs ${points} points, has ${available}`);
  const { lots, takes } = takeFrom(account.lots, points, now, null);
  // A spend records each lot's expiry, so giving the points back can keep it (`restore`).
  const expiry = new Map(account.lots.map((l) => [l.lotId, l.expiresAt]));
  return success({ account: normalise(lots, account.debt), takes: takes.map((t) => ({ ...t, expiresAt: expiry.get(t.lotId)! })), delta: -points });
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

/** A take to give back, with the expiry of the lot it came from (epoch ms). */
export interface DatedTake { lotId: string; points: number; expiresAt: number }

/**
 * Which of a spend's takes a return of `points` gives back, given what earlier returns of the same spend
 * already gave back (`returned`). Per lot, never more than was taken from it minus what came back
 * before; the total is clamped to what is still out. Undoes the spend in reverse: the takes spent last
 * (the latest-expiring lots) come back first. Takes without `expiresAt` keep it absent (the caller
 * dates them from the lot's credit entry).
 */
export function planRestore(spent: readonly Take[], returned: readonly Take[], points: number): Take[] {
  const back = new Map<string, number>();
  for (const r of returned) back.set(r.lotId, (back.get(r.lotId) ?? 0) + r.points);
  const plan: Take[] = [];
  let left = Math.max(0, Math.floor(points));
  for (const t of [...spent].reverse()) {
    if (left === 0) break;
    const already = Math.min(t.points, back.get(t.lotId) ?? 0);
    back.set(t.lotId, (back.get(t.lotId) ?? 0) - already);
    const give = Math.min(t.points - already, left);
    if (give <= 0) continue;
    left -= give;
    plan.push({ lotId: t.lotId, points: give, ...(t.expiresAt !== undefined ? { expiresAt: t.expiresAt } : {}) });
  }
  return plan;
}

export interface RestoreResult {
  account: PointsAccount;
  /** Points that went back into live lots (their original expiry kept), after repaying debt. */
  restored: DatedTake[];
  /** Points whose lot expired in the meantime: they come back expired and never reach the balance. */
  expired: DatedTake[];
  /** Of the restored points, what repaid outstanding debt instead of staying in a lot. */
  debtRepaid: number;
  /** The change to the balance: Σ restored. (Σ takes = delta + debtRepaid + Σ expired.) */
  delta: number;
}

/**
 * Gives spent points back into the lots they were taken from, each keeping the lot's original expiry:
 * a lot still open grows; a lot spent to zero reopens (earned `expiresAt − LOT_LIFETIME_MS`); points
 * of a lot whose expiry has come (`expiresAt <= now`) are not revived. Outstanding debt is repaid first,
 * from the earliest-expiring restored points (as a credit would). Never returns a lot to more than it
 * was created with. Invariants: `balance === Σ lots.remaining`, restored points expire no later than
 * their lot did.
 */
export function restore(account: PointsAccount, takes: readonly DatedTake[], now: number): RestoreResult {
  const expired = takes.filter((t) => t.expiresAt <= now && t.points > 0);
  const live = takes.filter((t) => t.expiresAt > now && t.points > 0).sort((a, b) => a.expiresAt - b.expiresAt || a.lotId.localeCompare(b.lotId));
  let debt = account.debt;
  const restored: DatedTake[] = [];
  for (const t of live) {
    const repay = Math.min(debt, t.points);
    debt -= repay;
    if (t.points - repay > 0) restored.push({ ...t, points: t.points - repay });
  }
  const lots = account.lots.map((l) => ({ ...l }));
  for (const t of restored) {
    const lot = lots.find((l) => l.lotId === t.lotId);
    if (lot) {
      lot.remaining += t.points;
      lot.points = Math.max(lot.points, lot.remaining);
    } else lots.push({ lotId: t.lotId, earnedAt: t.expiresAt - LOT_LIFETIME_MS, expiresAt: t.expiresAt, remaining: t.points, points: t.points });
  }
  const debtRepaid = account.debt - debt;
  const delta = restored.reduce((s, t) => s + t.points, 0);
  return { account: normalise(lots, debt), restored, expired, debtRepaid, delta };
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
