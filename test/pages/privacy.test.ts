/** @jest-environment jsdom */
import { runInAction } from 'mobx-miniprogram';
import type { ConsentView, Req } from '../../typings/api';
import { privacy } from '../../miniprogram/stores/privacy';
import { session } from '../../miniprogram/stores/session';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classesOf, fail, fakeBackend, mountPage, useBackend, type DomElement } from '../support/simulate';

function aConsent(overrides: Partial<ConsentView> = {}): ConsentView {
  return {
    marketing: { miniprogram: true, sms: false, officialAccount: true, app: false },
    location: false,
    partnerSharing: true,
    updatedAt: null,
    ...overrides,
  };
}

/** A server keeping one member's consent, applying each change as `user.setConsent` does. */
function consentServer(start: ConsentView = aConsent()) {
  let state = start;
  const backend = fakeBackend({
    'user.consent': () => state,
    'user.setConsent': (req: Req<'user.setConsent'>) => {
      state = {
        marketing: { ...state.marketing, ...req.marketing },
        location: req.location ?? state.location,
        partnerSharing: req.partnerSharing ?? state.partnerSharing,
        updatedAt: Date.UTC(2026, 4, 1, 1, 30),
      };
      return state;
    },
  });
  return { backend, current: () => state };
}

beforeEach(() => {
  runInAction(() => {
    privacy.consent = null;
    privacy.error = null;
    session.phoneMasked = null;
    session.error = null;
  });
});

type Page = Awaited<ReturnType<typeof mountPage>>;
const switchOf = (page: Page, cell: string) => page.$(`${cell} .t-switch`);
/** Whether a TDesign switch is drawn on (its body carries the checked modifier). */
const isOn = (el: DomElement | null | undefined) => (el ? classesOf(el.children[0]).includes('t-switch__body--checked') : false);
const channelSwitches = (page: Page) => page.$$('.tm-privacy__channel .t-switch');

describe('privacy centre', () => {
  it('shows the consent the server keeps, channel by channel, with partner sharing and location', async () => {
    const { backend } = consentServer();
    useBackend(backend);
    const page = await mountPage('packages/member/privacy/privacy');

    expect(page.$$('.tm-privacy__channel .t-cell__title-text').map((t) => t.textContent?.trim())).toEqual(['小程序消息', '短信', '公众号', 'App 推送']);
    expect(channelSwitches(page).map(isOn)).toEqual([true, false, true, false]);
    expect(isOn(switchOf(page, '.tm-privacy__partner'))).toBe(true);
    expect(isOn(switchOf(page, '.tm-privacy__location'))).toBe(false);
    expect(page.text('.tm-privacy__updated')).toBe('尚未修改过，以上为默认设置');
  });

  describe('when the member refuses partner sharing', () => {
    it('sends only that change and shows what the server saved', async () => {
      const { backend, current } = consentServer();
      useBackend(backend);
      const page = await mountPage('packages/member/privacy/privacy');

      await page.trigger('.tm-privacy__partner .t-switch', 'change', { value: false });

      expect(backend.callsOf('user.setConsent')).toEqual([{ partnerSharing: false }]);
      expect(current().partnerSharing).toBe(false);
      expect(isOn(switchOf(page, '.tm-privacy__partner'))).toBe(false);
      expect(page.text('.tm-privacy__updated')).toBe('上次修改 2026-05-01 09:30');
    });

    it('still shows it refused after the page is opened again', async () => {
      const { backend } = consentServer();
      useBackend(backend);
      const first = await mountPage('packages/member/privacy/privacy');
      await first.trigger('.tm-privacy__partner .t-switch', 'change', { value: false });
      first.unmount();
      runInAction(() => { privacy.consent = null; });

      const again = await mountPage('packages/member/privacy/privacy');
      expect(isOn(switchOf(again, '.tm-privacy__partner'))).toBe(false);
    });
  });

  it('sends a marketing channel change under marketing', async () => {
    const { backend } = consentServer();
    useBackend(backend);
    const page = await mountPage('packages/member/privacy/privacy');

    await page.trigger(channelSwitches(page)[1], 'change', { value: true });
    expect(backend.callsOf('user.setConsent')).toEqual([{ marketing: { sms: true } }]);
    expect(channelSwitches(page).map(isOn)).toEqual([true, true, true, false]);
  });

  it('keeps the old state and says so when saving fails', async () => {
    const { backend } = consentServer();
    backend.on({ 'user.setConsent': () => fail('RATE_LIMITED') });
    useBackend(backend);
    const page = await mountPage('packages/member/privacy/privacy');

    await page.trigger('.tm-privacy__location .t-switch', 'change', { value: true });
    expect(isOn(switchOf(page, '.tm-privacy__location'))).toBe(false);
    expect(page.text('.tm-privacy__error')).toContain('操作太频繁');
  });

  describe('phone binding', () => {
    it('binds with the getPhoneNumber code and shows the masked number', async () => {
      const { backend } = consentServer();
      backend.on({ 'user.bindPhone': () => ({ phoneMasked: '138****5678' }) });
      useBackend(backend);
      const page = await mountPage('packages/member/privacy/privacy');

      // simulate renders no attributes of native buttons: the template is what WeChat reads.
      const wxml = readFileSync(join(__dirname, '../../miniprogram/packages/member/privacy/privacy.wxml'), 'utf8');
      expect(wxml).toMatch(/<button[^>]*class="tm-privacy__bind"[^>]*open-type="getPhoneNumber"[^>]*bindgetphonenumber="onGetPhoneNumber"/);
      await page.trigger('.tm-privacy__bind', 'getphonenumber', { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' });

      expect(backend.callsOf('user.bindPhone')).toEqual([{ code: 'phone-code-1' }]);
      expect(page.text('.tm-privacy__phone')).toContain('138****5678');
      expect(page.$('.tm-privacy__bind')).toBeNull();
    });

    it('binds nothing when the member declines', async () => {
      const { backend } = consentServer();
      useBackend(backend);
      const page = await mountPage('packages/member/privacy/privacy');

      await page.trigger('.tm-privacy__bind', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' });
      expect(backend.callsOf('user.bindPhone')).toEqual([]);
      expect(page.$('.tm-privacy__bind')).not.toBeNull();
    });
  });
});
