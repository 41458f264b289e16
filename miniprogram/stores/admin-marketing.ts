/**
 * Back-office marketing: group-buys, flash sales, coupons and promotions (create, edit, stop, with stock
 * and time windows), and live rooms (create, edit, products, scheduled pushes).
 */
import { action, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { AdminCampaignView, AdminLiveRoomView, AdminProductView, CampaignKind as ListedKind, ErrorCode, Req } from '../../typings/api';

/** The four kinds of campaign the back-office runs (one tab each). */
export type CampaignKind = 'group' | 'flash' | 'coupon' | 'promotion';
import { call } from '../api/client';
import { formatFen } from '../utils/money';
import { formatChinaDateTime, parseChinaDateTime } from '../utils/time';
import { ActionState, FormState, MAX_PAGE, adminErrorText, checkInt, checkPercent, checkText, checkYuan, findInPages, percentText, type Checked, type Notice } from './admin';
import { PagedList } from './paged-list';
import { request } from './request';

export const CAMPAIGN_TABS: readonly { value: CampaignKind; label: string }[] = [
  { value: 'group', label: '拼团' },
  { value: 'flash', label: '秒杀' },
  { value: 'coupon', label: '优惠券' },
  { value: 'promotion', label: '满减折扣' },
];

const HOUR = 3600_000;

type PromotionRow = Extract<AdminCampaignView, { kind: 'promotion' }>;
const isPromotion = (c: AdminCampaignView): c is PromotionRow => c.kind === 'promotion';
const asPromotion = (c: AdminCampaignView): PromotionRow => c as PromotionRow;

/** The id of a campaign, whatever its kind. */
export function campaignIdOf(c: AdminCampaignView): string {
  if (c.kind === 'group') return c.campaignId;
  if (c.kind === 'flash') return c.flashSaleId;
  if (c.kind === 'coupon') return c.couponId;
  return asPromotion(c).promotionId;
}

/** A campaign's title in the list. */
export function campaignTitleOf(c: AdminCampaignView): string {
  return isPromotion(c) ? asPromotion(c).label : (c as { title: string }).title;
}

/** One line under a campaign's title: its terms, in yuan and Chinese. */
export function campaignTerms(c: AdminCampaignView): string {
  switch (c.kind) {
    case 'group': return `${c.groupSize}人团 ¥${formatFen(c.groupPriceFen)} · ${Math.round(c.durationMs / HOUR)}小时成团 · 库存 ${c.stock}`;
    case 'flash': return `秒杀价 ¥${formatFen(c.priceFen)} · 库存 ${c.stock} · 每人限 ${c.perUserLimit} 件`;
    case 'coupon': return `满 ¥${formatFen(c.minSpendFen)} 减 ¥${formatFen(c.discountFen)} · 剩 ${c.remaining}/${c.total} 张 · 每人限 ${c.perUserLimit} 张`;
    default: {
      const p = asPromotion(c).params;
      if ('thresholdFen' in p) return `每满 ¥${formatFen(p.thresholdFen)} 减 ¥${formatFen(p.offFen)}`;
      if ('offBps' in p) return `打 ${Number(((10000 - p.offBps) / 1000).toFixed(1))} 折${p.minSpendFen ? `（满 ¥${formatFen(p.minSpendFen)}）` : ''}${p.capFen ? `，最多减 ¥${formatFen(p.capFen)}` : ''}`;
      return `立减 ¥${formatFen(p.offFen)}${p.minSpendFen ? `（满 ¥${formatFen(p.minSpendFen)}）` : ''}`;
    }
  }
}

/** When a campaign runs, in China time; empty when it has no window. */
export function campaignWindow(c: AdminCampaignView): string {
  if (c.kind === 'flash') return `${formatChinaDateTime(c.startAt)} 至 ${formatChinaDateTime(c.endAt)}`;
  if (c.kind === 'coupon') return `有效期至 ${formatChinaDateTime(c.validUntil)}`;
  const p = isPromotion(c) ? asPromotion(c) : null;
  if (p && (p.startAt || p.endAt)) return `${p.startAt ? formatChinaDateTime(p.startAt) : '即日'} 至 ${p.endAt ? formatChinaDateTime(p.endAt) : '长期'}`;
  return '';
}

export class CampaignListStore extends PagedList<'admin.listCampaigns'> {
  kind: CampaignKind = 'group';
  readonly actions = new ActionState();

  constructor() {
    super('admin.listCampaigns', 20, () => ({ kind: this.kind as ListedKind }));
    makeObservable(this, { kind: observable, selectKind: action.bound });
  }

  selectKind(kind: CampaignKind): Promise<void> {
    this.kind = kind;
    return this.refresh();
  }

  /** Stops (or restarts) a campaign: it leaves the shop at once; orders already placed stand. */
  async setActive(c: AdminCampaignView, active: boolean): Promise<void> {
    const id = campaignIdOf(c);
    const text = active ? '已重新开启' : '已停止，顾客不再看到';
    let done: unknown = null;
    if (c.kind === 'group') done = await this.actions.run(id, 'admin.updateGroupCampaign', { campaignId: id, active }, text);
    else if (c.kind === 'flash') done = await this.actions.run(id, 'admin.updateFlashSale', { flashSaleId: id, active }, text);
    else if (c.kind === 'coupon') done = await this.actions.run(id, 'admin.updateCoupon', { couponId: id, active }, text);
    else done = await this.actions.run(id, 'admin.setPromotionActive', { promotionId: id, active }, text);
    if (done) await this.refresh();
  }
}

export const campaignList = new CampaignListStore();

// ---------------------------------------------------------------------------------------------
// Picking a product (and one of its SKUs) for a campaign or a live room

/** Products to pick from (`admin.listProducts`, first 50 on shelf), for campaign and live-room forms. */
export class ProductPickerStore {
  products: AdminProductView[] = [];
  loading = false;

  constructor() {
    makeAutoObservable(this, { products: observable.ref }, { autoBind: true });
  }

  async load(): Promise<void> {
    if (this.products.length || this.loading) return;
    await request(() => call('admin.listProducts', { limit: MAX_PAGE }), {
      start: () => { this.loading = true; },
      done: (page) => { this.products = page.items; },
      settle: () => { this.loading = false; },
    });
  }

  /** Every SKU as a picker option: `明前龙井 100g · 罐装 ¥128.00`. */
  get skuOptions(): { label: string; value: string }[] {
    return this.products.flatMap((p) => p.skus.map((s) => ({ label: `${p.title} · ${s.name} ¥${formatFen(s.priceFen)}`, value: s.skuId })));
  }

  titleOf(productId: string): string {
    return this.products.find((p) => p.productId === productId)?.title ?? '';
  }
}

export const productPicker = new ProductPickerStore();

// ---------------------------------------------------------------------------------------------
// The campaign form

type CampaignField =
  | 'skuId' | 'price' | 'stock' | 'groupSize' | 'hours' | 'perUserLimit' | 'startAt' | 'endAt'
  | 'title' | 'discount' | 'minSpend' | 'total' | 'validUntil'
  | 'promoKind' | 'threshold' | 'off' | 'percent' | 'cap';

const BLANK: Record<CampaignField, string> = {
  skuId: '', price: '', stock: '', groupSize: '2', hours: '24', perUserLimit: '1', startAt: '', endAt: '',
  title: '', discount: '', minSpend: '0', total: '', validUntil: '',
  promoKind: 'fullReduction', threshold: '', off: '', percent: '', cap: '',
};

export const PROMOTION_KINDS = [
  { value: 'fullReduction', label: '满减（每满减）' },
  { value: 'percentage', label: '折扣' },
  { value: 'fixed', label: '立减' },
] as const;

function checkTime(text: string, label: string): Checked<number> {
  const at = parseChinaDateTime(text);
  return at === null ? { ok: false, message: `请按 2024-06-18 20:00 的格式填写${label}` } : { ok: true, value: at };
}

const optional = <T>(text: string, check: (t: string) => Checked<T>): Checked<T | undefined> =>
  text.trim() ? check(text) : { ok: true, value: undefined };

/**
 * Creates or edits one campaign. On edit, stock and coupon totals change by a delta typed as the new
 * total's difference (`stock` shows what is left; typing a larger number adds the difference).
 */
export class CampaignEditorStore {
  kind: CampaignKind = 'group';
  id: string | null = null;
  readonly form = new FormState<CampaignField>(BLANK);
  /** On edit: the stored stock / total, to turn the typed one into a delta. */
  storedStock = 0;
  loadError: ErrorCode | null = null;

  constructor() {
    makeAutoObservable(this, { form: false }, { autoBind: true });
  }

  get isNew(): boolean {
    return this.id === null;
  }

  async open(kind: CampaignKind, id: string | null): Promise<void> {
    this.kind = kind;
    this.id = id;
    this.loadError = null;
    this.form.fill({ ...BLANK });
    void productPicker.load();
    if (!id) return;
    // The list answers every field; the campaign is found page by page.
    await request(() => findInPages('admin.listCampaigns', { kind: kind as ListedKind }, (c) => campaignIdOf(c) === id), {
      done: (found) => {
        if (found) this.fillFrom(found);
        else this.loadError = 'NOT_FOUND';
      },
      failed: (code) => { this.loadError = code; },
    });
  }

  private fillFrom(c: AdminCampaignView): void {
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    if (c.kind === 'group') {
      this.storedStock = c.stock;
      this.form.fill({ skuId: c.skuId, price: yuan(c.groupPriceFen), groupSize: String(c.groupSize), hours: String(Math.round(c.durationMs / HOUR)), stock: String(c.stock) });
    } else if (c.kind === 'flash') {
      this.storedStock = c.stock;
      this.form.fill({ skuId: c.skuId, price: yuan(c.priceFen), stock: String(c.stock), perUserLimit: String(c.perUserLimit), startAt: formatChinaDateTime(c.startAt), endAt: formatChinaDateTime(c.endAt) });
    } else if (c.kind === 'coupon') {
      this.storedStock = c.total;
      this.form.fill({ title: c.title, discount: yuan(c.discountFen), minSpend: yuan(c.minSpendFen), total: String(c.total), perUserLimit: String(c.perUserLimit), validUntil: formatChinaDateTime(c.validUntil) });
    } else {
      const row = asPromotion(c);
      const p = row.params;
      this.form.fill({
        title: row.label, promoKind: row.promotionKind,
        threshold: p.thresholdFen ? yuan(p.thresholdFen) : '', off: p.offFen ? yuan(p.offFen) : '',
        percent: p.offBps ? String(p.offBps / 100) : '', minSpend: p.minSpendFen ? yuan(p.minSpendFen) : '0', cap: p.capFen ? yuan(p.capFen) : '',
        startAt: row.startAt ? formatChinaDateTime(row.startAt) : '', endAt: row.endAt ? formatChinaDateTime(row.endAt) : '',
      });
    }
  }

  /** Checks the fields of this kind and sends; answers true when saved. */
  async save(): Promise<boolean> {
    const f = this.form.fields;
    const fresh = this.isNew;
    const needSku: Checked<string> = f.skuId ? { ok: true, value: f.skuId } : { ok: false, message: '请选择参与活动的商品规格' };
    const stockCheck = checkInt(f.stock, '活动库存', fresh ? 1 : 0, 999999);
    if (this.kind === 'group') {
      const v = this.form.collect({ skuId: needSku, price: checkYuan(f.price, '拼团价'), groupSize: checkInt(f.groupSize, '成团人数', 2, 50), hours: checkInt(f.hours, '成团时限（小时）', 1, 72), stock: stockCheck });
      if (!v) return false;
      const common = { groupPriceFen: v.price, groupSize: v.groupSize, durationMs: v.hours * HOUR };
      return this.send(fresh
        ? this.form.submit('admin.createGroupCampaign', { skuId: v.skuId, ...common, stock: v.stock }, '拼团已创建')
        : this.form.submit('admin.updateGroupCampaign', { campaignId: this.id as string, ...common, ...this.delta(v.stock) }, '已保存'));
    }
    if (this.kind === 'flash') {
      const v = this.form.collect({ skuId: needSku, price: checkYuan(f.price, '秒杀价'), stock: stockCheck, perUserLimit: checkInt(f.perUserLimit, '每人限购', 1, 99), startAt: checkTime(f.startAt, '开始时间'), endAt: checkTime(f.endAt, '结束时间') });
      if (!v) return false;
      if (v.endAt <= v.startAt) { this.form.fail({ endAt: '结束时间要晚于开始时间' }); return false; }
      const common = { priceFen: v.price, perUserLimit: v.perUserLimit, startAt: v.startAt, endAt: v.endAt };
      return this.send(fresh
        ? this.form.submit('admin.createFlashSale', { skuId: v.skuId, ...common, stock: v.stock }, '秒杀已创建')
        : this.form.submit('admin.updateFlashSale', { flashSaleId: this.id as string, ...common, ...this.delta(v.stock) }, '已保存'));
    }
    if (this.kind === 'coupon') {
      const v = this.form.collect({ title: checkText(f.title, '券名称', 20, 2), discount: checkYuan(f.discount, '面额'), minSpend: checkYuan(f.minSpend, '使用门槛', 0), total: checkInt(f.total, '发放总量', fresh ? 1 : 0, 1000000), perUserLimit: checkInt(f.perUserLimit, '每人限领', 1, 99), validUntil: checkTime(f.validUntil, '有效期') });
      if (!v) return false;
      if (v.minSpend > 0 && v.discount >= v.minSpend) { this.form.fail({ discount: '面额要小于使用门槛' }); return false; }
      if (v.validUntil <= Date.now()) { this.form.fail({ validUntil: '有效期要晚于现在' }); return false; }
      if (fresh) {
        return this.send(this.form.submit('admin.createCoupon', { title: v.title, discountFen: v.discount, minSpendFen: v.minSpend, total: v.total, perUserLimit: v.perUserLimit, validUntil: v.validUntil }, '优惠券已创建'));
      }
      const totalDelta = v.total - this.storedStock;
      return this.send(this.form.submit('admin.updateCoupon', { couponId: this.id as string, title: v.title, perUserLimit: v.perUserLimit, validUntil: v.validUntil, ...(totalDelta ? { totalDelta } : {}) }, '已保存'));
    }
    return this.savePromotion();
  }

  private async savePromotion(): Promise<boolean> {
    const f = this.form.fields;
    const base = this.form.collect({ title: checkText(f.title, '活动名称', 20, 2), startAt: optional(f.startAt, (t) => checkTime(t, '开始时间')), endAt: optional(f.endAt, (t) => checkTime(t, '结束时间')) });
    if (!base) return false;
    let config: Req<'admin.createPromotion'> extends infer R ? R : never;
    let params: Record<string, number>;
    if (f.promoKind === 'fullReduction') {
      const v = this.form.collect({ threshold: checkYuan(f.threshold, '门槛'), off: checkYuan(f.off, '减免金额') });
      if (!v) return false;
      if (v.off >= v.threshold) { this.form.fail({ off: '减免要小于门槛' }); return false; }
      params = { thresholdFen: v.threshold, offFen: v.off, repeat: 1 };
    } else if (f.promoKind === 'percentage') {
      const v = this.form.collect({ percent: checkPercent(f.percent, '优惠比例', 9000), minSpend: checkYuan(f.minSpend || '0', '门槛', 0), cap: optional(f.cap, (t) => checkYuan(t, '最多优惠')) });
      if (!v) return false;
      if (v.percent <= 0) { this.form.fail({ percent: '优惠比例必须大于 0' }); return false; }
      params = { offBps: v.percent, ...(v.minSpend ? { minSpendFen: v.minSpend } : {}), ...(v.cap ? { capFen: v.cap } : {}) };
    } else {
      const v = this.form.collect({ off: checkYuan(f.off, '立减金额'), minSpend: checkYuan(f.minSpend || '0', '门槛', 0) });
      if (!v) return false;
      params = { offFen: v.off, ...(v.minSpend ? { minSpendFen: v.minSpend } : {}) };
    }
    if (base.startAt && base.endAt && base.endAt <= base.startAt) { this.form.fail({ endAt: '结束时间要晚于开始时间' }); return false; }
    const window = { ...(base.startAt ? { startAt: base.startAt } : {}), ...(base.endAt ? { endAt: base.endAt } : {}) };
    if (!this.isNew) {
      return this.send(this.form.submit('admin.updatePromotion', { promotionId: this.id as string, label: base.title, params, ...window }, '已保存'));
    }
    config = { kind: f.promoKind, params, label: base.title, ...window, idempotencyKey: `promo-${Date.now().toString(36)}` } as typeof config;
    return this.send(this.form.submit('admin.createPromotion', config, '活动已创建'));
  }

  private delta(stock: number): { stockDelta?: number } {
    const d = stock - this.storedStock;
    return d ? { stockDelta: d } : {};
  }

  private async send(sent: Promise<unknown>): Promise<boolean> {
    return (await sent) !== null;
  }
}

export const campaignEditor = new CampaignEditorStore();

// ---------------------------------------------------------------------------------------------
// Live rooms

export const LIVE_STATUS_TEXT = { upcoming: '未开播', live: '直播中', ended: '已结束' } as const;

export class LiveRoomListStore extends PagedList<'admin.listLiveRooms'> {
  constructor() {
    super('admin.listLiveRooms', 20);
  }
}

export const liveRoomList = new LiveRoomListStore();

/** Creates or edits a live room: cover (uploaded), title, host, products, host commission, scheduled pushes. */
export class LiveRoomEditorStore {
  roomId: string | null = null;
  readonly form = new FormState<'title' | 'hostOpenid' | 'commission' | 'pushAt'>({ title: '', hostOpenid: '', commission: '0', pushAt: '' });
  cover: string | null = null;
  productIds: string[] = [];
  productsError = '';
  /** Scheduled pushes (`live.room`). */
  schedule: { productId: string; at: number }[] = [];
  pushProductId = '';
  readonly actions = new ActionState();

  constructor() {
    makeAutoObservable(this, { form: false, actions: false, productIds: observable.ref, schedule: observable.ref }, { autoBind: true });
  }

  get isNew(): boolean {
    return this.roomId === null;
  }

  async open(roomId: string | null): Promise<void> {
    this.roomId = roomId;
    this.cover = null;
    this.productIds = [];
    this.productsError = '';
    this.schedule = [];
    this.pushProductId = '';
    this.form.fill({ title: '', hostOpenid: '', commission: '0', pushAt: '' });
    void productPicker.load();
    if (!roomId) return;
    await request(() => findInPages('admin.listLiveRooms', {}, (r) => r.roomId === roomId), {
      done: (room) => {
        if (room) this.fillFrom(room);
        else this.form.notice = { kind: 'error', text: adminErrorText('NOT_FOUND') };
      },
      failed: (code) => { this.form.notice = { kind: 'error', text: adminErrorText(code) }; },
    });
    await this.loadSchedule();
  }

  private fillFrom(room: AdminLiveRoomView): void {
    this.cover = room.cover;
    this.productIds = room.productIds;
    this.form.fill({ title: room.title, hostOpenid: room.hostOpenid, commission: String(room.hostCommissionBps / 100) });
  }

  async loadSchedule(): Promise<void> {
    if (!this.roomId) return;
    const roomId = this.roomId;
    await request(() => call('live.room', { roomId }), { done: (r) => { this.schedule = r.schedule; } });
  }

  setCover(fileID: string | null): void {
    this.cover = fileID;
  }

  toggleProduct(productId: string): void {
    this.productIds = this.productIds.includes(productId) ? this.productIds.filter((p) => p !== productId) : [...this.productIds, productId];
    this.productsError = '';
  }

  setPushProduct(productId: string): void {
    this.pushProductId = productId;
  }

  async save(): Promise<string | null> {
    const f = this.form.fields;
    const v = this.form.collect({ title: checkText(f.title, '直播标题', 30, 2), hostOpenid: checkText(f.hostOpenid, '主播 openid', 64, 4), commission: checkPercent(f.commission || '0', '主播佣金', 3000) });
    const noProducts = this.productIds.length === 0;
    runInAction(() => { this.productsError = noProducts ? '请至少选择一个直播商品' : ''; });
    if (!v || noProducts) {
      if (noProducts && v) this.form.fail({});
      return null;
    }
    if (this.isNew) {
      const created = await this.form.submit('admin.createLiveRoom', { title: v.title, hostOpenid: v.hostOpenid, productIds: this.productIds, hostCommissionBps: v.commission }, '直播间已创建');
      if (!created) return null;
      runInAction(() => { this.roomId = created.roomId; });
      if (this.cover) await call('admin.updateLiveRoom', { roomId: created.roomId, cover: this.cover });
      return created.roomId;
    }
    const roomId = this.roomId as string;
    const saved = await this.form.submit('admin.updateLiveRoom', { roomId, title: v.title, hostOpenid: v.hostOpenid, productIds: this.productIds, ...(this.cover ? { cover: this.cover } : {}) }, '已保存');
    if (!saved) return null;
    await this.actions.run('commission', 'admin.setLiveHostCommission', { roomId, hostCommissionBps: v.commission }, '已保存');
    return roomId;
  }

  /** Schedules a product to become current at a time (`live.schedulePush`). */
  async schedulePush(): Promise<boolean> {
    const roomId = this.roomId;
    if (!roomId) return false;
    const at = checkTime(this.form.fields.pushAt, '推送时间');
    const errors: Record<string, string> = {};
    if (!this.pushProductId) errors.pushAt = '请先选择要推送的商品';
    else if (!at.ok) errors.pushAt = at.message;
    else if (at.value <= Date.now()) errors.pushAt = '推送时间要晚于现在';
    if (Object.keys(errors).length || !at.ok) {
      this.form.fail(errors);
      return false;
    }
    const done = await this.actions.run('push', 'live.schedulePush', { roomId, productId: this.pushProductId, at: at.value }, `已安排 ${formatChinaDateTime(at.value)} 推送`);
    if (done) {
      this.form.set('pushAt', '');
      await this.loadSchedule();
    }
    return done !== null;
  }
}

export const liveRoomEditor = new LiveRoomEditorStore();

export { percentText };
export type { Notice };
