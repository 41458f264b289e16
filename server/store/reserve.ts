/**
 * Reservations taken when an order is created, by conditional updates (never read-then-write):
 * SKU stock, a flash sale's own stock and the member's per-sale count, and a claimed coupon.
 * What was taken is recorded in a `Held`; if a later step fails, `release(held)` gives it all back
 * before the action answers. Cancelling a created order gives them back in its transaction (`releaseTx`).
 */
import { flashCounterId } from '../../domain/store/flashsale';
import type { OrderLine } from '../../domain/store/order';
import { command, db, findById, type Tx } from '../kernel/db';
import { fail, isDuplicateKey } from '../kernel/errors';
import { unholdCoupon, unholdCouponTx } from './coupons';

export interface Held {
  skus: { skuId: string; quantity: number }[];
  flash: { flashSaleId: string; userId: string; quantity: number; stock: boolean } | null;
  userCouponId: string | null;
}

export const nothingHeld = (): Held => ({ skus: [], flash: null, userCouponId: null });

type Updated = { stats: { updated: number } };

/** Takes `quantity` of a SKU's stock if that much is left; OUT_OF_STOCK otherwise. */
export async function takeSkuStock(held: Held, skuId: string, quantity: number): Promise<void> {
  const _ = command();
  const res = (await db().collection('skus').where({ _id: skuId, stock: _.gte(quantity) }).update({ data: { stock: _.inc(-quantity) } })) as Updated;
  if (res.stats.updated !== 1) throw fail('OUT_OF_STOCK', `not enough stock for ${skuId}`);
  held.skus.push({ skuId, quantity });
}

/**
 * Counts `quantity` against the member's per-sale limit (LIMIT_EXCEEDED past it), then takes the flash
 * sale's own stock while it runs (OUT_OF_STOCK when not enough is left).
 */
export async function takeFlash(held: Held, flashSaleId: string, userId: string, quantity: number, perUserLimit: number, now: number): Promise<void> {
  const _ = command();
  const counters = db().collection('flash_purchases');
  const id = flashCounterId(flashSaleId, userId);
  let counted = false;
  for (let attempt = 0; attempt < 2 && !counted; attempt++) {
    const res = (await counters.where({ _id: id, quantity: _.lte(perUserLimit - quantity) }).update({ data: { quantity: _.inc(quantity) } })) as Updated;
    if (res.stats.updated === 1) counted = true;
    else if (await findById('flash_purchases', id)) break;
    else {
      try {
        await counters.add({ data: { _id: id, flashSaleId, userId, quantity } });
        counted = true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  if (!counted) throw fail('LIMIT_EXCEEDED', `at most ${perUserLimit} per member in this flash sale`);
  held.flash = { flashSaleId, userId, quantity, stock: false };
  const res = (await db().collection('flash_sales').where({ _id: flashSaleId, stock: _.gte(quantity), startAt: _.lte(now), endAt: _.gt(now) }).update({ data: { stock: _.inc(-quantity) } })) as Updated;
  if (res.stats.updated !== 1) throw fail('OUT_OF_STOCK', 'the flash sale is sold out');
  held.flash.stock = true;
}

/** Gives back everything `held` took (compensation after a failed create). Logs and goes on if one step fails. */
export async function release(held: Held, orderId: string): Promise<void> {
  const _ = command();
  const steps: (() => Promise<unknown>)[] = [
    ...held.skus.map((s) => () => db().collection('skus').doc(s.skuId).update({ data: { stock: _.inc(s.quantity) } })),
    ...(held.flash ? [() => db().collection('flash_purchases').doc(flashCounterId(held.flash!.flashSaleId, held.flash!.userId)).update({ data: { quantity: _.inc(-held.flash!.quantity) } })] : []),
    ...(held.flash?.stock ? [() => db().collection('flash_sales').doc(held.flash!.flashSaleId).update({ data: { stock: _.inc(held.flash!.quantity) } })] : []),
    ...(held.userCouponId ? [() => unholdCoupon(held.userCouponId!, orderId)] : []),
  ];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      console.error(`[order ${orderId}] compensation step failed; stock or coupon needs repair`, err);
    }
  }
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
