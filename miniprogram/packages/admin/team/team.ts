import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { adminErrorText } from '../../../stores/admin';
import { STAFF_ROLE_TEXT, team } from '../../../stores/admin-settings';
import { formatChinaDateTime } from '../../../utils/time';

const staffForm = team.staffForm;
const partnerForm = team.partnerForm;

/** Store staff (clerks and managers who verify member codes) and alliance partner brands. */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: team,
      fields: {
        staff: () => team.staff.map((s) => ({ openid: s.openid, role: STAFF_ROLE_TEXT[s.role], storeId: s.storeId, since: formatChinaDateTime(s.createdAt) })),
        partners: () => team.partners.map((p) => ({ partnerId: p.partnerId, name: p.name, appId: p.appId, ratio: `${p.ratio.ours} 积分 = 对方 ${p.ratio.theirs} 积分`, cap: p.dailyCapPoints, kind: p.kind === 'brandApp' ? '品牌 APP' : '小程序' })),
        loading: () => team.loading,
        errorText: () => (team.error ? adminErrorText(team.error) : ''),
        busyId: () => team.actions.busyKey,
        notice: () => team.actions.notice,
      },
      actions: {},
    },
    { store: staffForm, fields: { sf: () => staffForm.fields, se: () => staffForm.errors, sBusy: () => staffForm.busy, sNotice: () => staffForm.notice }, actions: {} },
    { store: partnerForm, fields: { pf: () => partnerForm.fields, pe: () => partnerForm.errors, pBusy: () => partnerForm.busy, pNotice: () => partnerForm.notice }, actions: {} },
  ],
  data: {
    tab: 'staff',
    roles: [{ label: '店员（核销）', value: 'clerk' }, { label: '店长', value: 'manager' }],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.tab === 'partners') this.setData({ tab: 'partners' });
      void team.load();
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ tab: e.detail.value });
    },
    onStaffField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'openid' | 'role' | 'storeId' }>) {
      staffForm.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onPartnerField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'partnerId' | 'name' | 'appId' | 'ours' | 'theirs' | 'dailyCap' | 'slogan' }>) {
      partnerForm.set(e.currentTarget.dataset.key, String(e.detail.value));
    },
    onAddStaff() {
      void team.addStaff();
    },
    async onRemoveStaff(e: WechatMiniprogram.BaseEvent<Record<string, never>, { openid: string }>) {
      const { confirm } = await wx.showModal({ title: '移除员工', content: '移除后该员工不能再核销会员码和权益。', confirmText: '移除' });
      if (confirm) await team.removeStaff(e.currentTarget.dataset.openid);
    },
    onAddPartner() {
      void team.addPartner();
    },
  },
});
