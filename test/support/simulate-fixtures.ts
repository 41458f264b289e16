/** Fixture builders for page tests: overrides in, contract-shaped data out. */
import type { CartLine, ProductCard } from '../../typings/api';

let seq = 0;
const next = () => (seq += 1);

export function aCard(overrides: Partial<ProductCard> = {}): ProductCard {
  const n = next();
  return { productId: `p${n}`, title: `Product ${n}`, minPriceFen: 1990, cover: `https://img.test/p${n}.png`, ...overrides };
}

export function someCards(count: number, overrides: Partial<ProductCard> = {}): ProductCard[] {
  return Array.from({ length: count }, () => aCard(overrides));
}

export function aCartLine(overrides: Partial<CartLine> = {}): CartLine {
  const n = next();
  return {
    skuId: `s${n}`, productId: `p${n}`, title: `Product ${n}`, skuName: 'Default', cover: `https://img.test/p${n}.png`,
    priceFen: 1990, quantity: 1, selected: true, stock: 99, ...overrides,
  };
}

/** What a `cart.*` action answers for these lines. */
export function cartAnswer(items: CartLine[]): { items: CartLine[]; selectedTotalFen: number } {
  return { items, selectedTotalFen: items.filter((l) => l.selected).reduce((s, l) => s + l.priceFen * l.quantity, 0) };
}
