/**
 * Group-buy (拼团) rules, pure. A campaign sells one SKU at a group price to groups of `groupSize`;
 * a leader (团长) opens a group, others join, and the group is formed (成团) when `groupSize` members
 * have PAID. A seat is held from order creation and freed when that order is cancelled or times out.
 * A group still forming at `expiresAt` fails and every paid member is refunded.
 *
 * Invariants: `0 <= seatsTaken <= groupSize`; `paid.length <= seatsTaken` while forming; a member appears
 * in `paid` at most once; status only moves forming → formed | failed. Time comes in as `now` (epoch ms).
 * Rules return the next state plus effects; handlers persist and perform them.
 */
import type { GroupStatus } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

export interface Campaign {
  _id: string;
  skuId: string;
  productId: string;
  /** Price each member pays, in fen. */
  groupPriceFen: number;
  /** Members needed to form, 2..50. */
  groupSize: number;
  /** How long a group may stay forming, in ms. */
  durationMs: number;
  /** Campaign stock in units: taken when a member's order is created, returned when it is cancelled. */
  stock: number;
  createdAt: number;
}

export interface PaidMember { userId: string; orderId: string; at: number }

export interface Group {
  _id: string;
  campaignId: string;
  skuId: string;
  leaderId: string;
  groupSize: number;
  groupPriceFen: number;
  status: GroupStatus;
  /** Seats held (orders created and not cancelled). Taken only by a conditional update below groupSize. */
  seatsTaken: number;
  /** Members who paid, in payment order; the only record of payment on the group. */
  paid: PaidMember[];
  createdAt: number;
  expiresAt: number;
  /** When the group formed or failed. */
  endedAt: number | null;
  /** Set when the group failed: paid orders still to be refunded (cleared once every refund was requested). */
  refundsPending: boolean;
  /** Set when the group formed or failed: opted-in members still to be told. */
  noticesPending: boolean;
}

export type GroupEffect =
  | { kind: 'refund'; orderId: string; userId: string }
  | { kind: 'notify'; event: 'formed' | 'failed' };

export interface Decision { group: Group; effects: GroupEffect[] }

export const MIN_GROUP_SIZE = 2;
export const MAX_GROUP_SIZE = 50;
export const MIN_DURATION_MS = 60_000;
export const MAX_DURATION_MS = 7 * 24 * 3600_000;

/** Checks an operator's campaign; the group price must be positive and below nothing in particular. */
export function checkCampaign(c: { groupPriceFen: number; groupSize: number; durationMs: number; stock: number }): Outcome<void> {
  if (c.groupPriceFen < 1) return refuse('INVALID_ARGUMENT', 'groupPriceFen must be at least 1 fen');
  if (c.groupSize < MIN_GROUP_SIZE || c.groupSize > MAX_GROUP_SIZE) return refuse('INVALID_ARGUMENT', `groupSize must be ${MIN_GROUP_SIZE}..${MAX_GROUP_SIZE}`);
  if (c.durationMs < MIN_DURATION_MS || c.durationMs > MAX_DURATION_MS) return refuse('INVALID_ARGUMENT', 'durationMs must be 1 minute .. 7 days');
  return success(undefined);
}

/** A new group led by `leaderId`, the leader's seat already taken; it expires `durationMs` after `now`. */
export function openGroup(campaign: Campaign, groupId: string, leaderId: string, now: number): Group {
  return {
    _id: groupId, campaignId: campaign._id, skuId: campaign.skuId, leaderId, groupSize: campaign.groupSize,
    groupPriceFen: campaign.groupPriceFen, status: 'forming', seatsTaken: 1, paid: [], createdAt: now,
    expiresAt: now + campaign.durationMs, endedAt: null, refundsPending: false, noticesPending: false,
  };
}

/** True while the group takes members: forming and not yet at its expiry. */
export const isOpen = (g: Pick<Group, 'status' | 'expiresAt'>, now: number) => g.status === 'forming' && now < g.expiresAt;

/**
 * Whether `userId` may take a seat now. The answer is advisory (read outside a transaction): the seat
 * itself is taken by a conditional update that re-checks `seatsTaken < groupSize` atomically.
 */
export function checkJoin(g: Group, hasSeat: boolean, now: number): Outcome<void> {
  if (hasSeat) return refuse('ALREADY_IN_GROUP', 'you are already in this group');
  if (!isOpen(g, now)) return refuse('INVALID_STATE', g.status === 'forming' ? 'the group has expired' : `the group is ${g.status}`);
  if (g.seatsTaken >= g.groupSize) return refuse('GROUP_FULL', 'no seat is free');
  return success(undefined);
}

/** Derived view: seats left and paid members are computed, never stored. */
export function groupView(g: Group): { groupId: string; campaignId: string; status: GroupStatus; groupSize: number; paidMembers: number; seatsLeft: number; expiresAt: number } {
  const seatsLeft = g.status === 'forming' ? Math.max(0, g.groupSize - g.seatsTaken) : 0;
  return { groupId: g._id, campaignId: g.campaignId, status: g.status, groupSize: g.groupSize, paidMembers: g.paid.length, seatsLeft, expiresAt: g.expiresAt };
}

/**
 * A member's order was paid. Forming: the member is recorded as paid and the group forms when
 * `groupSize` members have paid. Already failed (payment arrived after expiry): the member is recorded and
 * refunded. Repeating the same order changes nothing.
 */
export function memberPaid(g: Group, m: PaidMember, now: number): Decision {
  if (g.paid.some((p) => p.orderId === m.orderId)) return { group: g, effects: [] };
  const paid = [...g.paid, m];
  if (g.status === 'failed') return { group: { ...g, paid, refundsPending: true }, effects: [{ kind: 'refund', orderId: m.orderId, userId: m.userId }] };
  if (g.status === 'formed') {
    // Cannot happen while seats are bounded by groupSize; refund rather than overfill.
    return { group: g, effects: [{ kind: 'refund', orderId: m.orderId, userId: m.userId }] };
  }
  if (paid.length >= g.groupSize) {
    return { group: { ...g, paid, status: 'formed', endedAt: now, noticesPending: true }, effects: [{ kind: 'notify', event: 'formed' }] };
  }
  return { group: { ...g, paid }, effects: [] };
}

/** A member's unpaid order was cancelled or timed out: its seat is freed (only while forming). */
export function seatFreed(g: Group): Group {
  if (g.status !== 'forming') return g;
  return { ...g, seatsTaken: Math.max(0, g.seatsTaken - 1) };
}

/** A paid member was refunded while the group was still forming (after-sale): payment and seat go. */
export function memberRefunded(g: Group, orderId: string): Group {
  if (g.status !== 'forming' || !g.paid.some((p) => p.orderId === orderId)) return g;
  return { ...g, paid: g.paid.filter((p) => p.orderId !== orderId), seatsTaken: Math.max(0, g.seatsTaken - 1) };
}

/**
 * The timer's rule: a group still forming at `expiresAt` fails; every paid member is refunded and
 * opted-in members are told. Never formed automatically, never filled with fake members.
 */
export function expireGroup(g: Group, now: number): Decision {
  if (g.status !== 'forming' || now < g.expiresAt) return { group: g, effects: [] };
  const refunds: GroupEffect[] = g.paid.map((p) => ({ kind: 'refund', orderId: p.orderId, userId: p.userId }));
  return {
    group: { ...g, status: 'failed', endedAt: now, refundsPending: refunds.length > 0, noticesPending: true },
    effects: [...refunds, { kind: 'notify', event: 'failed' }],
  };
}

/** The seat document id of a member in a group. */
export const seatId = (groupId: string, userId: string) => `${groupId}:${userId}`;
