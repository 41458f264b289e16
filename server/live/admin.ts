/** The back-office's live rooms (直播): list them, and edit title, cover, host and products. */
import type { AdminLiveRoomView, LiveStatus, Page, Req } from '../../typings/api';
import type { LiveRoom } from '../../domain/live/live';
import { command, db, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { keysetPage } from '../kernel/keyset';

type RoomDoc = LiveRoom & { cover?: string | null };

const view = (r: RoomDoc): AdminLiveRoomView => ({
  roomId: r._id, title: r.title, cover: r.cover ?? null, hostOpenid: r.hostOpenid, productIds: r.productIds, status: r.status, hostCommissionBps: r.hostCommissionBps ?? 0, createdAt: r.createdAt,
});

export async function listLiveRooms(req: { status?: LiveStatus; cursor?: string; limit?: number }): Promise<Page<AdminLiveRoomView>> {
  const { docs, nextCursor } = await keysetPage<RoomDoc>('live_rooms', req.status ? { status: req.status } : {}, 'createdAt', req);
  return { items: docs.map(view), nextCursor };
}

/** Changes what is given; every product named must exist (NOT_FOUND). The room's state and goods are kept. */
export async function updateLiveRoom(req: Req<'admin.updateLiveRoom'>, by: string, now: number): Promise<AdminLiveRoomView> {
  const productIds = req.productIds ? [...new Set(req.productIds)] : undefined;
  if (productIds) {
    const { data } = await db().collection('products').where({ _id: command().in(productIds) }).limit(100).get();
    if (data.length !== productIds.length) throw fail('NOT_FOUND', 'productIds: some products do not exist');
  }
  return transaction(async (tx) => {
    const ref = tx.collection('live_rooms').doc<RoomDoc>(req.roomId);
    const room = await ref.get();
    if (!room) throw fail('NOT_FOUND', 'no such live room');
    const patch: Record<string, unknown> = { updatedAt: now, updatedBy: by };
    if (req.title !== undefined) patch.title = req.title;
    if (req.cover !== undefined) patch.cover = req.cover;
    if (req.hostOpenid !== undefined) patch.hostOpenid = req.hostOpenid;
    if (productIds) patch.productIds = productIds;
    await ref.update(patch);
    return view({ ...room, ...patch } as RoomDoc);
  });
}
