/**
 * One person, one member. The identity map (`identities`) ties every identifier we learn about a person
 * (openid per app, unionid, phone hash, app user id) to one userId. When an identifier turns out to
 * belong to two members, they are one person and are merged into the older member ("survivor"); the
 * other ("merged") keeps its document with `mergedInto` so every lookup by its id or openid resolves.
 *
 * Pure: the handler reads both members and their accounts, calls these rules, writes the result.
 */
import { stableId } from '../kernel/ids';
import type { Lot, PointsAccount } from '../points/points';

export type IdentityKind = 'openid' | 'unionid' | 'phone' | 'appUser';

export interface Identity {
  _id: string;
  kind: IdentityKind;
  /** For openid: `<appid>:<openid>`; for phone: the salted hash (never the number). */
  value: string;
  userId: string;
  createdAt: number;
}

/** The identity document's id: one document per (kind, value), so two writers collide on it. */
export const identityId = (kind: IdentityKind, value: string) => stableId('idn', kind, value);

/** `13800138000` → `138****8000`: what a member and staff may see. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export interface MergeCandidate { _id: string; createdAt: number }

/** The older member survives (earliest `createdAt`, then the smaller id): the same pair always gives the same answer. */
export function chooseSurvivor<T extends MergeCandidate>(a: T, b: T): { survivor: T; merged: T } {
  const aFirst = a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a._id < b._id);
  return aFirst ? { survivor: a, merged: b } : { survivor: b, merged: a };
}

export interface PointsTransfer {
  survivor: PointsAccount;
  merged: PointsAccount;
  /** Points moved (the merged account's open lots); the survivor's balance rises by exactly this. */
  moved: number;
  /** Debt moved with them (points owed from refunds): it stays owed by the person. */
  debtMoved: number;
  lots: Lot[];
}

/**
 * Moves every open lot of the merged account, unchanged (same lot id, points, expiry: a merge neither
 * extends nor shortens a lot's life), and its debt to the survivor. Balance is conserved:
 * `survivor.balance + merged.balance` before equals `survivor.balance` after; the merged account is empty.
 */
export function transferPoints(survivor: PointsAccount, merged: PointsAccount): PointsTransfer {
  const lots = merged.lots.filter((l) => l.remaining > 0);
  const all = [...survivor.lots, ...lots].sort((a, b) => a.expiresAt - b.expiresAt || a.lotId.localeCompare(b.lotId));
  const balance = all.reduce((s, l) => s + l.remaining, 0);
  return {
    survivor: { balance, lots: all, debt: survivor.debt + merged.debt, nextExpiryAt: all.length ? all[0].expiresAt : null },
    merged: { balance: 0, lots: [], debt: 0, nextExpiryAt: null },
    moved: lots.reduce((s, l) => s + l.remaining, 0),
    debtMoved: merged.debt,
    lots,
  };
}

/**
 * The survivor's inviter after a merge: its own (first touch wins; a member without one does not adopt the
 * merged member's, which could close a cycle through the survivor's invitees). The one exception: a survivor
 * invited by the member it absorbs takes that member's inviter instead (never itself). Safe because the
 * original graph had no cycle: the merged member's inviter cannot descend from the survivor.
 */
export function inviterAfterMerge(survivor: { _id: string; inviterId: string | null }, merged: { _id: string; inviterId: string | null }): string | null {
  if (survivor.inviterId !== merged._id) return survivor.inviterId;
  return merged.inviterId && merged.inviterId !== survivor._id ? merged.inviterId : null;
}
