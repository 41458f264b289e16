import { computed, makeObservable, observable, override } from 'mobx-miniprogram';
import type { ProductCard } from '../../typings/api';
import { PagedList } from './paged-list';

/** How many cards one `catalog.list` call asks for. */
export const FEED_PAGE_SIZE = 10;

/** A paged product feed (`catalog.list`), optionally of one category; switching categories never mixes feeds. */
export class FeedStore extends PagedList<'catalog.list'> {
  categoryId: string | null;

  constructor(categoryId: string | null = null) {
    super('catalog.list', FEED_PAGE_SIZE, () => (this.categoryId !== null ? { categoryId: this.categoryId } : {}));
    this.categoryId = categoryId;
    makeObservable(this, { categoryId: observable, columns: computed, reset: override });
  }

  /** Cards dealt alternately into two columns (left, right) for the waterfall. */
  get columns(): [ProductCard[], ProductCard[]] {
    const left: ProductCard[] = [];
    const right: ProductCard[] = [];
    this.items.forEach((item, index) => (index % 2 === 0 ? left : right).push(item));
    return [left, right];
  }

  /** Forgets every page and, when given, switches category. */
  override reset(categoryId: string | null = this.categoryId): void {
    this.categoryId = categoryId;
    super.reset();
  }
}

/** The home feed: every category. */
export const catalog = new FeedStore();
