/**
 * Product impressions (曝光): a `product_impression` event when a product card is actually on screen —
 * at least half of it inside the viewport, seen by an IntersectionObserver — once per product per page
 * instance, however often the list refreshes, re-renders or scrolls the card in and out again. A card
 * loaded below the fold counts only when the shopper scrolls to it.
 *
 * A list page marks each card `class="tm-impression" data-product-id="{{item.productId}}"` and calls
 * {@link watchImpressions} whenever the cards it renders change (an `observers` entry on the bound field),
 * and {@link stopImpressions} when it goes away. WeChat's `observeAll` observes the nodes there are when
 * `observe` runs, so each render observes the cards afresh (the ones already counted stay counted).
 * The events ride the batched tracker (utils/tracker.ts) like any other.
 */
import { track } from './tracker';

/** Where the cards were shown. */
export type ImpressionList = 'home' | 'category' | 'search';

/** The selector of the cards a list page renders (each with `data-product-id`). */
export const IMPRESSION_CARD = '.tm-impression';
/** How much of a card must be inside the viewport to count as seen (the IAB's display rule: half). */
export const VISIBLE_RATIO = 0.5;

/** What a page offers: `this` of a `Component()` page (or `Page()`). */
export interface ImpressionHost {
  createIntersectionObserver(options: WechatMiniprogram.CreateIntersectionObserverOption): WechatMiniprogram.IntersectionObserver;
}

export interface ImpressionSource {
  list: ImpressionList;
  /** The list's products in order, as it holds them now: a card's position is its index here (from 0). */
  items: () => readonly { productId: string }[];
  /** Props added to each event (a keyword), read when the card is seen. */
  extra?: () => Record<string, string | number>;
}

interface Watch {
  seen: Set<string>;
  observer: WechatMiniprogram.IntersectionObserver | null;
  /** Bumped by every watch and stop: a deferred observe that is no longer the latest does nothing. */
  generation: number;
}

/** Per page instance: the products already recorded and the observer watching its cards. */
const watches = new WeakMap<object, Watch>();

function watchOf(page: object): Watch {
  let watch = watches.get(page);
  if (!watch) watches.set(page, (watch = { seen: new Set(), observer: null, generation: 0 }));
  return watch;
}

/**
 * Observes the cards `page` renders now (relative to the viewport) and tracks `product_impression`
 * `{productId, list, position, ...extra}` for each card the first time it is at least
 * {@link VISIBLE_RATIO} on screen. Call it after each change of the rendered cards.
 */
export function watchImpressions(page: ImpressionHost, source: ImpressionSource): void {
  const watch = watchOf(page);
  watch.observer?.disconnect();
  watch.observer = null;
  const generation = ++watch.generation;
  // After the render that changed the cards: observeAll takes the nodes there are when observe runs.
  wx.nextTick(() => {
    if (watch.generation !== generation) return;
    const observer = page.createIntersectionObserver({ observeAll: true, thresholds: [VISIBLE_RATIO] });
    watch.observer = observer;
    observer.relativeToViewport().observe(IMPRESSION_CARD, (res) => {
      const productId = (res.dataset as { productId?: unknown }).productId;
      if (res.intersectionRatio < VISIBLE_RATIO || typeof productId !== 'string' || watch.seen.has(productId)) return;
      const position = source.items().findIndex((item) => item.productId === productId);
      if (position < 0) return; // a card of a list that has moved on (another category, another keyword)
      watch.seen.add(productId);
      track('product_impression', { productId, list: source.list, position, ...(source.extra?.() ?? {}) });
    });
  });
}

/** Stops observing `page`'s cards (its `detached`/`onUnload`). */
export function stopImpressions(page: object): void {
  const watch = watches.get(page);
  if (!watch) return;
  watch.generation += 1;
  watch.observer?.disconnect();
  watch.observer = null;
}
