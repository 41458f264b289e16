import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText } from '../../../stores/admin';
import { CAMPAIGN_TABS, PROMOTION_KINDS, campaignEditor, productPicker, type CampaignKind } from '../../../stores/admin-marketing';

const form = campaignEditor.form;

/**
 * One campaign's form, by kind: a group-buy (SKU, group price, size, time limit, stock), a flash sale (SKU,
 * price, stock, per-user limit, window), a coupon (value, threshold, total, per-user limit, expiry) or a
 * promotion (full reduction, percentage, fixed; window). Times are China time `2024-06-18 20:00`.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: campaignEditor,
      fields: {
        kind: () => campaignEditor.kind,
        isNew: () => campaignEditor.isNew,
        loadErrorText: () => (campaignEditor.loadError ? adminErrorText(campaignEditor.loadError) : ''),
      },
      actions: {},
    },
    {
      store: form,
      fields: {
        f: () => form.fields,
        e: () => form.errors,
        busy: () => form.busy,
        notice: () => form.notice,
      },
      actions: {},
    },
    {
      store: productPicker,
      fields: {
        skuOptions: () => productPicker.skuOptions,
        skuLabel: () => productPicker.skuOptions.find((o) => o.value === form.fields.skuId)?.label ?? '',
      },
      actions: {},
    },
  ],
  data: { skuSheet: false, promoKinds: PROMOTION_KINDS, kindLabel: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const kind = (CAMPAIGN_TABS.find((t) => t.value === query.kind)?.value ?? 'group') as CampaignKind;
      const label = CAMPAIGN_TABS.find((t) => t.value === kind)?.label ?? '';
      this.setData({ kindLabel: label });
      wx.setNavigationBarTitle({ title: `${query.id ? '编辑' : '新建'}${label}` });
      void campaignEditor.open(kind, query.id ?? null);
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: Parameters<typeof form.set>[0] }>) {
      form.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onPickSku() {
      this.setData({ skuSheet: true });
    },
    onSkuChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      form.set('skuId', e.detail.value);
      this.setData({ skuSheet: false });
    },
    onSkuClose() {
      this.setData({ skuSheet: false });
    },
    onPromoKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      form.set('promoKind', e.detail.value);
    },
    async onSave() {
      if (await campaignEditor.save()) {
        wx.showToast({ title: '已保存', icon: 'success' });
        setTimeout(() => { void wx.navigateBack({ delta: 1 }); }, 600);
      }
    },
  },
});
