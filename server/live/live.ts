/**
 * Live rooms on the database: `live_rooms` (host, products, status, current goods) and `live_pushes`
 * (scheduled pushes; `done` once the timer made them current). Rules live in domain/live/live.ts.
 */
import { stableId } from '../../domain/kernel/ids';
import { applyDue, type LivePush, type LiveRoom } from '../../domain/live/live';
import { toCard, type ProductDoc } from '../../domain/store/catalog';
import type { ProductCard } from '../../typings/api';
import { command, db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';

export async function loadRoom(roomId: string): Promise<LiveRoom> {
  const room = await findById<LiveRoom>('live_rooms', roomId);
  if (!room) throw fail('NOT_FOUND', 'no such live room');
  return room;
}

/** The room's own products as cards, in the room's order, read in one query (a room lists at most 100). */
export async function roomProducts(room: LiveRoom): Promise<ProductCard[]> {
  const ids = room.productIds ?? [];
  if (!ids.length) return [];
  const { data } = await db().collection('products').where({ _id: command().in(ids.slice(0, 100)) }).limit(100).get();
  const byId = new Map((data as ProductDoc[]).map((p) => [p._id, p]));
  return ids.flatMap((id) => { const p = byId.get(id); return p ? [toCard(p)] : []; });
}

/** The room's pushes not yet made current, earliest first (at most 100). */
export async function openPushes(roomId: string): Promise<LivePush[]> {
  const { data } = await db().collection('live_pushes').where({ roomId, done: false }).orderBy('at', 'asc').limit(100).get();
  return data as LivePush[];
}

/** A scheduled push is named by what it is: scheduling the same push again lands on the same document. */
export const pushId = (roomId: string, productId: string, at: number) => stableId('lp', roomId, productId, String(at));

/**
 * The timer: makes due pushes current, room by room, in time order. Each room changes in one transaction
 * with its pushes marked done, so a push is applied once however often the timer runs.
 */
export async function runDuePushes(now: number): Promise<{ rooms: number; pushes: number }> {
  const { data } = await db().collection('live_pushes').where({ done: false, at: command().lte(now) }).orderBy('at', 'asc').limit(500).get();
  const byRoom = new Map<string, string[]>();
  for (const p of data as LivePush[]) byRoom.set(p.roomId, [...(byRoom.get(p.roomId) ?? []), p._id]);
  let pushes = 0;
  for (const [roomId, ids] of byRoom) {
    pushes += await transaction(async (tx) => {
      const room = await tx.collection('live_rooms').doc<LiveRoom>(roomId).get();
      const due = (await Promise.all(ids.map((id) => tx.collection('live_pushes').doc<LivePush>(id).get()))).filter((p): p is LivePush => !!p);
      if (!room) return 0;
      const next = applyDue(room, due, now);
      if (next.room !== room) await tx.collection('live_rooms').doc(roomId).update({ status: next.room.status, currentGoods: command().set(next.room.currentGoods) });
      for (const id of next.done) await tx.collection('live_pushes').doc(id).update({ done: true, doneAt: now });
      return next.done.length;
    });
  }
  return { rooms: byRoom.size, pushes };
}
