/**
 * Keyset paging for every "newest first" list (feed, orders, points history, commissions, withdrawals):
 * documents ordered by `(field desc, _id desc)`, a page of `limit`, and an opaque cursor naming the last
 * document's position, so a page never skips or repeats an item when documents arrive in between (as
 * skip/limit paging would).
 */
import { decodeCursor, encodeCursor } from '../../domain/kernel/cursor';
import { command, db } from './db';
import { fail } from './errors';

export interface PageRequest { cursor?: string; limit?: number }

/**
 * One page of `collection` matching `filter`, ordered by `(field desc, _id desc)` after the cursor.
 * A cursor that is not one of ours is INVALID_ARGUMENT. `field` must be a number on every document.
 */
export async function keysetPage<T extends { _id: string }>(
  collection: string,
  filter: Record<string, unknown>,
  field: string,
  req: PageRequest,
  defaultLimit = 20,
): Promise<{ docs: T[]; nextCursor: string | null }> {
  const _ = command();
  const limit = req.limit ?? defaultLimit;
  let where: unknown = filter;
  if (req.cursor) {
    const at = decodeCursor(req.cursor);
    if (!at) throw fail('INVALID_ARGUMENT', 'cursor: not a cursor from this list');
    const after = _.or([{ [field]: _.lt(at.sort) }, { [field]: at.sort, _id: _.lt(at.id) }]);
    where = Object.keys(filter).length ? _.and([filter, after]) : after;
  }
  const { data } = await db().collection(collection).where(where as Record<string, unknown>).orderBy(field, 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
  const docs = (data as T[]).slice(0, limit);
  const last = docs[docs.length - 1] as (T & Record<string, unknown>) | undefined;
  return { docs, nextCursor: data.length > limit && last ? encodeCursor({ sort: last[field] as number, id: last._id }) : null };
}
