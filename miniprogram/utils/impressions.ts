/**
 * Product impressions (曝光): a `product_impression` event the first time a product card is rendered by a
 * list page — once per product per page session (the page instance), whatever refreshes, re-renders or
 * later pages follow. The list pages call {@link recordImpressions} when the cards they render change
 * (an `observers` entry on the bound field), so each loaded page of a feed is recorded as it arrives.
 * The events ride the batched tracker (utils/tracker.ts) like any other.
 */
import { track } from './tracker';

/** Where the cards were shown. */
export type ImpressionList = 'home' | 'category' | 'search';

/** The products already recorded, per page instance. */
const seenBy = new WeakMap<object, Set<string>>();

/**
 * Tracks `product_impression` `{productId, list, position}` (position: the card's index in the list,
 * from 0) for each of `cards` this page has not shown before; `extra` props (a category, a keyword) are
 * added to each. Answers how many were new.
 */
export function recordImpressions(
  page: object,
  list: ImpressionList,
  cards: readonly { productId: string }[],
  extra: Record<string, string | number> = {},
): number {
  let seen = seenBy.get(page);
  if (!seen) seenBy.set(page, (seen = new Set()));
  let added = 0;
  cards.forEach((card, position) => {
    if (seen!.has(card.productId)) return;
    seen!.add(card.productId);
    track('product_impression', { productId: card.productId, list, position, ...extra });
    added += 1;
  });
  return added;
}
