import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';
import { FeedStore } from './catalog';

export interface Category { categoryId: string; name: string; icon?: string }

/** The category list (home grid, category tab) and the feed of the category being browsed. */
export class CategoryStore {
  categories: Category[] = [];
  activeId: string | null = null;
  loading = false;
  error: ErrorCode | null = null;
  readonly feed = new FeedStore();

  constructor() {
    makeAutoObservable(this, { feed: false }, { autoBind: true });
  }

  get active(): Category | null {
    return this.categories.find((c) => c.categoryId === this.activeId) ?? null;
  }

  /** Loads the categories once; the first one becomes active unless one was chosen already. */
  async load(): Promise<void> {
    if (this.loading) return;
    await request(() => call('catalog.categories', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: ({ items }) => {
        this.categories = items;
        if (this.activeId === null && items.length > 0) this.activeId = items[0].categoryId;
      },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  /** Makes `categoryId` the browsed category and starts its feed over. */
  select(categoryId: string): Promise<void> {
    this.activeId = categoryId;
    this.feed.reset(categoryId);
    return this.feed.loadMore();
  }
}

export const category = new CategoryStore();
