import { makeAutoObservable } from 'mobx-miniprogram';
import type { Api, CartLine, ErrorCode } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';

type CartAnswer = Api['cart.list']['res'];

/**
 * The server-side cart (`cart.*`). Quantity and selection change at once on screen and are then
 * confirmed by the server; only the answer to the latest change is applied, and a refused change
 * reloads the cart.
 */
export class CartStore {
  lines: CartLine[] = [];
  loaded = false;
  loading = false;
  error: ErrorCode | null = null;
  private latest = 0;

  constructor() {
    makeAutoObservable<CartStore, 'latest'>(this, { latest: false }, { autoBind: true });
  }

  get selectedLines(): CartLine[] {
    return this.lines.filter((line) => line.selected);
  }

  /** Sum of `priceFen × quantity` over the selected lines, in fen (before promotions). */
  get selectedTotalFen(): number {
    return this.selectedLines.reduce((sum, line) => sum + line.priceFen * line.quantity, 0);
  }

  /** Number of pieces selected. */
  get selectedCount(): number {
    return this.selectedLines.reduce((sum, line) => sum + line.quantity, 0);
  }

  get allSelected(): boolean {
    return this.lines.length > 0 && this.lines.every((line) => line.selected);
  }

  get isEmpty(): boolean {
    return this.loaded && this.lines.length === 0;
  }

  async load(): Promise<void> {
    this.loading = true;
    await this.mutate(() => call('cart.list', {}));
  }

  add(skuId: string, quantity = 1): Promise<void> {
    return this.mutate(() => call('cart.add', { skuId, quantity }));
  }

  setQuantity(skuId: string, quantity: number): Promise<void> {
    this.patch(skuId, { quantity });
    return this.mutate(() => call('cart.update', { skuId, quantity }));
  }

  toggle(skuId: string): Promise<void> {
    const line = this.lines.find((l) => l.skuId === skuId);
    if (!line) return Promise.resolve();
    const selected = !line.selected;
    this.patch(skuId, { selected });
    return this.mutate(() => call('cart.update', { skuId, selected }));
  }

  async toggleAll(): Promise<void> {
    const selected = !this.allSelected;
    const changed = this.lines.filter((line) => line.selected !== selected).map((line) => line.skuId);
    changed.forEach((skuId) => this.patch(skuId, { selected }));
    for (const skuId of changed) {
      await this.mutate(() => call('cart.update', { skuId, selected }));
    }
  }

  remove(skuIds: string[]): Promise<void> {
    this.lines = this.lines.filter((line) => !skuIds.includes(line.skuId));
    return this.mutate(() => call('cart.remove', { skuIds }));
  }

  private patch(skuId: string, change: Partial<CartLine>): void {
    this.lines = this.lines.map((line) => (line.skuId === skuId ? { ...line, ...change } : line));
  }

  private async mutate(send: () => Promise<CartAnswer>): Promise<void> {
    const seq = ++this.latest;
    const outcome = await request(send, {
      start: () => { this.error = null; },
      done: (answer) => {
        if (seq !== this.latest) return;
        this.lines = answer.items;
        this.loaded = true;
        this.loading = false;
      },
      failed: (code) => { this.error = code; this.loading = false; },
    });
    // What the screen shows may no longer be true: read the server's cart again.
    if (!outcome.ok && seq === this.latest) await this.reloadQuietly();
  }

  private async reloadQuietly(): Promise<void> {
    const seq = ++this.latest;
    await request(() => call('cart.list', {}), {
      done: (answer) => {
        if (seq !== this.latest) return;
        this.lines = answer.items;
        this.loaded = true;
      },
      failed: (code) => { console.error(`[cart] reload after a refused change failed (${code})`); },
    });
  }
}

export const cart = new CartStore();
