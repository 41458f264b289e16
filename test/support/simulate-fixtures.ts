/** Fixture builders for page tests: overrides in, contract-shaped data out. */
import type { CartLine, PartnerView, ProductCard } from '../../typings/api';

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

/** A partner brand as `alliance.partners` lists it: the seeded coffee partner unless overridden. */
export function aPartnerView(overrides: Partial<PartnerView> = {}): PartnerView {
  return {
    partnerId: 'coffee', name: '晨光咖啡', appId: 'wx-partner-coffee', ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000,
    jumpPath: 'pages/index/index', slogan: '团团优选会员专享：积分换咖啡', welcomeCouponId: 'alliance-coffee-welcome', ...overrides,
  };
}
