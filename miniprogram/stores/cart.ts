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
  /** Why a tap did nothing: the sold-out lines it left out, by name. */
  soldOutNotice: string | null = null;
  private latest = 0;

  constructor() {
    makeAutoObservable<CartStore, 'latest'>(this, { latest: false }, { autoBind: true });
  }

  /** Lines that can be bought now: in stock for the quantity asked. */
  get buyableLines(): CartLine[] {
    return this.lines.filter((line) => !isSoldOut(line));
  }

  /** Lines that cannot be bought: shown greyed, never selected, never checked out. */
  get soldOutLines(): CartLine[] {
    return this.lines.filter(isSoldOut);
  }

  /** What checkout takes: selected lines that are in stock (a sold-out line stays out whatever its tick says). */
  get selectedLines(): CartLine[] {
    return this.lines.filter((line) => line.selected && !isSoldOut(line));
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
    const buyable = this.buyableLines;
    return buyable.length > 0 && buyable.every((line) => line.selected);
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

  /** Ticks or unticks a line; a sold-out line cannot be ticked (`soldOutNotice` says which one). */
  toggle(skuId: string): Promise<void> {
    const line = this.lines.find((l) => l.skuId === skuId);
    if (!line) return Promise.resolve();
    if (isSoldOut(line) && !line.selected) {
      this.soldOutNotice = `「${line.title}」已售罄，暂时无法购买`;
      return Promise.resolve();
    }
    this.soldOutNotice = null;
    const selected = !line.selected;
    this.patch(skuId, { selected });
    return this.mutate(() => call('cart.update', { skuId, selected }));
  }

  /** Ticks every line in stock (or unticks every line); sold-out lines are named in `soldOutNotice`. */
  async toggleAll(): Promise<void> {
    const selected = !this.allSelected;
    const soldOut = this.soldOutLines;
    this.soldOutNotice = selected && soldOut.length > 0 ? soldOutText(soldOut) : null;
    const changed = this.lines
      .filter((line) => line.selected !== selected && !(selected && isSoldOut(line)))
      .map((line) => line.skuId);
    changed.forEach((skuId) => this.patch(skuId, { selected }));
    for (const skuId of changed) {
      await this.mutate(() => call('cart.update', { skuId, selected }));
    }
  }

  remove(skuIds: string[]): Promise<void> {
    if (skuIds.length === 0) return Promise.resolve();
    this.soldOutNotice = null;
    this.lines = this.lines.filter((line) => !skuIds.includes(line.skuId));
    return this.mutate(() => call('cart.remove', { skuIds }));
  }

  /** Deletes the ticked lines (edit mode's 删除). */
  removeSelected(): Promise<void> {
    return this.remove(this.lines.filter((line) => line.selected).map((line) => line.skuId));
  }

  /** Deletes every sold-out line (清空失效商品). */
  removeSoldOut(): Promise<void> {
    return this.remove(this.soldOutLines.map((line) => line.skuId));
  }

  /** The ordered lines left the cart on the server (`order.create {fromCart}`): drop them here at once, then re-read. */
  ordered(skuIds: string[]): Promise<void> {
    this.lines = this.lines.filter((line) => !skuIds.includes(line.skuId));
    return this.load();
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

/** A line is sold out when its SKU has no stock left for even one piece. */
export function isSoldOut(line: Pick<CartLine, 'stock'>): boolean {
  return line.stock <= 0;
}

/** `「A」「B」已售罄…` for the lines a select-all left out. */
export function soldOutText(lines: Pick<CartLine, 'title'>[]): string {
  const names = lines.slice(0, 2).map((l) => `「${l.title}」`).join('');
  return `${names}${lines.length > 2 ? `等 ${lines.length} 件` : ''}已售罄，未选中`;
}

export const cart = new CartStore();
