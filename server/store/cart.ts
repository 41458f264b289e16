/** The server-side cart (`carts/{userId}`): the same on every device, priced from current SKU data. */
import type { Api } from '../../typings/api';
import { addToCart, updateCartLine, viewCart, type StoredCartLine } from '../../domain/store/catalog';
import { command, db, findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { loadSkus } from './catalog';

type CartAnswer = Api['cart.list']['res'];
/** `rev` counts the cart's changes (a compare-and-set names the one it read); `ordersTaken`: see takeOrderedFromCart. */
export interface CartDoc { lines: StoredCartLine[]; updatedAt: number; rev?: number; ordersTaken?: string[] }

async function show(lines: StoredCartLine[]): Promise<CartAnswer> {
  return viewCart(lines, await loadSkus(lines.map((l) => l.skuId)));
}

export async function listCart(userId: string): Promise<CartAnswer> {
  return show((await findById<CartDoc>('carts', userId))?.lines ?? []);
}

/** Changes the cart in a transaction (two devices editing at once both land). */
export async function changeCart(userId: string, now: number, change: (lines: StoredCartLine[]) => StoredCartLine[]): Promise<CartAnswer> {
  const lines = await transaction(async (tx) => {
    const ref = tx.collection('carts').doc<CartDoc>(userId);
    const cur = await ref.get();
    const next = change(cur?.lines ?? []);
    await ref.set({ lines: next, updatedAt: now, rev: (cur?.rev ?? 0) + 1, ordersTaken: cur?.ordersTaken ?? [] });
    return next;
  });
  return show(lines);
}

export async function addCartLine(userId: string, skuId: string, quantity: number, now: number): Promise<CartAnswer> {
  if (!(await findById('skus', skuId))) throw fail('NOT_FOUND', 'no such sku');
  return changeCart(userId, now, (lines) => addToCart(lines, skuId, quantity, now));
}

export async function updateCart(userId: string, req: Api['cart.update']['req'], now: number): Promise<CartAnswer> {
  return changeCart(userId, now, (lines) => {
    if (!lines.some((l) => l.skuId === req.skuId)) throw fail('NOT_FOUND', 'that sku is not in the cart');
    return updateCartLine(lines, req.skuId, req);
  });
}

export async function removeCartLines(userId: string, skuIds: string[], now: number): Promise<CartAnswer> {
  return changeCart(userId, now, (lines) => lines.filter((l) => !skuIds.includes(l.skuId)));
}

/** The cart without what `orderId` ordered, or null when that order took its lines already. */
function withoutOrdered(cart: CartDoc, orderId: string, ordered: { skuId: string; quantity: number }[], now: number): CartDoc | null {
  if ((cart.ordersTaken ?? []).includes(orderId)) return null;
  const qty = new Map<string, number>();
  for (const l of ordered) qty.set(l.skuId, (qty.get(l.skuId) ?? 0) + l.quantity);
  const lines = cart.lines.map((l) => (qty.has(l.skuId) ? { ...l, quantity: l.quantity - qty.get(l.skuId)! } : l)).filter((l) => l.quantity > 0);
  return { lines, updatedAt: now, rev: (cart.rev ?? 0) + 1, ordersTaken: [orderId, ...(cart.ordersTaken ?? [])].slice(0, 20) };
}

/**
 * Takes an order's lines out of the member's cart (`order.create {fromCart: true}`), once the order exists:
 * each line loses the ordered quantity (and leaves when none is left). Idempotent per order: the cart
 * remembers the last orders it gave lines to, so a repeated create (same idempotency key, same order)
 * takes nothing twice; edits made on another device in between are kept. `seen`: the cart as read before the
 * order was placed (alongside the placement's first reads): then ONE compare-and-set on its `rev` does it,
 * and only a cart changed meanwhile takes the transaction.
 */
export async function takeOrderedFromCart(userId: string, orderId: string, ordered: { skuId: string; quantity: number }[], now: number, seen?: CartDoc | null): Promise<void> {
  if (seen !== undefined) {
    const next = seen && withoutOrdered(seen, orderId, ordered, now);
    if (!next) return;
    const _ = command();
    const res = (await db().collection('carts').where({ _id: userId, rev: seen!.rev ?? _.exists(false) }).update({
      data: { lines: _.set(next.lines), updatedAt: now, rev: next.rev, ordersTaken: _.set(next.ordersTaken) },
    })) as { stats: { updated: number } };
    if (res.stats.updated === 1) return;
  }
  await transaction(async (tx) => {
    const ref = tx.collection('carts').doc<CartDoc>(userId);
    const cart = await ref.get();
    const next = cart && withoutOrdered(cart, orderId, ordered, now);
    if (next) await ref.set(next);
  });
}
