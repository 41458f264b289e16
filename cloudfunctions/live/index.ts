/**
 * live (直播): a room's state for viewers (current goods, the schedule ahead and the server clock, so
 * bubbles show on time without polling), and the host's or an operator's pushes.
 */
import { byListOrder, checkSchedule, mayDirect, pushGoods, roomView } from '../../domain/live/live';
import { orFail } from '../../server/kernel/errors';
import { loadRoom, openPushes, pushId, roomProducts, runDuePushes } from '../../server/live/live';
import { command, db, transaction } from '../../server/kernel/db';
import { fail, isDuplicateKey } from '../../server/kernel/errors';
import { defineFunction } from '../../server/kernel/router';
import { id, paging, v } from '../../server/kernel/validate';
import type { LiveRoom } from '../../domain/live/live';

function mustDirect(room: LiveRoom, ctx: { caller: { openid: string }; isOperator: boolean }): void {
  if (!mayDirect(room, { openid: ctx.caller.openid, isOperator: ctx.isOperator })) throw fail('FORBIDDEN', 'only the host or an operator may do this');
}

/** How many rooms the list considers: a brand runs a handful of rooms at a time. */
const LIST_WINDOW = 200;

export const main = defineFunction('live', {
  list: {
    access: 'any',
    input: v.object({ status: v.optional(v.literal('upcoming', 'live', 'ended')), ...paging }),
    async run(req) {
      const query = req.status ? { status: req.status } : { status: command().neq('ended') };
      const { data } = await db().collection('live_rooms').where(query).orderBy('createdAt', 'desc').limit(LIST_WINDOW).get();
      const rooms = (data as LiveRoom[]).sort(byListOrder);
      const offset = Math.max(0, Number(req.cursor ?? 0) || 0);
      const limit = req.limit ?? 20;
      const page = rooms.slice(offset, offset + limit);
      return {
        items: page.map((r) => ({ roomId: r._id, title: r.title, status: r.status, cover: (r as LiveRoom & { cover?: string }).cover, currentGoods: r.currentGoods })),
        nextCursor: offset + limit < rooms.length ? String(offset + limit) : null,
      };
    },
  },
  room: {
    access: 'any',
    input: v.object({ roomId: id }),
    async run(req, ctx) {
      const [room, pushes] = await Promise.all([loadRoom(req.roomId), openPushes(req.roomId)]);
      return { ...roomView(room, pushes, ctx.now), products: await roomProducts(room) };
    },
  },
  pushGoods: {
    input: v.object({ roomId: id, productId: id }),
    async run(req, ctx) {
      mustDirect(await loadRoom(req.roomId), ctx);
      const room = await transaction(async (tx) => {
        const current = await tx.collection('live_rooms').doc<LiveRoom>(req.roomId).get();
        if (!current) throw fail('NOT_FOUND', 'no such live room');
        const next = orFail(pushGoods(current, req.productId, ctx.now));
        // _.set replaces the field whole: a plain object would be merged path by path into a null field.
        await tx.collection('live_rooms').doc(req.roomId).update({ status: next.status, currentGoods: command().set(next.currentGoods) });
        return next;
      });
      return { currentGoods: room.currentGoods! };
    },
  },
  schedulePush: {
    input: v.object({ roomId: id, productId: id, at: v.time() }),
    async run(req, ctx) {
      const room = await loadRoom(req.roomId);
      mustDirect(room, ctx);
      orFail(checkSchedule(room, req.productId, req.at, ctx.now));
      // Named by (room, product, at): the same schedule twice is one push.
      try {
        await db().collection('live_pushes').add({
          data: { _id: pushId(req.roomId, req.productId, req.at), roomId: req.roomId, productId: req.productId, at: req.at, done: false, by: ctx.caller.openid, createdAt: ctx.now },
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return {};
    },
  },
  setStatus: {
    input: v.object({ roomId: id, status: v.literal('live', 'ended') }),
    async run(req, ctx) {
      const room = await loadRoom(req.roomId);
      mustDirect(room, ctx);
      if (room.status === 'ended') throw fail('INVALID_STATE', 'the live has ended');
      await db().collection('live_rooms').doc(req.roomId).update({ data: { status: req.status, ...(req.status === 'ended' ? { endedAt: ctx.now, currentGoods: null } : {}) } });
      return { status: req.status };
    },
  },
}, {
  timers: { duePushes: ({ now }) => runDuePushes(now) },
});
