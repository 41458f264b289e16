/** The server-side cart (`carts/{userId}`): the same on every device, priced from current SKU data. */
import type { Api } from '../../typings/api';
import { addToCart, updateCartLine, viewCart, type StoredCartLine } from '../../domain/store/catalog';
import { findById, transaction } from '../kernel/db';
import { fail } from '../kernel/errors';
import { loadSkus } from './catalog';

type CartAnswer = Api['cart.list']['res'];
interface CartDoc { lines: StoredCartLine[]; updatedAt: number }

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
    const next = change((await ref.get())?.lines ?? []);
    await ref.set({ lines: next, updatedAt: now });
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

/**
 * Takes an order's lines out of the member's cart (`order.create {fromCart: true}`), once the order exists:
 * each line loses the ordered quantity (and leaves when none is left). Idempotent per order: the cart
 * remembers the last orders it gave lines to, so a repeated create (same idempotency key, same order)
 * takes nothing twice; edits made on another device in between are kept (it runs in a transaction).
 */
export async function takeOrderedFromCart(userId: string, orderId: string, ordered: { skuId: string; quantity: number }[], now: number): Promise<void> {
  await transaction(async (tx) => {
    const ref = tx.collection('carts').doc<CartDoc & { ordersTaken?: string[] }>(userId);
    const cart = await ref.get();
    if (!cart || (cart.ordersTaken ?? []).includes(orderId)) return;
    const qty = new Map<string, number>();
    for (const l of ordered) qty.set(l.skuId, (qty.get(l.skuId) ?? 0) + l.quantity);
    const lines = cart.lines.map((l) => (qty.has(l.skuId) ? { ...l, quantity: l.quantity - qty.get(l.skuId)! } : l)).filter((l) => l.quantity > 0);
    await ref.set({ lines, updatedAt: now, ordersTaken: [orderId, ...(cart.ordersTaken ?? [])].slice(0, 20) });
  });
}
