import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { CHANNEL_NAMES, privacy, privacyErrorText, type ConsentKey } from '../../../stores/privacy';
import { session } from '../../../stores/session';
import { errorText } from '../../../utils/errors';
import { chinaTime } from '../../../utils/codes';

/**
 * Privacy centre (隐私中心): the member's consent per marketing channel, to sharing with alliance
 * partners and to location, as the server keeps it (`user.consent`); each switch saves at once
 * (`user.setConsent`). Also the phone binding (`getPhoneNumber` → `user.bindPhone`).
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: [
    {
      store: privacy,
      fields: {
        ready: () => privacy.consent !== null,
        channels: () => CHANNEL_NAMES.map((c) => ({ ...c, on: privacy.consent?.marketing[c.channel] ?? false })),
        partnerSharing: () => privacy.consent?.partnerSharing ?? false,
        location: () => privacy.consent?.location ?? false,
        updatedText: () => (privacy.consent?.updatedAt ? `上次修改 ${chinaTime(privacy.consent.updatedAt)}` : '尚未修改过，以上为默认设置'),
        saving: () => privacy.saving ?? '',
        loading: () => privacy.loading,
        errorMessage: () => (privacy.error ? privacyErrorText(privacy.error) : ''),
      },
      actions: {},
    },
    {
      store: session,
      fields: {
        phoneMasked: () => session.phoneMasked ?? '',
        binding: () => session.binding,
        phoneError: () => (session.error && !session.binding && !session.phoneMasked ? errorText(session.error) : ''),
      },
      actions: {},
    },
  ],
  methods: {
    onLoad() {
      void privacy.load();
    },
    onRetry() {
      void privacy.load();
    },
    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { key: ConsentKey }>) {
      void privacy.set(e.currentTarget.dataset.key, e.detail.value);
    },
    onGetPhoneNumber(e: WechatMiniprogram.CustomEvent<{ code?: string; errMsg?: string }>) {
      // No code: the member declined, or the account cannot use the phone component. Nothing to bind.
      if (!e.detail.code) return;
      void session.bindPhone(e.detail.code);
    },
  },
});
