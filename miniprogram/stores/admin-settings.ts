/**
 * Back-office people and settings: staff (clerks and managers), alliance partners, and the shop's settings
 * (member tiers, shipping, commission plan, risk rules, customer-service keywords, rights-mall rewards).
 */
import { makeAutoObservable, observable, runInAction } from 'mobx-miniprogram';
import type { AdminSettingsView, AdminStaffView, ErrorCode, PartnerView, RewardKind, RiskRuleConfig, StaffRole, TierRuleConfig } from '../../typings/api';
import { call } from '../api/client';
import { formatFen } from '../utils/money';
import { ActionState, FormState, MAX_PAGE, checkInt, checkPercent, checkText, checkYuan } from './admin';
import { request } from './request';

export const STAFF_ROLE_TEXT: Record<StaffRole, string> = { clerk: '店员', manager: '店长' };
export const REWARD_KIND_TEXT: Record<RewardKind, string> = { coupon: '优惠券', physical: '实物', service: '服务' };
export const RISK_KIND_TEXT: Record<string, string> = {
  newAccountHighValue: '新账号大额下单',
  regionMismatch: '收货地与所在地不符',
  orderVelocity: '短时间内频繁下单',
};

/** One risk-rule parameter as the merchant reads it: `minPayableFen: 100000` → `单笔满 ¥1000.00`. */
export function riskParamText(key: string, value: number): string {
  switch (key) {
    case 'maxAccountAgeMs': return value % 86_400_000 === 0 ? `注册不满 ${value / 86_400_000} 天` : `注册不满 ${Math.round(value / 3_600_000)} 小时`;
    case 'minPayableFen': return `单笔满 ¥${formatFen(value)}`;
    case 'maxOrders': return `短时间内超过 ${value} 单`;
    default: return `${key}: ${value}`;
  }
}

type Partner = PartnerView & { kind: 'partner' | 'brandApp'; tierMap: Record<string, string> };

/** Staff and partners (`admin.listStaff`, `admin.listPartners`), with add and remove. */
export class TeamStore {
  staff: AdminStaffView[] = [];
  partners: Partner[] = [];
  loading = false;
  error: ErrorCode | null = null;
  readonly staffForm = new FormState<'openid' | 'role' | 'storeId'>({ openid: '', role: 'clerk', storeId: '' });
  readonly partnerForm = new FormState<'partnerId' | 'name' | 'appId' | 'ours' | 'theirs' | 'dailyCap' | 'slogan'>({ partnerId: '', name: '', appId: '', ours: '100', theirs: '1', dailyCap: '5000', slogan: '' });
  readonly actions = new ActionState();

  constructor() {
    makeAutoObservable(this, { staffForm: false, partnerForm: false, actions: false, staff: observable.ref, partners: observable.ref }, { autoBind: true });
  }

  async load(): Promise<void> {
    await request(() => Promise.all([call('admin.listStaff', { limit: MAX_PAGE, active: true }), call('admin.listPartners', {})]), {
      start: () => { this.loading = true; this.error = null; },
      done: ([staff, partners]) => { this.staff = staff.items.filter((s) => s.active); this.partners = partners.items; },
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  async addStaff(): Promise<boolean> {
    const f = this.staffForm.fields;
    const v = this.staffForm.collect({
      openid: checkText(f.openid, '员工 openid', 64, 4),
      storeId: checkText(f.storeId, '门店编号', 32),
      role: f.role === 'clerk' || f.role === 'manager' ? { ok: true, value: f.role as StaffRole } : { ok: false, message: '请选择角色' },
    });
    if (!v) return false;
    const done = await this.staffForm.submit('admin.addStaff', v, `已添加${STAFF_ROLE_TEXT[v.role]}`);
    if (!done) return false;
    this.staffForm.fill({ openid: '' });
    await this.load();
    return true;
  }

  async removeStaff(openid: string): Promise<void> {
    if (await this.actions.run(openid, 'admin.removeStaff', { openid }, '已移除，该员工不能再核销')) await this.load();
  }

  async addPartner(): Promise<boolean> {
    const f = this.partnerForm.fields;
    const v = this.partnerForm.collect({
      partnerId: /^[a-z0-9-]{2,32}$/.test(f.partnerId.trim()) ? { ok: true, value: f.partnerId.trim() } : { ok: false, message: '编号用 2-32 位小写字母、数字或 -' },
      name: checkText(f.name, '品牌名称', 20, 2),
      appId: /^wx[\w-]{4,32}$/.test(f.appId.trim()) ? { ok: true, value: f.appId.trim() } : { ok: false, message: '请填写对方小程序的 AppID（wx 开头）' },
      ours: checkInt(f.ours, '我方积分', 1, 100000),
      theirs: checkInt(f.theirs, '对方积分', 1, 100000),
      dailyCap: checkInt(f.dailyCap, '每日上限', 1, 10000000),
    });
    if (!v) return false;
    if (v.dailyCap % v.ours !== 0) { this.partnerForm.fail({ dailyCap: `每日上限要是 ${v.ours} 的整数倍` }); return false; }
    const slogan = f.slogan.trim();
    const done = await this.partnerForm.submit('admin.addPartner', {
      partnerId: v.partnerId, name: v.name, appId: v.appId, ratio: { ours: v.ours, theirs: v.theirs }, dailyCapPoints: v.dailyCap, tierMap: {},
      ...(slogan ? { slogan } : {}),
    }, '合作品牌已保存');
    if (!done) return false;
    this.partnerForm.fill({ partnerId: '', name: '', appId: '', slogan: '' });
    await this.load();
    return true;
  }
}

export const team = new TeamStore();

// ---------------------------------------------------------------------------------------------

/** A tier row as typed. */
export interface TierDraft { tier: string; minSpend: string; memberPercent: string; freeShipping: boolean; errors: { tier?: string; minSpend?: string; memberPercent?: string } }
/** A customer-service rule as typed: keywords separated by commas or spaces. */
export interface KeywordDraft { keywords: string; reply: string; errors: { keywords?: string; reply?: string } }

/** Every setting (`admin.settings`), each section saved on its own. */
export class SettingsStore {
  view: AdminSettingsView | null = null;
  loading = false;
  error: ErrorCode | null = null;
  readonly shipping = new FormState<'fee' | 'freeOver'>({ fee: '', freeOver: '' });
  readonly commission = new FormState<'level1' | 'level2' | 'settleDays'>({ level1: '', level2: '', settleDays: '7' });
  readonly reward = new FormState<'title' | 'kind' | 'costPoints' | 'stock' | 'couponId'>({ title: '', kind: 'coupon', costPoints: '', stock: '', couponId: '' });
  tiers: TierDraft[] = [];
  keywords: KeywordDraft[] = [];
  riskRules: RiskRuleConfig[] = [];
  readonly actions = new ActionState();

  constructor() {
    makeAutoObservable(this, {
      shipping: false, commission: false, reward: false, actions: false,
      view: observable.ref, tiers: observable.ref, keywords: observable.ref, riskRules: observable.ref,
    }, { autoBind: true });
  }

  async load(): Promise<void> {
    await request(() => call('admin.settings', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: (view) => this.fillFrom(view),
      failed: (code) => { this.error = code; },
      settle: () => { this.loading = false; },
    });
  }

  private fillFrom(view: AdminSettingsView): void {
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    this.view = view;
    this.shipping.fill({ fee: yuan(view.shipping.feeFen), freeOver: view.shipping.freeOverFen === null ? '' : yuan(view.shipping.freeOverFen) });
    const plan = view.commissionPlan;
    if (plan) this.commission.fill({ level1: String(plan.level1Bps / 100), level2: String(plan.level2Bps / 100), settleDays: String(Math.round(plan.settleAfterMs / 86400_000)) });
    this.tiers = view.tiers.map((t: TierRuleConfig) => ({ tier: t.tier, minSpend: yuan(t.minLifetimeSpendFen), memberPercent: String(Number(((10000 - t.benefits.memberPriceBps) / 100).toFixed(2))), freeShipping: t.benefits.freeShipping, errors: {} }));
    this.keywords = view.csKeywords.map((k) => ({ keywords: k.keywords.join('，'), reply: k.reply, errors: {} }));
    this.riskRules = view.riskRules;
  }

  async saveShipping(): Promise<void> {
    const f = this.shipping.fields;
    const v = this.shipping.collect({ fee: checkYuan(f.fee || '0', '运费', 0), freeOver: f.freeOver.trim() ? checkYuan(f.freeOver, '包邮门槛') : { ok: true as const, value: undefined as number | undefined } });
    if (!v) return;
    await this.shipping.submit('admin.setShipping', { feeFen: v.fee, ...(v.freeOver !== undefined ? { freeOverFen: v.freeOver } : {}) }, '运费设置已保存');
  }

  async saveCommission(): Promise<void> {
    const f = this.commission.fields;
    const v = this.commission.collect({ level1: checkPercent(f.level1, '一级佣金', 3000), level2: checkPercent(f.level2, '二级佣金', 3000), settleDays: checkInt(f.settleDays, '结算天数', 0, 90) });
    if (!v) return;
    if (v.level1 + v.level2 > 5000) { this.commission.fail({ level2: '两级合计不能超过 50%' }); return; }
    await this.commission.submit('admin.setCommissionPlan', { level1Bps: v.level1, level2Bps: v.level2, settleAfterMs: v.settleDays * 86400_000 }, '佣金方案已保存，新订单起生效');
  }

  setTierField(index: number, field: 'tier' | 'minSpend' | 'memberPercent', value: string): void {
    this.tiers = this.tiers.map((t, i) => (i === index ? { ...t, [field]: value, errors: { ...t.errors, [field]: undefined } } : t));
  }

  setTierFreeShipping(index: number, freeShipping: boolean): void {
    this.tiers = this.tiers.map((t, i) => (i === index ? { ...t, freeShipping } : t));
  }

  addTier(): void {
    this.tiers = [...this.tiers, { tier: '', minSpend: '', memberPercent: '100', freeShipping: false, errors: {} }];
  }

  removeTier(index: number): void {
    this.tiers = this.tiers.filter((_, i) => i !== index);
  }

  /** Tiers rise strictly by lifetime spend from ¥0; member price is a percent of the list price (95 = 95折). */
  async saveTiers(): Promise<void> {
    let bad = false;
    let last = -1;
    const rules: TierRuleConfig[] = [];
    this.tiers = this.tiers.map((t, i) => {
      const errors: TierDraft['errors'] = {};
      const name = checkText(t.tier, '等级名称', 10);
      if (!name.ok) errors.tier = name.message;
      const min = checkYuan(t.minSpend, '累计消费', 0);
      if (!min.ok) errors.minSpend = min.message;
      else if (i === 0 && min.value !== 0) errors.minSpend = '第一个等级的门槛须为 0';
      else if (min.value <= last) errors.minSpend = '门槛须高于上一个等级';
      const pct = checkPercent(t.memberPercent, '会员价', 10000);
      if (!pct.ok) errors.memberPercent = pct.message;
      else if (pct.value < 5000) errors.memberPercent = '会员价不能低于原价的 50%';
      if (min.ok) last = min.value;
      if (Object.keys(errors).length) bad = true;
      else if (name.ok && min.ok && pct.ok) rules.push({ tier: name.value, minLifetimeSpendFen: min.value, benefits: { memberPriceBps: 10000 - pct.value, freeShipping: t.freeShipping } });
      return { ...t, errors };
    });
    if (bad || rules.length === 0) {
      this.actions.say({ kind: 'error', text: rules.length === 0 && !bad ? '至少保留一个会员等级' : '请按提示修改会员等级' });
      return;
    }
    await this.actions.run('tiers', 'admin.setTiers', { rules }, '会员等级已保存');
  }

  setKeywordField(index: number, field: 'keywords' | 'reply', value: string): void {
    this.keywords = this.keywords.map((k, i) => (i === index ? { ...k, [field]: value, errors: { ...k.errors, [field]: undefined } } : k));
  }

  addKeyword(): void {
    this.keywords = [...this.keywords, { keywords: '', reply: '', errors: {} }];
  }

  removeKeyword(index: number): void {
    this.keywords = this.keywords.filter((_, i) => i !== index);
  }

  async saveKeywords(): Promise<void> {
    let bad = false;
    const rules: { keywords: string[]; reply: string }[] = [];
    this.keywords = this.keywords.map((k) => {
      const errors: KeywordDraft['errors'] = {};
      const words = k.keywords.split(/[,，、\s]+/).map((w) => w.trim()).filter(Boolean);
      if (words.length === 0) errors.keywords = '请填写至少一个关键词';
      const reply = checkText(k.reply, '自动回复', 300);
      if (!reply.ok) errors.reply = reply.message;
      if (Object.keys(errors).length) bad = true;
      else if (reply.ok) rules.push({ keywords: words, reply: reply.value });
      return { ...k, errors };
    });
    if (bad) {
      this.actions.say({ kind: 'error', text: '请按提示修改客服关键词' });
      return;
    }
    await this.actions.run('keywords', 'admin.setCsKeywords', { rules }, '客服自动回复已保存');
  }

  /** Turns a risk rule on or off, or switches it between blocking and holding for review. */
  async setRiskRule(id: string, change: Partial<Pick<RiskRuleConfig, 'enabled' | 'action'>>): Promise<void> {
    const rules = this.riskRules.map((r) => (r.id === id ? { ...r, ...change } : r));
    const done = await this.actions.run(`risk-${id}`, 'admin.setRiskRules', { rules }, '风控规则已保存');
    if (done) runInAction(() => { this.riskRules = rules; });
  }

  async createReward(): Promise<void> {
    const f = this.reward.fields;
    const kind = (['coupon', 'physical', 'service'] as const).find((k) => k === f.kind);
    const v = this.reward.collect({
      title: checkText(f.title, '权益名称', 20, 2),
      costPoints: checkInt(f.costPoints, '所需积分', 1, 1000000),
      stock: checkInt(f.stock, '库存', 1, 1000000),
      kind: kind ? { ok: true, value: kind } : { ok: false, message: '请选择权益类型' },
      couponId: kind === 'coupon' ? checkText(f.couponId, '兑换的优惠券编号', 64) : { ok: true, value: '' },
    });
    if (!v) return;
    const done = await this.reward.submit('admin.createReward', { title: v.title, kind: v.kind, costPoints: v.costPoints, stock: v.stock, ...(v.kind === 'coupon' ? { couponId: v.couponId } : {}) }, '权益已上架到积分商城');
    if (done) {
      this.reward.fill({ title: '', costPoints: '', stock: '', couponId: '' });
      await this.load();
    }
  }

  /** Adds stock to a reward (`admin.updateReward`). */
  async restockReward(rewardId: string, stockDelta: number): Promise<void> {
    if (await this.actions.run(rewardId, 'admin.updateReward', { rewardId, stockDelta }, `已补充 ${stockDelta} 份`)) await this.load();
  }
}

export const settings = new SettingsStore();
