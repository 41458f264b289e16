import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { member } from '../../../stores/member';
import { session } from '../../../stores/session';
import { errorText } from '../../../utils/errors';
import { tierName } from '../../../utils/codes';

let refreshTimer: number | null = null;
/** False while the page is hidden or gone: an answer arriving then plans no further fetch. */
let visible = false;

function stopTimer(): void {
  visible = false;
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = null;
}

/**
 * Member code (会员码): the code of `user.memberCode` as a QR code and a barcode (grids of views, drawn
 * by our own encoders), with a countdown. A new code is fetched shortly before the shown one expires,
 * while the page is visible.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: member,
      fields: {
        qrRows: () => member.qrRows,
        bars: () => member.bars,
        codeText: () => member.codeText,
        validForMs: () => member.validForMs,
        hasCode: () => member.code !== '',
        loading: () => member.loading && member.code === '',
        errorMessage: () => (member.error ? errorText(member.error) : ''),
      },
      actions: {},
    },
    {
      store: session,
      fields: { tier: () => (session.tier ? tierName(session.tier) : '') },
      actions: {},
    },
  ],
  lifetimes: {
    detached() {
      stopTimer();
    },
  },
  methods: {
    onShow() {
      void this.renew();
    },
    onHide() {
      stopTimer();
    },
    onUnload() {
      stopTimer();
    },
    /** Fetches a code now and plans the next fetch before it expires. */
    async renew() {
      stopTimer();
      visible = true;
      await member.refresh();
      if (visible && member.code) refreshTimer = setTimeout(() => void this.renew(), member.refreshInMs) as unknown as number;
    },
    onRefreshTap() {
      void this.renew();
    },
  },
});
