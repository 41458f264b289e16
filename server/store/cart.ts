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
