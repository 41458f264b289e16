/**
 * Live commerce (直播) rules, pure. A room has a host, products and a status (upcoming → live → ended).
 * The host or an operator pushes a product to make it current now, or schedules pushes for later; due
 * scheduled pushes become current in time order. The room view carries the schedule and the server's
 * clock so a client shows each product bubble on time without polling.
 *
 * Time: epoch ms, passed in as `now`. A current product's `since` is when it became current (a scheduled
 * push's own `at`, so every viewer agrees on it however late the timer runs).
 */
import type { LiveStatus } from '../../typings/api';
import { refuse, success, type Outcome } from '../kernel/outcome';

export interface CurrentGoods { productId: string; since: number }

export interface LiveRoom {
  _id: string;
  title: string;
  hostOpenid: string;
  productIds: string[];
  status: LiveStatus;
  currentGoods: CurrentGoods | null;
  /**
   * What the host earns on orders paid from this room, bps of the payable (0..3000; absent = 0). Set by an
   * operator; an order's host commission uses the rate at its payment (see domain/distribution/commission.ts).
   */
  hostCommissionBps?: number;
  createdAt: number;
}

export interface LivePush { _id: string; roomId: string; productId: string; at: number; done: boolean }

/** Scheduling reaches at most this far ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3600_000;

/** Only the room's host or an operator may push or schedule goods. */
export function mayDirect(room: Pick<LiveRoom, 'hostOpenid'>, caller: { openid: string; isOperator: boolean }): boolean {
  return caller.isOperator || (caller.openid !== '' && caller.openid === room.hostOpenid);
}

/** Makes `productId` current at `now`; the room goes live on its first push. Ended rooms take no pushes. */
export function pushGoods(room: LiveRoom, productId: string, now: number): Outcome<LiveRoom> {
  if (room.status === 'ended') return refuse('INVALID_STATE', 'the live has ended');
  if (!room.productIds.includes(productId)) return refuse('INVALID_ARGUMENT', 'the product is not in this room');
  return success({ ...room, status: 'live', currentGoods: { productId, since: now } });
}

/** Checks a future push: a product of the room, after `now`, within the scheduling horizon. */
export function checkSchedule(room: LiveRoom, productId: string, at: number, now: number): Outcome<void> {
  if (room.status === 'ended') return refuse('INVALID_STATE', 'the live has ended');
  if (!room.productIds.includes(productId)) return refuse('INVALID_ARGUMENT', 'the product is not in this room');
  if (at <= now) return refuse('INVALID_ARGUMENT', 'at must be in the future');
  if (at > now + MAX_SCHEDULE_AHEAD_MS) return refuse('INVALID_ARGUMENT', 'at is too far ahead');
  return success(undefined);
}

/**
 * Applies the room's scheduled pushes due at `now`, in time order (ties by id). A due push only replaces
 * the current product if it is not older than it (a manual push made after a push was due wins).
 * Returns the next room and the ids of the pushes consumed.
 */
export function applyDue(room: LiveRoom, pushes: readonly LivePush[], now: number): { room: LiveRoom; done: string[] } {
  const due = pushes.filter((p) => !p.done && p.roomId === room._id && p.at <= now).sort((a, b) => a.at - b.at || a._id.localeCompare(b._id));
  let current = room.currentGoods;
  for (const p of due) {
    if (room.status === 'ended') break;
    if (!current || p.at >= current.since) current = { productId: p.productId, since: p.at };
  }
  const next = room.status === 'ended' || current === room.currentGoods ? room : { ...room, status: 'live' as LiveStatus, currentGoods: current };
  return { room: next, done: due.map((p) => p._id) };
}

/**
 * What a viewer sees at `now`: the room with due pushes already applied (so the view is right before the
 * timer has run) and the pushes still ahead, earliest first.
 */
export function roomView(room: LiveRoom, pushes: readonly LivePush[], now: number) {
  const { room: r } = applyDue(room, pushes, now);
  const schedule = pushes
    .filter((p) => !p.done && p.at > now)
    .sort((a, b) => a.at - b.at || a._id.localeCompare(b._id))
    .map((p) => ({ productId: p.productId, at: p.at }));
  return { roomId: r._id, status: r.status, currentGoods: r.currentGoods, schedule, serverNow: now };
}

const STATUS_ORDER: Record<LiveStatus, number> = { live: 0, upcoming: 1, ended: 2 };

/** The live list's order: rooms on air first, then upcoming, then ended; newest first within each. */
export function byListOrder(a: LiveRoom, b: LiveRoom): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.createdAt - a.createdAt || a._id.localeCompare(b._id);
}

/**
 * An order may name a live room (the host's attribution and commission) only if the room exists and sells
 * at least one of the ordered products: a room cannot be credited for goods it never presented. Answers
 * whether the order is credited to the room: only while the room has not ended at order time (`now`,
 * epoch ms); an order from a room that has ended is still taken, credited to no one.
 */
export function checkAttribution(room: (Pick<LiveRoom, 'productIds' | 'status'> & { endedAt?: number | null }) | null, orderedProductIds: readonly string[], now: number): Outcome<boolean> {
  if (!room) return refuse('NOT_FOUND', 'no such live room');
  if (!orderedProductIds.some((id) => room.productIds.includes(id))) return refuse('INVALID_ARGUMENT', 'liveRoomId: the room does not sell these products');
  return success(room.status !== 'ended' && !(typeof room.endedAt === 'number' && room.endedAt <= now));
}
