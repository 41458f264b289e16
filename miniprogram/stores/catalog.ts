import { makeAutoObservable, runInAction } from 'mobx-miniprogram';
import type { ErrorCode, ProductCard } from '../../typings/api';
import { call, errorCodeOf } from '../api/client';

/** How many cards one `catalog.list` call asks for. */
export const FEED_PAGE_SIZE = 10;

/**
 * A paged product feed (`catalog.list`), optionally of one category. Pages are appended in order;
 * a page answered after `reset()` is dropped, so switching categories never mixes feeds.
 */
export class FeedStore {
  items: ProductCard[] = [];
  /** Cursor of the next page; null before the first page and at the end. */
  cursor: string | null = null;
  /** False once the backend answered a page without `nextCursor`. */
  hasMore = true;
  loading = false;
  error: ErrorCode | null = null;
  categoryId: string | null;
  private generation = 0;

  constructor(categoryId: string | null = null) {
    this.categoryId = categoryId;
    makeAutoObservable<FeedStore, 'generation'>(this, { generation: false }, { autoBind: true });
  }

  /** Nothing to show: the whole feed was loaded and it has no items. */
  get isEmpty(): boolean {
    return !this.loading && this.error === null && !this.hasMore && this.items.length === 0;
  }

  /** Cards dealt alternately into two columns (left, right) for the waterfall. */
  get columns(): [ProductCard[], ProductCard[]] {
    const left: ProductCard[] = [];
    const right: ProductCard[] = [];
    this.items.forEach((item, index) => (index % 2 === 0 ? left : right).push(item));
    return [left, right];
  }

  /** Loads the next page; does nothing while a page is loading or after the last one. */
  async loadMore(): Promise<void> {
    if (this.loading || !this.hasMore) return;
    const generation = this.generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await call('catalog.list', {
        limit: FEED_PAGE_SIZE,
        ...(this.categoryId !== null ? { categoryId: this.categoryId } : {}),
        ...(this.cursor !== null ? { cursor: this.cursor } : {}),
      });
      if (generation !== this.generation) return;
      runInAction(() => {
        this.items = this.items.concat(page.items);
        this.cursor = page.nextCursor;
        this.hasMore = page.nextCursor !== null;
        this.loading = false;
      });
    } catch (err) {
      if (generation !== this.generation) return;
      runInAction(() => {
        this.error = errorCodeOf(err);
        this.loading = false;
      });
    }
  }

  /** Forgets every page (and, when given, switches category); an answer still in flight is dropped. */
  reset(categoryId: string | null = this.categoryId): void {
    this.generation += 1;
    this.categoryId = categoryId;
    this.items = [];
    this.cursor = null;
    this.hasMore = true;
    this.loading = false;
    this.error = null;
  }

  /** Starts over from the first page (pull-down refresh, retry after an error on the first page). */
  refresh(): Promise<void> {
    this.reset();
    return this.loadMore();
  }
}

/** The home feed: every category. */
export const catalog = new FeedStore();
