import { makeAutoObservable } from 'mobx-miniprogram';
import type { Api, ErrorCode, PriceBreakdown } from '../../typings/api';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';
import { rememberPayment, type PaymentAnswer } from './orders';
import { session } from './session';

/** 100 points take 1 yuan (100 fen) off: points are spent in whole hundreds. */
export const POINTS_PER_YUAN = 100;

type ProductDetail = Api['catalog.detail']['res'];
export type Coupon = Api['coupon.mine']['res']['items'][number];

/** A line being bought, with what the screen shows of it (prices come from `order.preview`). */
export interface CheckoutLine {
  skuId: string;
  quantity: number;
  title: string;
  skuName: string;
  cover?: string;
}

/** Where the goods go, from `wx.chooseAddress` or typed in by hand. */
export interface Address {
  name: string;
  phone: string;
  /** Province, city and district, as one line. */
  region: string;
  detail: string;
}

/** Why a hand-typed address cannot be used yet, or null when it can. */
export function addressProblem(address: Partial<Address>): string | null {
  if (!address.name?.trim()) return '请填写收货人';
  if (!/^1\d{10}$/.test(address.phone?.trim() ?? '')) return '请填写 11 位手机号';
  if (!address.detail?.trim()) return '请填写详细地址';
  return null;
}

/**
 * Points to spend for a payable amount (before points) and a balance: as many whole hundreds as both
 * allow. Points are worth 1 fen each, so the result never exceeds `payableFen`.
 */
export function pointsFor(payableFen: number, balance: number): number {
  const most = Math.min(payableFen, balance);
  return most <= 0 ? 0 : Math.floor(most / POINTS_PER_YUAN) * POINTS_PER_YUAN;
}

// ---------------------------------------------------------------------------------------------
// The product page

/** One product on its detail page (`catalog.detail`): the chosen SKU and quantity. */
export class ProductStore {
  productId: string | null = null;
  /** The live room the shopper came from (attribution for the host), if any. */
  liveRoomId: string | null = null;
  product: ProductDetail | null = null;
  skuId: string | null = null;
  quantity = 1;
  loading = false;
  error: ErrorCode | null = null;

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true });
  }

  get sku(): ProductDetail['skus'][number] | null {
    return this.product?.skus.find((s) => s.skuId === this.skuId) ?? null;
  }

  /** Group campaigns of the chosen SKU. */
  get campaigns(): ProductDetail['groupCampaigns'] {
    return this.product?.groupCampaigns.filter((c) => c.skuId === this.skuId) ?? [];
  }

  /** The flash sale of the chosen SKU, if any (the server decides whether it is running). */
  get flashSale(): ProductDetail['flashSales'][number] | null {
    return this.product?.flashSales.find((f) => f.skuId === this.skuId) ?? null;
  }

  /** Opens a product page afresh: no choice carried over from an earlier visit. */
  open(productId: string, liveRoomId: string | null = null): Promise<void> {
    this.productId = null;
    this.liveRoomId = liveRoomId;
    return this.load(productId);
  }

  /** Loads (or reloads) a product; a reload of the same product keeps the chosen SKU and quantity. */
  async load(productId: string): Promise<void> {
    await request(() => call('catalog.detail', { productId }), {
      start: () => {
        if (productId !== this.productId) {
          this.product = null;
          this.skuId = null;
          this.quantity = 1;
        }
        this.productId = productId;
        this.loading = true;
        this.error = null;
      },
      done: (product) => {
        if (productId !== this.productId) return;
        this.product = product;
        // Keep the choice on a reload; else the first SKU in stock.
        if (!product.skus.some((s) => s.skuId === this.skuId)) {
          this.skuId = (product.skus.find((s) => s.stock > 0) ?? product.skus[0])?.skuId ?? null;
        }
        this.loading = false;
      },
      failed: (code) => { this.error = code; this.loading = false; },
    });
  }

  selectSku(skuId: string): void {
    if (!this.product?.skus.some((s) => s.skuId === skuId)) return;
    this.skuId = skuId;
    const stock = this.sku?.stock ?? 0;
    if (this.quantity > stock) this.quantity = Math.max(1, stock);
  }

  setQuantity(quantity: number): void {
    this.quantity = Math.max(1, Math.floor(quantity));
  }

  /** The chosen SKU as a checkout line, or null when nothing can be bought. */
  get line(): CheckoutLine | null {
    const { product, sku } = this;
    if (!product || !sku || sku.stock <= 0 || product.onShelf === false) return null;
    return { skuId: sku.skuId, quantity: this.quantity, title: product.title, skuName: sku.name, cover: product.images?.[0] };
  }
}

// ---------------------------------------------------------------------------------------------
// Checkout

/**
 * One checkout: the lines, the address, the chosen coupon and points, the server's price for them
 * (`order.preview`) and the order it creates (`order.create`). The client never computes a price: every
 * change asks the server again, and only the answer to the latest change is shown.
 *
 * One idempotency key covers one submission of one set of choices: a retry after a failure reuses it
 * (the server creates the order once), a change of lines, coupon or points starts a new one.
 */
export class CheckoutStore {
  lines: CheckoutLine[] = [];
  /** The lines are the cart's: the order takes them out of the cart (`order.create {fromCart}`). */
  fromCart = false;
  /** The shopper picked a coupon (or none) themselves: the best one is no longer put in for them. */
  couponChosen = false;
  flashSaleId: string | null = null;
  liveRoomId: string | null = null;
  address: Address | null = null;
  coupons: Coupon[] = [];
  couponId: string | null = null;
  usePoints = false;
  preview: PriceBreakdown | null = null;
  previewing = false;
  error: ErrorCode | null = null;
  submitting = false;
  submitError: ErrorCode | null = null;
  private key: string | null = null;
  private seq = 0;

  constructor() {
    makeAutoObservable<CheckoutStore, 'key' | 'seq'>(this, { key: false, seq: false }, { autoBind: true });
  }

  /** Points the user holds (the session's balance, refreshed when checkout opens). */
  get pointsBalance(): number {
    return session.pointsBalance;
  }

  /** Unused coupons; `usable` when the goods' total reaches the coupon's minimum spend. */
  get couponChoices(): (Coupon & { usable: boolean })[] {
    const totalFen = this.preview?.totalFen ?? 0;
    return this.coupons.filter((c) => !c.used).map((c) => ({ ...c, usable: totalFen >= c.minSpendFen }));
  }

  get coupon(): Coupon | null {
    return this.coupons.find((c) => c.couponId === this.couponId) ?? null;
  }

  get canSubmit(): boolean {
    return this.lines.length > 0 && this.address !== null && this.preview !== null && !this.previewing && !this.submitting;
  }

  /** Starts a checkout of these lines (from the cart, or "buy now" on a product, maybe a flash sale). */
  begin(lines: CheckoutLine[], options: { flashSaleId?: string; liveRoomId?: string | null; fromCart?: boolean } = {}): void {
    this.seq += 1;
    this.lines = lines;
    this.fromCart = options.fromCart ?? false;
    this.couponChosen = false;
    this.flashSaleId = options.flashSaleId ?? null;
    this.liveRoomId = options.liveRoomId ?? null;
    this.couponId = null;
    this.usePoints = false;
    this.preview = null;
    this.previewing = false;
    this.error = null;
    this.submitError = null;
    this.key = null;
  }

  /**
   * Loads what the page needs around the lines: coupons, points balance and the first price; then puts in
   * the best usable coupon unless the shopper chose already (the server prices it, and may refuse it).
   */
  async load(): Promise<void> {
    await Promise.all([this.loadCoupons(), session.refreshPoints(), this.refreshPreview()]);
    await this.suggestCoupon();
  }

  /** The usable coupon that takes the most off, or null. */
  get bestCouponId(): string | null {
    const [best] = this.couponChoices.filter((c) => c.usable).sort((a, b) => b.discountFen - a.discountFen);
    return best?.couponId ?? null;
  }

  /** Puts in the best coupon when the shopper has not chosen one. */
  async suggestCoupon(): Promise<void> {
    if (this.couponChosen || this.couponId !== null || this.preview === null) return;
    const best = this.bestCouponId;
    if (best) {
      this.couponId = best;
      await this.changed();
    }
  }

  /** A coupon claimed at checkout (领券): read the wallet again and put in the best. */
  async couponClaimed(): Promise<void> {
    await this.loadCoupons();
    this.couponChosen = false;
    if (this.couponId === null) await this.suggestCoupon();
  }

  async loadCoupons(): Promise<void> {
    await request(() => call('coupon.mine', {}), {
      done: ({ items }) => { this.coupons = items; },
      // The checkout still works without coupons; the list just stays empty.
      failed: (code) => { console.error(`[checkout] coupon.mine failed (${code})`); },
    });
  }

  /** Sets where the goods go (kept across checkouts of this session); null forgets it. */
  setAddress(address: Address | null): void {
    this.address = address;
  }

  /** The shopper's own choice of coupon (null: none). */
  selectCoupon(couponId: string | null): Promise<void> {
    this.couponChosen = true;
    this.couponId = couponId;
    return this.changed();
  }

  setUsePoints(on: boolean): Promise<void> {
    this.usePoints = on;
    return this.changed();
  }

  private changed(): Promise<void> {
    this.key = null;
    this.submitError = null;
    return this.refreshPreview();
  }

  private body(pointsToUse: number): Api['order.preview']['req'] {
    return {
      items: this.lines.map(({ skuId, quantity }) => ({ skuId, quantity })),
      ...(this.couponId !== null ? { couponId: this.couponId } : {}),
      ...(pointsToUse > 0 ? { pointsToUse } : {}),
      ...(this.flashSaleId !== null ? { flashSaleId: this.flashSaleId } : {}),
    };
  }

  /**
   * Asks the server for the price of the current choices. With points on, the price without points
   * comes first, so the points asked for never exceed what is left to pay.
   */
  async refreshPreview(): Promise<void> {
    if (this.lines.length === 0) return;
    const seq = ++this.seq;
    const outcome = await request(async () => {
      const preview = await call('order.preview', this.body(0));
      const points = this.usePoints ? pointsFor(preview.payableFen, this.pointsBalance) : 0;
      return points > 0 ? call('order.preview', this.body(points)) : preview;
    }, {
      start: () => { this.previewing = true; this.error = null; },
      done: (preview) => {
        if (seq !== this.seq) return;
        this.preview = preview;
        this.previewing = false;
      },
      failed: (code) => {
        if (seq !== this.seq) return;
        this.error = code;
        this.previewing = false;
        this.preview = null;
      },
    });
    // A coupon the server will not take is dropped, and the price asked again without it.
    if (!outcome.ok && seq === this.seq && outcome.code === 'COUPON_UNAVAILABLE' && this.couponId !== null) {
      await this.selectCoupon(null);
    }
  }

  /**
   * Creates the order for exactly what the last preview priced (no price is sent: the server computes
   * it again). Resolves with the order and its payment answer, or null when the server refused.
   */
  async submit(): Promise<{ orderId: string; payment: PaymentAnswer } | null> {
    const preview = this.preview;
    if (!this.canSubmit || !preview) return null;
    if (this.key === null) this.key = idempotencyKey();
    const key = this.key;
    const outcome = await request(() => call('order.create', {
      ...this.body(preview.pointsUsed),
      ...(this.liveRoomId !== null ? { liveRoomId: this.liveRoomId } : {}),
      ...(this.address !== null ? { address: { ...this.address } } : {}),
      ...(this.fromCart ? { fromCart: true } : {}),
      idempotencyKey: key,
    }), {
      start: () => { this.submitting = true; this.submitError = null; },
      done: (created) => { rememberPayment(created.orderId, created.payment); },
      failed: (code) => {
        this.submitError = code;
        // Only an unknown outcome (the call may have reached the server) keeps the key for the retry.
        if (code !== 'INTERNAL') this.key = null;
      },
      settle: () => { this.submitting = false; },
    });
    return outcome.ok ? { orderId: outcome.value.orderId, payment: outcome.value.payment } : null;
  }
}

export const product = new ProductStore();
export const checkout = new CheckoutStore();
