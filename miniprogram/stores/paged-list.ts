import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { ApiName, ErrorCode, Page, Req, Res } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

/** How many rows one page of a list asks for, unless the list says otherwise. */
export const LIST_PAGE_SIZE = 20;

/** The paged actions: they take `{cursor?, limit?}` and answer `{items, nextCursor}`. */
export type PagedName = { [K in ApiName]: Res<K> extends Page<unknown> ? (Req<K> extends { cursor?: string } ? K : never) : never }[ApiName];
export type ItemOf<K extends PagedName> = Res<K> extends Page<infer T> ? T : never;

/**
 * One cursor-paged list of the backend, appended page by page (reach-bottom). `filter` adds the list's
 * own request fields (a category, a status tab) at each load. A page answered after `reset()` is dropped,
 * so a refresh or a filter change never mixes an old page into the new list. Subclasses add their filter
 * state and views (annotate them with `makeObservable` in their own constructor).
 */
export class PagedList<K extends PagedName> {
  items: ItemOf<K>[] = [];
  /** Cursor of the next page; null before the first page and at the end. */
  cursor: string | null = null;
  /** False once the backend answered a page without `nextCursor`. */
  hasMore = true;
  loading = false;
  error: ErrorCode | null = null;
  private generation = 0;

  constructor(
    private readonly actionName: K,
    private readonly pageSize = LIST_PAGE_SIZE,
    private readonly filter: () => Partial<Req<K>> = () => ({}),
  ) {
    makeObservable<PagedList<K>, never>(this, {
      items: observable.ref,
      cursor: observable,
      hasMore: observable,
      loading: observable,
      error: observable,
      isEmpty: computed,
      loadMore: action.bound,
      reset: action.bound,
      refresh: action.bound,
    });
  }

  /** The whole list was read and it has nothing. */
  get isEmpty(): boolean {
    return !this.loading && this.error === null && !this.hasMore && this.items.length === 0;
  }

  /** Loads the next page; does nothing while a page is loading or after the last one. */
  async loadMore(): Promise<void> {
    if (this.loading || !this.hasMore) return;
    const generation = this.generation;
    const req = { ...this.filter(), limit: this.pageSize, ...(this.cursor !== null ? { cursor: this.cursor } : {}) } as Req<K>;
    await request(() => call(this.actionName, req) as Promise<Page<ItemOf<K>>>, {
      start: () => { this.loading = true; this.error = null; },
      done: (page) => {
        if (generation !== this.generation) return;
        this.items = this.items.concat(page.items);
        this.cursor = page.nextCursor;
        this.hasMore = page.nextCursor !== null;
        this.loading = false;
      },
      failed: (code) => {
        if (generation !== this.generation) return;
        this.error = code;
        this.loading = false;
      },
    });
  }

  /** Forgets every page; an answer still in flight is dropped. */
  reset(): void {
    this.generation += 1;
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
