/**
 * Catalog and cart rules (pure): product cards, and the
 * server-side cart's lines priced from current SKU data.
 */
import type { CartLine, ProductCard } from '../../typings/api';

export interface ProductDoc {
  _id: string;
  title: string;
  categoryId: string | null;
  images: string[];
  minPriceFen: number;
  sort: number;
  skuIds: string[];
  createdAt: number;
  /** Off-shelf products leave the feed and search, and cannot be ordered (absent on old documents: on shelf). */
  onShelf?: boolean;
  /** Images of the detail section below the gallery. */
  detailImages?: string[];
  /** Search keys of the title (indexed; domain/store/search.ts). */
  search?: string[];
  updatedAt?: number;
}

export interface SkuDoc {
  _id: string;
  productId: string;
  name: string;
  priceFen: number;
  stock: number;
  /** Copied from the product so a cart or order line needs no second read. */
  title: string;
  cover: string;
  /** Copied from the product: an off-shelf product's SKUs cannot be ordered. */
  onShelf?: boolean;
  /** Copied from the product, so an order knows its category without reading the product (absent on older SKUs). */
  categoryId?: string | null;
}

/** The first image is the cover; a product without images has an empty cover. */
export const coverOf = (images: readonly string[] | undefined): string => images?.[0] ?? '';

/** The cheapest SKU's price, fen (0 for a product without SKUs). */
export const minPriceOf = (skus: readonly { priceFen: number }[]): number => (skus.length ? Math.min(...skus.map((s) => s.priceFen)) : 0);

export function toCard(p: ProductDoc): ProductCard {
  return { productId: p._id, title: p.title, minPriceFen: p.minPriceFen, cover: coverOf(p.images) };
}

/** The most of one SKU a cart line holds. */
export const MAX_LINE_QUANTITY = 99;
/** The most lines a cart holds. */
export const MAX_CART_LINES = 50;

export interface StoredCartLine { skuId: string; quantity: number; selected: boolean; addedAt: number }

/** Adds `quantity` of a SKU (merging with its line, capped at MAX_LINE_QUANTITY); the newest line first. */
export function addToCart(lines: readonly StoredCartLine[], skuId: string, quantity: number, now: number): StoredCartLine[] {
  const found = lines.find((l) => l.skuId === skuId);
  if (found) return lines.map((l) => (l === found ? { ...l, quantity: Math.min(MAX_LINE_QUANTITY, l.quantity + quantity), selected: true } : l));
  return [{ skuId, quantity: Math.min(MAX_LINE_QUANTITY, quantity), selected: true, addedAt: now }, ...lines].slice(0, MAX_CART_LINES);
}

/** Changes a line's quantity and/or selection; quantity 0 removes it. Lines not in the cart are unchanged. */
export function updateCartLine(lines: readonly StoredCartLine[], skuId: string, change: { quantity?: number; selected?: boolean }): StoredCartLine[] {
  return lines
    .map((l) => (l.skuId !== skuId ? l : { ...l, ...(change.quantity !== undefined ? { quantity: Math.min(MAX_LINE_QUANTITY, change.quantity) } : {}), ...(change.selected !== undefined ? { selected: change.selected } : {}) }))
    .filter((l) => l.quantity > 0);
}

/**
 * The cart as shown: each stored line priced from the SKU's current data. Lines whose SKU is gone are
 * dropped; `selectedTotalFen` sums the selected lines at current prices.
 */
export function viewCart(lines: readonly StoredCartLine[], skus: ReadonlyMap<string, SkuDoc>): { items: CartLine[]; selectedTotalFen: number } {
  const items: CartLine[] = [];
  for (const l of lines) {
    const s = skus.get(l.skuId);
    if (!s) continue;
    items.push({ skuId: s._id, productId: s.productId, title: s.title, skuName: s.name, cover: s.cover, priceFen: s.priceFen, quantity: l.quantity, selected: l.selected, stock: s.stock });
  }
  return { items, selectedTotalFen: items.filter((i) => i.selected).reduce((sum, i) => sum + i.priceFen * i.quantity, 0) };
}
