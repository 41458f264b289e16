/**
 * Back-office products: the list (search, on shelf / off shelf / sold out) and the editor (title, category,
 * images from the phone to cloud storage, detail images, SKUs with price and stock, restock by a delta).
 */
import { action, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { AdminProductView, ErrorCode, SkuView } from '../../typings/api';
import { call, uploadFile } from '../api/client';
import { ActionState, adminErrorText, checkInt, checkText, checkYuan, type Notice } from './admin';
import { PagedList } from './paged-list';
import { request } from './request';

export type ProductTab = 'all' | AdminProductView['status'];
export const PRODUCT_TABS: readonly { value: ProductTab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'onShelf', label: '出售中' },
  { value: 'offShelf', label: '已下架' },
  { value: 'soldOut', label: '已售罄' },
];
export const PRODUCT_STATUS_TEXT: Record<AdminProductView['status'], string> = { onShelf: '出售中', offShelf: '已下架', soldOut: '已售罄' };

/** The most images a product shows at the top, and below the fold. */
export const MAX_IMAGES = 9;
export const MAX_DETAIL_IMAGES = 20;

/** The product list (`admin.listProducts`), one tab and keyword at a time. */
export class ProductListStore extends PagedList<'admin.listProducts'> {
  tab: ProductTab = 'all';
  keyword = '';
  readonly actions = new ActionState();

  constructor() {
    super('admin.listProducts', 20, () => ({
      ...(this.tab !== 'all' ? { status: this.tab } : {}),
      ...(this.keyword.trim() ? { keyword: this.keyword.trim() } : {}),
    }));
    makeObservable(this, { tab: observable, keyword: observable, open: action.bound, selectTab: action.bound, search: action.bound });
  }

  /** The page opened on a tab: no keyword left from last time. */
  open(tab: ProductTab): Promise<void> {
    this.keyword = '';
    return this.selectTab(tab);
  }

  selectTab(tab: ProductTab): Promise<void> {
    this.tab = tab;
    return this.refresh();
  }

  search(keyword: string): Promise<void> {
    this.keyword = keyword;
    return this.refresh();
  }

  /** Puts a product on or off the shelf, then shows the list again. */
  async setOnShelf(productId: string, onShelf: boolean): Promise<void> {
    const done = await this.actions.run(productId, 'admin.updateProduct', { productId, onShelf }, onShelf ? '已上架' : '已下架，顾客看不到也买不了');
    if (done) await this.refresh();
  }
}

export const productList = new ProductListStore();

// ---------------------------------------------------------------------------------------------
// The editor

/** One SKU row as typed: price in yuan, stock (new SKUs) or a restock delta (stored ones). */
export interface SkuDraft {
  /** Stored SKUs have an id; new rows (creating) do not. */
  skuId: string | null;
  name: string;
  price: string;
  /** New rows: the opening stock. */
  stock: string;
  /** Stored rows: units to add (negative takes away); blank = unchanged. */
  delta: string;
  /** Stored rows: the stock and price as last read. */
  stockNow: number;
  priceNow: number;
  errors: { name?: string; price?: string; stock?: string; delta?: string };
}

const emptySku = (): SkuDraft => ({ skuId: null, name: '', price: '', stock: '', delta: '', stockNow: 0, priceNow: 0, errors: {} });

const yuanOf = (fen: number) => (fen / 100).toFixed(2);

export interface Category { categoryId: string; name: string }

/**
 * Creates a product (`admin.createProduct`) or edits one (`admin.updateProduct` + `admin.updateSku` per
 * changed SKU). Images are chosen on the phone and uploaded to cloud storage first; the product stores
 * their fileIDs.
 */
export class ProductEditorStore {
  productId: string | null = null;
  title = '';
  categoryId: string | null = null;
  images: string[] = [];
  detailImages: string[] = [];
  onShelf = true;
  skus: SkuDraft[] = [emptySku()];
  categories: Category[] = [];
  errors: { title?: string; images?: string; skus?: string } = {};
  loading = false;
  saving = false;
  uploading = false;
  notice: Notice | null = null;
  loadError: ErrorCode | null = null;

  constructor() {
    makeAutoObservable(this, { images: observable.ref, detailImages: observable.ref, skus: observable.ref, categories: observable.ref }, { autoBind: true });
  }

  get isNew(): boolean {
    return this.productId === null;
  }

  get categoryName(): string {
    return this.categories.find((c) => c.categoryId === this.categoryId)?.name ?? '';
  }

  /** A blank form (creating), or the stored product (`admin.productDetail`). */
  async open(productId: string | null): Promise<void> {
    this.reset();
    this.productId = productId;
    void this.loadCategories();
    if (!productId) return;
    await request(() => call('admin.productDetail', { productId }), {
      start: () => { this.loading = true; },
      done: (p) => this.fillFrom(p),
      failed: (code) => { this.loadError = code; },
      settle: () => { this.loading = false; },
    });
  }

  private reset(): void {
    this.productId = null;
    this.title = '';
    this.categoryId = null;
    this.images = [];
    this.detailImages = [];
    this.onShelf = true;
    this.skus = [emptySku()];
    this.errors = {};
    this.notice = null;
    this.loadError = null;
  }

  private fillFrom(p: AdminProductView): void {
    this.productId = p.productId;
    this.title = p.title;
    this.categoryId = p.categoryId;
    this.images = p.images;
    this.detailImages = p.detailImages;
    this.onShelf = p.onShelf;
    this.skus = p.skus.map((s: SkuView) => ({ skuId: s.skuId, name: s.name, price: yuanOf(s.priceFen), stock: String(s.stock), delta: '', stockNow: s.stock, priceNow: s.priceFen, errors: {} }));
  }

  async loadCategories(): Promise<void> {
    await request(() => call('catalog.categories', {}), {
      done: (res) => { this.categories = res.items.map((c) => ({ categoryId: c.categoryId, name: c.name })); },
    });
  }

  setTitle(title: string): void {
    this.title = title;
    this.errors = { ...this.errors, title: undefined };
  }

  setCategory(categoryId: string): void {
    this.categoryId = categoryId;
  }

  setOnShelf(onShelf: boolean): void {
    this.onShelf = onShelf;
  }

  setSkuField(index: number, field: 'name' | 'price' | 'stock' | 'delta', value: string): void {
    this.skus = this.skus.map((s, i) => (i === index ? { ...s, [field]: value, errors: { ...s.errors, [field]: undefined } } : s));
  }

  addSku(): void {
    this.skus = [...this.skus, emptySku()];
    this.errors = { ...this.errors, skus: undefined };
  }

  /** Only rows not yet stored can go (a stored SKU may be in orders; take its stock to 0 instead). */
  removeSku(index: number): void {
    if (this.skus[index]?.skuId) return;
    this.skus = this.skus.filter((_, i) => i !== index);
  }

  removeImage(which: 'images' | 'detailImages', index: number): void {
    this[which] = this[which].filter((_, i) => i !== index);
  }

  /**
   * Lets the operator pick photos (camera or album, `wx.chooseMedia`), uploads each to cloud storage
   * (`products/<day>/<random>.<ext>`) and appends the fileIDs. A failed upload says so and keeps the rest.
   */
  async addImages(which: 'images' | 'detailImages'): Promise<void> {
    const room = (which === 'images' ? MAX_IMAGES : MAX_DETAIL_IMAGES) - this[which].length;
    if (room <= 0 || this.uploading) return;
    let paths: string[];
    try {
      const picked = await wx.chooseMedia({ count: Math.min(room, 9), mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
      paths = picked.tempFiles.map((f) => f.tempFilePath);
    } catch (err) {
      // The operator closed the chooser: nothing to do. Anything else is worth a line in the log.
      if (!/cancel/.test(String((err as { errMsg?: string })?.errMsg ?? err))) console.warn('[admin] chooseMedia failed', err);
      return;
    }
    runInAction(() => { this.uploading = true; this.notice = null; });
    let failed = 0;
    for (const path of paths) {
      const ext = /\.(\w{2,5})$/.exec(path)?.[1] ?? 'jpg';
      const cloudPath = `products/${new Date().toISOString().slice(0, 10)}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.${ext}`;
      try {
        const fileID = await uploadFile(path, cloudPath);
        runInAction(() => {
          this[which] = [...this[which], fileID];
          if (which === 'images') this.errors = { ...this.errors, images: undefined };
        });
      } catch {
        failed += 1; // uploadFile logged it; the notice below tells the operator
      }
    }
    runInAction(() => {
      this.uploading = false;
      if (failed > 0) this.notice = { kind: 'error', text: `${failed} 张图片上传失败，请重试` };
    });
  }

  /**
   * Checks every field (messages go on the fields and nothing is sent when one fails), then creates or
   * updates. Answers the productId when saved.
   */
  async save(): Promise<string | null> {
    if (this.saving) return null;
    const title = checkText(this.title, '商品名称', 60, 2);
    const errors: ProductEditorStore['errors'] = {};
    if (!title.ok) errors.title = title.message;
    if (this.images.length === 0) errors.images = '请至少上传一张商品主图';
    if (this.skus.length === 0) errors.skus = '请至少添加一个规格';
    const names = new Set<string>();
    let skuBad = false;
    const skus = this.skus.map((s) => {
      const e: SkuDraft['errors'] = {};
      const name = checkText(s.name, '规格名称', 20);
      if (!name.ok) e.name = name.message;
      else if (names.has(name.value)) e.name = '规格名称重复';
      else names.add(name.value);
      const price = checkYuan(s.price, '售价');
      if (!price.ok) e.price = price.message;
      if (!s.skuId) {
        const stock = checkInt(s.stock, '库存', 0, 999999);
        if (!stock.ok) e.stock = stock.message;
      } else if (s.delta.trim()) {
        const delta = checkInt(s.delta, '补货数量', -999999, 999999);
        if (!delta.ok) e.delta = delta.message;
        else if (s.stockNow + delta.value < 0) e.delta = `最多减少 ${s.stockNow} 件`;
      }
      if (Object.keys(e).length) skuBad = true;
      return { ...s, errors: e };
    });
    this.skus = skus;
    this.errors = errors;
    if (!title.ok || Object.keys(errors).length > 0 || skuBad) {
      this.notice = { kind: 'error', text: '请按提示修改后再保存' };
      return null;
    }
    this.saving = true;
    this.notice = null;
    try {
      const productId = this.productId ? await this.update(title.value) : await this.create(title.value);
      runInAction(() => { this.notice = { kind: 'success', text: '已保存' }; });
      return productId;
    } catch (err) {
      const code = (err as { code?: ErrorCode }).code ?? 'INTERNAL';
      runInAction(() => { this.notice = { kind: 'error', text: adminErrorText(code) }; });
      if (!(err as { code?: ErrorCode }).code) throw err;
      return null;
    } finally {
      runInAction(() => { this.saving = false; });
    }
  }

  private async create(title: string): Promise<string> {
    const created = await call('admin.createProduct', {
      title,
      ...(this.categoryId ? { categoryId: this.categoryId } : {}),
      images: this.images,
      skus: this.skus.map((s) => ({ name: s.name.trim(), priceFen: checkYuanValue(s.price), stock: Number(s.stock.trim()) })),
    });
    const extras = { ...(this.detailImages.length ? { detailImages: this.detailImages } : {}), ...(this.onShelf ? {} : { onShelf: false }) };
    if (Object.keys(extras).length) await call('admin.updateProduct', { productId: created.productId, ...extras });
    await this.open(created.productId);
    return created.productId;
  }

  private async update(title: string): Promise<string> {
    const productId = this.productId as string;
    await call('admin.updateProduct', {
      productId, title, images: this.images, detailImages: this.detailImages, onShelf: this.onShelf,
      ...(this.categoryId ? { categoryId: this.categoryId } : {}),
    });
    for (const s of this.skus) {
      if (!s.skuId) continue; // new rows on a stored product need admin.addSku, which the contract lacks
      const priceFen = checkYuanValue(s.price);
      const delta = s.delta.trim() ? Number(s.delta.trim()) : 0;
      if (priceFen === s.priceNow && delta === 0) continue;
      await call('admin.updateSku', { skuId: s.skuId, ...(priceFen !== s.priceNow ? { priceFen } : {}), ...(delta ? { stockDelta: delta } : {}) });
    }
    await this.open(productId);
    return productId;
  }
}

function checkYuanValue(text: string): number {
  const c = checkYuan(text, '售价');
  if (!c.ok) throw new Error(`unchecked price ${text}`);
  return c.value;
}

export const productEditor = new ProductEditorStore();
