import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText } from '../../../stores/admin';
import { REWARD_KIND_TEXT, RISK_KIND_TEXT, riskParamText, settings } from '../../../stores/admin-settings';

const { shipping, commission, reward } = settings;

/** The shop's settings, one card each: shipping, commission, tiers, risk rules, customer-service replies, rewards. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: settings,
      fields: {
        loading: () => settings.loading,
        errorText: () => (settings.error ? adminErrorText(settings.error) : ''),
        tiers: () => settings.tiers,
        keywords: () => settings.keywords,
        riskRules: () => settings.riskRules.map((r) => ({
          id: r.id, name: RISK_KIND_TEXT[r.kind] ?? r.kind, enabled: r.enabled !== false, block: r.action === 'block',
          params: Object.entries(r.params).map(([k, v]) => riskParamText(k, Number(v))).join('，') || '无需参数',
        })),
        rewards: () => (settings.view?.rewards ?? []).map((r) => ({ ...r, kindText: REWARD_KIND_TEXT[r.kind] })),
        busyKey: () => settings.actions.busyKey,
        notice: () => settings.actions.notice,
      },
      actions: {},
    },
    { store: shipping, fields: { sh: () => shipping.fields, she: () => shipping.errors, shNotice: () => shipping.notice, shBusy: () => shipping.busy }, actions: {} },
    { store: commission, fields: { cm: () => commission.fields, cme: () => commission.errors, cmNotice: () => commission.notice, cmBusy: () => commission.busy }, actions: {} },
    { store: reward, fields: { rw: () => reward.fields, rwe: () => reward.errors, rwNotice: () => reward.notice, rwBusy: () => reward.busy }, actions: {} },
  ],
  data: {
    rewardKinds: [{ label: '优惠券', value: 'coupon' }, { label: '实物', value: 'physical' }, { label: '服务', value: 'service' }],
  },
  methods: {
    onLoad() {
      void settings.load();
    },
    onShipping(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'fee' | 'freeOver' }>) {
      shipping.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onSaveShipping() {
      void settings.saveShipping();
    },
    onCommission(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'level1' | 'level2' | 'settleDays' }>) {
      commission.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onSaveCommission() {
      void settings.saveCommission();
    },
    onTier(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number; key: 'tier' | 'minSpend' | 'memberPercent' }>) {
      settings.setTierField(Number(e.currentTarget.dataset.index), e.currentTarget.dataset.key, String(e.detail.value));
    },
    onTierShipping(e: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { index: number }>) {
      settings.setTierFreeShipping(Number(e.currentTarget.dataset.index), e.detail.value);
    },
    onAddTier() {
      settings.addTier();
    },
    onRemoveTier(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      settings.removeTier(Number(e.currentTarget.dataset.index));
    },
    onSaveTiers() {
      void settings.saveTiers();
    },
    onRiskEnabled(e: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { id: string }>) {
      void settings.setRiskRule(e.currentTarget.dataset.id, { enabled: e.detail.value });
    },
    onRiskBlock(e: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { id: string }>) {
      void settings.setRiskRule(e.currentTarget.dataset.id, { action: e.detail.value ? 'block' : 'review' });
    },
    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number; key: 'keywords' | 'reply' }>) {
      settings.setKeywordField(Number(e.currentTarget.dataset.index), e.currentTarget.dataset.key, String(e.detail.value));
    },
    onAddKeyword() {
      settings.addKeyword();
    },
    onRemoveKeyword(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      settings.removeKeyword(Number(e.currentTarget.dataset.index));
    },
    onSaveKeywords() {
      void settings.saveKeywords();
    },
    onReward(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'title' | 'kind' | 'costPoints' | 'stock' | 'couponId' }>) {
      reward.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onCreateReward() {
      void settings.createReward();
    },
    onRestock(e: WechatMiniprogram.BaseEvent<Record<string, never>, { rewardId: string }>) {
      void settings.restockReward(e.currentTarget.dataset.rewardId, 10);
    },
  },
});
