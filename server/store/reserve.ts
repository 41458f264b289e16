/**
 * Reservations taken when an order is created, by conditional updates (never read-then-write): SKU stock,
 * a flash sale's own stock and the member's per-sale count, and a claimed coupon. Every take is listed in
 * the placement's hold first and marks the document it changes with the hold's tag (server/store/holds.ts),
 * so a refusal, a crash or a timeout between any two requests gives it all back (at once, or by the
 * `sweepHolds` timer). Cancelling a created order gives them back in its transaction (`releaseTx`).
 */
import { flashCounterId } from '../../domain/store/flashsale';
import type { OrderLine } from '../../domain/store/order';
import { command, db, findById, type Tx } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';
import { unholdCouponTx } from './coupons';
import { take, type CounterUnit, type HoldUnit } from './holds';

/** What an order's lines will take, in the order they are taken. */
export function unitsToTake(p: { userId: string; items: Pick<OrderLine, 'skuId' | 'quantity' | 'stockPool'>[]; flashSaleId: string | null; couponId: string | null }): HoldUnit[] {
  const units: HoldUnit[] = [];
  for (const item of p.items) {
    if (item.stockPool === 'flash' && p.flashSaleId) {
      units.push({ coll: 'flash_purchases', docId: flashCounterId(p.flashSaleId, p.userId), field: 'quantity', delta: item.quantity });
      units.push({ coll: 'flash_sales', docId: p.flashSaleId, field: 'stock', delta: -item.quantity });
    }
    if (item.stockPool === 'sku') units.push({ coll: 'skus', docId: item.skuId, field: 'stock', delta: -item.quantity });
  }
  if (p.couponId) units.push({ coll: 'user_coupons', couponId: p.couponId });
  return units;
}

/** Takes `quantity` of a SKU's stock if that much is left, marked with `tag`; OUT_OF_STOCK otherwise. */
export async function takeSkuStock(tag: string, skuId: string, quantity: number): Promise<void> {
  const unit: CounterUnit = { coll: 'skus', docId: skuId, field: 'stock', delta: -quantity };
  if (!(await take(tag, unit, { stock: command().gte(quantity) }))) throw fail('OUT_OF_STOCK', `not enough stock for ${skuId}`);
}

/**
 * Counts `quantity` against the member's per-sale limit (LIMIT_EXCEEDED past it), then takes the flash
 * sale's own stock while it runs (OUT_OF_STOCK when not enough is left), both marked with `tag`.
 */
export async function takeFlash(tag: string, flashSaleId: string, userId: string, quantity: number, perUserLimit: number, now: number): Promise<void> {
  const _ = command();
  const id = flashCounterId(flashSaleId, userId);
  const counter: CounterUnit = { coll: 'flash_purchases', docId: id, field: 'quantity', delta: quantity };
  let counted = false;
  for (let attempt = 0; attempt < 2 && !counted; attempt++) {
    if (await take(tag, counter, { quantity: _.lte(perUserLimit - quantity) })) counted = true;
    else if (await findById('flash_purchases', id)) break;
    else if (quantity <= perUserLimit) {
      try {
        await db().collection('flash_purchases').add({ data: { _id: id, flashSaleId, userId, quantity, holds: { [tag]: quantity } } });
        counted = true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    } else break;
  }
  if (!counted) throw fail('LIMIT_EXCEEDED', `at most ${perUserLimit} per member in this flash sale`);
  const stock: CounterUnit = { coll: 'flash_sales', docId: flashSaleId, field: 'stock', delta: -quantity };
  if (!(await take(tag, stock, { stock: _.gte(quantity), startAt: _.lte(now), endAt: _.gt(now) }))) throw fail('OUT_OF_STOCK', 'the flash sale is sold out');
}


/** What a created order holds, to give back in the transaction that cancels it. */
export interface OrderHolds { _id: string; userId: string; items: OrderLine[]; flashSaleId: string | null; userCouponId: string | null }

/** Returns the lines' stock to its pool (SKU or flash sale), inside `tx`. */
export async function returnStockTx(tx: Tx, flashSaleId: string | null, lines: { skuId: string; quantity: number; stockPool: OrderLine['stockPool'] }[]): Promise<void> {
  const _ = command();
  for (const l of lines) {
    if (l.stockPool === 'sku') await tx.collection('skus').doc(l.skuId).update({ stock: _.inc(l.quantity) });
    if (l.stockPool === 'flash' && flashSaleId) await tx.collection('flash_sales').doc(flashSaleId).update({ stock: _.inc(l.quantity) });
  }
}

/** Gives back stock, the member's flash-sale count and the coupon of an order that will never be paid. */
export async function releaseTx(tx: Tx, order: OrderHolds): Promise<void> {
  const _ = command();
  await returnStockTx(tx, order.flashSaleId, order.items);
  const flashQty = order.items.filter((l) => l.stockPool === 'flash').reduce((s, l) => s + l.quantity, 0);
  if (order.flashSaleId && flashQty > 0) await tx.collection('flash_purchases').doc(flashCounterId(order.flashSaleId, order.userId)).update({ quantity: _.inc(-flashQty) });
  if (order.userCouponId) await unholdCouponTx(tx, order.userCouponId, order._id);
}
