import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { staff } from '../../../stores/staff';
import { tierName } from '../../../utils/codes';

type InputEvent = WechatMiniprogram.CustomEvent<{ value: string }>;

/** Opens the camera; resolves with what was scanned, or null when the clerk backed out. */
function scan(): Promise<string | null> {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: false,
      success: (res) => resolve(res.result),
      fail: (err) => {
        console.warn('[staff] scan cancelled or failed', err);
        resolve(null);
      },
    });
  });
}

/**
 * Staff counter (门店核销): scan a member code to see tier and points and deduct points, or scan/type a
 * right's verify code to verify it. Closed with a notice once the backend answers FORBIDDEN.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: staff,
    fields: {
      forbidden: () => staff.forbidden,
      customer: () => staff.customer && { tier: tierName(staff.customer.tier), pointsBalance: staff.customer.pointsBalance },
      busy: () => staff.busy,
      notice: () => staff.notice,
      lastRight: () => staff.lastRight && { title: staff.lastRight.title, verifyCode: staff.lastRight.verifyCode },
    },
    actions: {},
  },
  data: {
    memberCode: '',
    points: '',
    reason: '',
    rightCode: '',
  },
  methods: {
    onLoad() {
      staff.clear();
    },
    async onScanMember() {
      const code = await scan();
      if (code === null) return;
      this.setData({ memberCode: code, points: '', reason: '' });
      await staff.verifyMember(code);
    },
    onMemberCodeInput(e: InputEvent) {
      this.setData({ memberCode: e.detail.value });
    },
    onLookup() {
      void staff.verifyMember(this.data.memberCode);
    },
    onPointsInput(e: InputEvent) {
      this.setData({ points: e.detail.value });
    },
    onReasonInput(e: InputEvent) {
      this.setData({ reason: e.detail.value });
    },
    async onDeduct() {
      const done = await staff.deduct(Number(this.data.points), this.data.reason.trim());
      if (done) this.setData({ points: '', reason: '' });
    },
    async onScanRight() {
      const code = await scan();
      if (code === null) return;
      this.setData({ rightCode: code });
      await staff.verifyRight(code);
    },
    onRightCodeInput(e: InputEvent) {
      this.setData({ rightCode: e.detail.value });
    },
    async onVerifyRight() {
      const done = await staff.verifyRight(this.data.rightCode);
      if (done) this.setData({ rightCode: '' });
    },
  },
});
