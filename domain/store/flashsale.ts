/**
 * Flash sales (pure rules). A sale sells one SKU at `priceFen` from its own `stock`, between `startAt`
 * (inclusive) and `endAt` (exclusive), at most `perUserLimit` units per member across all their orders.
 * The stock and the per-member count are taken by conditional updates (server/store/reserve.ts).
 */
import { refuse, success, type Outcome } from '../kernel/outcome';

export interface FlashSaleDoc {
  _id: string;
  skuId: string;
  productId: string;
  priceFen: number;
  stock: number;
  perUserLimit: number;
  startAt: number;
  endAt: number;
  createdAt: number;
}

export const flashRunning = (s: Pick<FlashSaleDoc, 'startAt' | 'endAt'>, now: number): boolean => s.startAt <= now && now < s.endAt;

/** The per-(sale, member) purchase counter's id. */
export const flashCounterId = (flashSaleId: string, userId: string): string => `${flashSaleId}:${userId}`;

/**
 * Whether an order may buy `quantity` of the sale's SKU now (before counting stock and the member's
 * earlier purchases, which the database does atomically).
 */
export function checkFlashPurchase(sale: FlashSaleDoc, items: { skuId: string; quantity: number }[], now: number): Outcome<{ quantity: number }> {
  if (!flashRunning(sale, now)) return refuse('INVALID_STATE', 'the flash sale is not running');
  const line = items.find((i) => i.skuId === sale.skuId);
  if (!line) return refuse('INVALID_ARGUMENT', 'the flash sale is for a SKU not in this order');
  if (line.quantity > sale.perUserLimit) return refuse('LIMIT_EXCEEDED', `at most ${sale.perUserLimit} per member`);
  return success({ quantity: line.quantity });
}
