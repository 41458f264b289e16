/** @jest-environment jsdom */
/// <reference types="miniprogram-api-typings" />
import type { Api, PartnerView } from '../../typings/api';
import { alliance } from '../../miniprogram/stores/alliance';
import { fail, fakeBackend, flush, type FakeHandlers, mountPage, useBackend } from '../support/simulate';
import { aPartnerView } from '../support/simulate-fixtures';
import { expectLogged } from '../support/quiet-console';

/** The dialog's confirm button (TDesign renders it as the primary t-button of the footer). */
const CONFIRM = '.t-dialog__footer .t-button--primary';
const CANCEL = '.t-dialog__footer .t-button:not(.t-button--primary)';

const aMember = (pointsBalance: number) => ({ userId: 'u1', isNew: false, tier: 'gold', pointsBalance, inviterUserId: null, roles: [] });

/**
 * A member with `balance` points; the server lists the coffee partner and exchanges at its 100:1 unless
 * `more` says otherwise.
 */
function allianceBackend(balance: number, more: FakeHandlers = {}) {
  let left = balance;
  return fakeBackend({
    'alliance.partners': () => ({ items: [aPartnerView()] }),
    'user.login': () => aMember(left),
    'points.balance': () => ({ balance: left, expiring: [] }),
    'alliance.dualMembership': () => ({ dualMember: false }),
    'analytics.track': (req) => ({ accepted: req.events.length }),
    'alliance.exchange': (req) => {
      left -= req.points;
      return { transferId: 'xfer-1', spentPoints: req.points, partnerPoints: req.points / 100, balance: left };
    },
    ...more,
  });
}

type ExchangeReq = Api['alliance.exchange']['req'];

const wxAny = wx as unknown as Record<string, unknown>;
const navigateTo = jest.fn();
const navigateToMiniProgram = jest.fn();
beforeEach(() => {
  // Each test is a new session: the partners are asked for again.
  alliance.forgetPartners();
  navigateTo.mockReset();
  navigateToMiniProgram.mockReset();
  wxAny.navigateTo = navigateTo;
  wxAny.navigateToMiniProgram = navigateToMiniProgram;
});

const EXCHANGE = 'packages/alliance/exchange/exchange';
const PARTNER = 'packages/alliance/partner/partner';

/** An `alliance.partners` answer held back until `release()`; `failing` makes it a platform failure. */
function heldPartners(items: PartnerView[] = [aPartnerView()]) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release,
    handler: async () => {
      await gate;
      return { items };
    },
  };
}

/** Answers `alliance.partners` with a platform failure until `recover()`. */
function flakyPartners(items: PartnerView[] = [aPartnerView()]) {
  let down = true;
  return {
    recover: () => {
      down = false;
    },
    handler: () => {
      if (down) throw new Error('network down');
      return { items };
    },
  };
}

describe('the partners', () => {
  it('are asked for once per session, concurrent callers sharing one call', async () => {
    const backend = allianceBackend(1000);
    useBackend(backend);

    await Promise.all([alliance.loadPartners(), alliance.loadPartners()]);
    await alliance.loadPartners();

    expect(backend.callsOf('alliance.partners')).toEqual([{}]);
    expect(alliance.partner('coffee')).toEqual(aPartnerView());
  });

  it('keep a failure as its error code, and the next load asks again', async () => {
    const flaky = flakyPartners();
    const backend = allianceBackend(1000, { 'alliance.partners': flaky.handler });
    useBackend(backend);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    await alliance.loadPartners();
    expect(alliance.partnersError).toBe('INTERNAL');
    expect(alliance.partners).toBeNull();

    flaky.recover();
    await alliance.loadPartners();
    expect(alliance.partnersError).toBeNull();
    expect(alliance.partners).toEqual([aPartnerView()]);
    expect(backend.callsOf('alliance.partners')).toHaveLength(2);
    warn.mockRestore();
    error.mockRestore();
  });
});

describe('exchange page', () => {
  it('shows the partner, its ratio and my balance, with a TDesign stepper starting at one unit of the ratio', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(EXCHANGE);

    expect(page.text('.tm-alliance-exchange__partner')).toBe('晨光咖啡');
    expect(page.text('.tm-alliance-exchange__ratio')).toBe('100 积分 = 1 晨光咖啡积分');
    expect(page.text('.tm-alliance-exchange__balance')).toContain('1000');
    expect(page.$('.tm-alliance-exchange__stepper.t-stepper')).not.toBeNull();
    expect(page.text('.tm-alliance-exchange__preview')).toBe('1 晨光咖啡积分');
    expect(page.$('.tm-alliance-exchange__submit.t-button')).not.toBeNull();
    page.unmount();
  });

  it('steps in multiples of the ratio and previews the partner points in the view', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(EXCHANGE, { query: { partnerId: 'coffee' } });

    await page.tap('.t-stepper__plus');
    await page.tap('.t-stepper__plus');

    expect(page.data.points).toBe(300);
    expect(page.text('.tm-alliance-exchange__preview')).toBe('3 晨光咖啡积分');
    page.unmount();
  });

  it('refuses an amount that is not a multiple of the ratio before asking anything', async () => {
    const backend = allianceBackend(1000);
    useBackend(backend);
    const page = await mountPage(EXCHANGE);

    await page.trigger('.tm-alliance-exchange__stepper', 'change', { value: 150 });

    expect(page.text('.tm-alliance-exchange__preview')).toBe('需为 100 的整数倍');
    expect(page.$('.tm-alliance-exchange__submit.t-button--disabled')).not.toBeNull();
    await page.tap('.tm-alliance-exchange__submit');
    expect(page.data.confirming).toBe(false);
    expect(backend.callsOf('alliance.exchange')).toHaveLength(0);
    page.unmount();
  });

  it('exchanges after confirming in a TDesign dialog, sending the points to spend and nothing computed', async () => {
    const backend = allianceBackend(1000);
    useBackend(backend);
    const page = await mountPage(EXCHANGE);
    await page.tap('.t-stepper__plus');

    await page.tap('.tm-alliance-exchange__submit');
    expect(page.text('.t-dialog')).toContain('使用 200 积分兑换 2 晨光咖啡积分？');
    expect(backend.callsOf('alliance.exchange')).toHaveLength(0);

    await page.tap(CONFIRM);

    const sent = backend.callsOf('alliance.exchange');
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0]).sort()).toEqual(['idempotencyKey', 'partnerId', 'points']);
    expect(sent[0]).toEqual({ partnerId: 'coffee', points: 200, idempotencyKey: expect.stringMatching(/\S{8,}/) });
    expect(page.$('.tm-alliance-exchange__result .t-result')).not.toBeNull();
    expect(page.text('.tm-alliance-exchange__result')).toContain('消耗 200 积分，获得 2 晨光咖啡积分，剩余 800 积分');
    expect(page.text('.tm-alliance-exchange__balance')).toContain('800');
    page.unmount();
  });

  it('shows what the server credited, not the preview, when they differ', async () => {
    useBackend(allianceBackend(1000, {
      'alliance.exchange': (req) => ({ transferId: 'x', spentPoints: req.points, partnerPoints: 3, balance: 900 }),
    }));
    const page = await mountPage(EXCHANGE);

    await page.tap('.tm-alliance-exchange__submit');
    await page.tap(CONFIRM);

    expect(page.text('.tm-alliance-exchange__result')).toContain('获得 3 晨光咖啡积分');
    page.unmount();
  });

  it('does nothing when the dialog is cancelled', async () => {
    const backend = allianceBackend(1000);
    useBackend(backend);
    const page = await mountPage(EXCHANGE);

    await page.tap('.tm-alliance-exchange__submit');
    await page.tap(CANCEL);

    expect(page.data.confirming).toBe(false);
    expect(backend.callsOf('alliance.exchange')).toHaveLength(0);
    page.unmount();
  });

  describe('when the network fails', () => {
    it('says so, and a retry sends the same idempotency key', async () => {
      expectLogged('error', /\[api\] alliance\.exchange: platform call failed/);
      let down = true;
      const backend = allianceBackend(1000);
      backend.on({
        'alliance.exchange': (req) => {
          if (down) {
            down = false;
            throw new Error('network down');
          }
          return { transferId: 'x', spentPoints: req.points, partnerPoints: 1, balance: 900 };
        },
      });
      useBackend(backend);
      const page = await mountPage(EXCHANGE, { query: { partnerId: 'coffee' } });
      await page.tap('.t-stepper__plus');

      await page.tap('.tm-alliance-exchange__submit');
      await page.tap(CONFIRM);
      expect(page.$('.tm-alliance-exchange__error .t-notice-bar')).not.toBeNull();
      expect(page.text('.tm-alliance-exchange__error')).toContain('网络开小差了，请重试（不会重复扣积分）');

      await page.tap('.tm-alliance-exchange__submit');
      await page.tap(CONFIRM);

      const [first, retry] = backend.callsOf('alliance.exchange') as ExchangeReq[];
      expect(retry.idempotencyKey).toBe(first.idempotencyKey);
      expect(page.$('.tm-alliance-exchange__error')).toBeNull();
      expect(page.$('.tm-alliance-exchange__result .t-result')).not.toBeNull();
      page.unmount();
    });
  });

  describe.each([
    ['LIMIT_EXCEEDED', '今日兑换已达上限，明天再来吧'],
    ['INSUFFICIENT_POINTS', '积分不足，攒一攒再来兑换吧'],
  ] as const)('when the server answers %s', (code, words) => {
    it('says so kindly in a TDesign notice, and the next try is a new exchange with a new key', async () => {
      const backend = allianceBackend(1000, { 'alliance.exchange': () => fail(code) });
      useBackend(backend);
      const page = await mountPage(EXCHANGE);

      await page.tap('.tm-alliance-exchange__submit');
      await page.tap(CONFIRM);
      expect(page.$('.tm-alliance-exchange__error .t-notice-bar')).not.toBeNull();
      expect(page.text('.tm-alliance-exchange__error')).toBe(words);
      expect(page.$('.tm-alliance-exchange__result')).toBeNull();

      await page.tap('.tm-alliance-exchange__submit');
      await page.tap(CONFIRM);
      const [first, second] = backend.callsOf('alliance.exchange') as ExchangeReq[];
      expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
      page.unmount();
    });
  });

  it('cannot exchange more than the balance', async () => {
    useBackend(allianceBackend(50));
    const page = await mountPage(EXCHANGE);

    expect(page.$('.tm-alliance-exchange__submit.t-button--disabled')).not.toBeNull();
    expect(page.text('.tm-alliance-exchange__submit')).toBe('积分不足');
    page.unmount();
  });

  it('says a partner it does not know is not supported, with a TDesign empty state', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(EXCHANGE, { query: { partnerId: 'tea' } });

    expect(page.$('.tm-alliance-exchange__unknown .t-empty')).not.toBeNull();
    expect(page.$('.t-stepper')).toBeNull();
    page.unmount();
  });

  it('previews at the ratio the server lists, not a ratio of its own', async () => {
    useBackend(allianceBackend(1000, { 'alliance.partners': () => ({ items: [aPartnerView({ partnerId: 'tea', name: '山茶', ratio: { ours: 50, theirs: 3 } })] }) }));
    const page = await mountPage(EXCHANGE, { query: { partnerId: 'tea' } });

    expect(page.text('.tm-alliance-exchange__ratio')).toBe('50 积分 = 3 山茶积分');
    expect(page.text('.tm-alliance-exchange__preview')).toBe('3 山茶积分');
    await page.tap('.t-stepper__plus');
    expect(page.data.points).toBe(100);
    expect(page.text('.tm-alliance-exchange__preview')).toBe('6 山茶积分');
    page.unmount();
  });

  it('exchanges with the first partner the server lists when none is named', async () => {
    const backend = allianceBackend(1000, { 'alliance.partners': () => ({ items: [aPartnerView({ partnerId: 'tea', name: '山茶' }), aPartnerView()] }) });
    useBackend(backend);
    const page = await mountPage(EXCHANGE);

    expect(page.text('.tm-alliance-exchange__partner')).toBe('山茶');
    await page.tap('.tm-alliance-exchange__submit');
    await page.tap(CONFIRM);
    expect(backend.callsOf('alliance.exchange')).toEqual([expect.objectContaining({ partnerId: 'tea' })]);
    page.unmount();
  });

  describe('while the partners load', () => {
    it('shows a TDesign loading state and no stepper, then the partner', async () => {
      const held = heldPartners();
      useBackend(allianceBackend(1000, { 'alliance.partners': held.handler }));
      const page = await mountPage(EXCHANGE);

      expect(page.$('.tm-alliance-exchange__loading .t-loading')).not.toBeNull();
      expect(page.$('.t-stepper')).toBeNull();
      expect(page.$('.tm-alliance-exchange__unknown')).toBeNull();

      held.release();
      await flush();
      expect(page.$('.tm-alliance-exchange__loading')).toBeNull();
      expect(page.text('.tm-alliance-exchange__partner')).toBe('晨光咖啡');
      expect(page.$('.tm-alliance-exchange__stepper.t-stepper')).not.toBeNull();
      page.unmount();
    });
  });

  describe('when the partners cannot be loaded', () => {
    it('says so with a retry button, not "not supported", and the retry shows the partner', async () => {
      const flaky = flakyPartners();
      const backend = allianceBackend(1000, { 'alliance.partners': flaky.handler });
      useBackend(backend);
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const page = await mountPage(EXCHANGE);

      expect(page.$('.tm-alliance-exchange__load-error .t-empty')).not.toBeNull();
      expect(page.text('.tm-alliance-exchange__load-error')).toContain('网络开小差了，请稍后重试');
      expect(page.$('.tm-alliance-exchange__unknown')).toBeNull();
      expect(page.$('.t-stepper')).toBeNull();

      flaky.recover();
      await page.tap('.tm-alliance-exchange__retry');

      expect(backend.callsOf('alliance.partners')).toHaveLength(2);
      expect(page.$('.tm-alliance-exchange__load-error')).toBeNull();
      expect(page.text('.tm-alliance-exchange__partner')).toBe('晨光咖啡');
      warn.mockRestore();
      error.mockRestore();
      page.unmount();
    });
  });
});

describe('partner page', () => {
  it('shows the brand card with TDesign avatar and buttons, and jumps only when tapped', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(PARTNER);

    expect(page.text('.tm-alliance-partner__name')).toBe('晨光咖啡');
    expect(page.$('.tm-alliance-partner__brand .t-avatar')).not.toBeNull();
    expect(page.$$('.tm-alliance-partner__actions .t-button')).toHaveLength(2);
    expect(navigateToMiniProgram).not.toHaveBeenCalled();
    page.unmount();
  });

  it('opens the partner mini-program on tap, telling it where the user comes from and the coupon', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(PARTNER, { query: { partnerId: 'coffee' } });

    await page.tap('.tm-alliance-partner__jump');

    expect(navigateToMiniProgram).toHaveBeenCalledTimes(1);
    const [options] = navigateToMiniProgram.mock.calls[0];
    expect(options).toEqual({
      appId: 'wx-partner-coffee',
      path: 'pages/index/index',
      extraData: { source: 'tuanmall', coupon_id: 'alliance-coffee-welcome' },
      fail: expect.any(Function),
    });
    page.unmount();
  });

  it('stays quiet when the user declines the jump, and says so when the jump fails', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(PARTNER);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    navigateToMiniProgram.mockImplementationOnce((o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'navigateToMiniProgram:fail cancel' }));
    await page.tap('.tm-alliance-partner__jump');
    expect(page.$('.tm-alliance-partner__error')).toBeNull();

    navigateToMiniProgram.mockImplementationOnce((o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'navigateToMiniProgram:fail appId invalid' }));
    await page.tap('.tm-alliance-partner__jump');
    expect(page.$('.tm-alliance-partner__error .t-notice-bar')).not.toBeNull();
    expect(page.text('.tm-alliance-partner__error')).toContain('暂时无法打开晨光咖啡小程序');
    warn.mockRestore();
    page.unmount();
  });

  it.each([
    [true, 1],
    [false, 0],
  ])('shows the dual-member TDesign tag only for a member of both (dualMember %s)', async (dualMember, tags) => {
    const backend = allianceBackend(1000, { 'alliance.dualMembership': () => ({ dualMember }) });
    useBackend(backend);
    const page = await mountPage(PARTNER);

    expect(backend.callsOf('alliance.dualMembership')).toEqual([{ partnerId: 'coffee' }]);
    expect(page.$$('.tm-alliance-partner__dual.t-tag')).toHaveLength(tags);
    page.unmount();
  });

  it('jumps where the server says, without a path or coupon the partner has not set', async () => {
    const { jumpPath: _path, welcomeCouponId: _coupon, slogan: _slogan, ...bare } = aPartnerView({ partnerId: 'tea', name: '山茶', appId: 'wx-partner-tea' });
    useBackend(allianceBackend(1000, { 'alliance.partners': () => ({ items: [bare] }) }));
    const page = await mountPage(PARTNER, { query: { partnerId: 'tea' } });

    expect(page.text('.tm-alliance-partner__name')).toBe('山茶');
    expect(page.$('.tm-alliance-partner__slogan')).toBeNull();
    await page.tap('.tm-alliance-partner__jump');

    expect(navigateToMiniProgram.mock.calls[0][0]).toEqual({ appId: 'wx-partner-tea', extraData: { source: 'tuanmall' }, fail: expect.any(Function) });
    page.unmount();
  });

  it('shows the slogan the server lists', async () => {
    useBackend(allianceBackend(1000, { 'alliance.partners': () => ({ items: [aPartnerView({ slogan: '买一送一' })] }) }));
    const page = await mountPage(PARTNER);

    expect(page.text('.tm-alliance-partner__slogan')).toBe('买一送一');
    page.unmount();
  });

  it('says a partner it does not know is not supported, and asks nothing about it', async () => {
    const backend = allianceBackend(1000);
    useBackend(backend);
    const page = await mountPage(PARTNER, { query: { partnerId: 'tea' } });

    expect(page.$('.tm-alliance-partner__unknown .t-empty')).not.toBeNull();
    expect(page.$('.tm-alliance-partner__jump')).toBeNull();
    expect(backend.callsOf('alliance.dualMembership')).toHaveLength(0);
    page.unmount();
  });

  it('shows a TDesign loading state while the partners load, then the card', async () => {
    const held = heldPartners();
    useBackend(allianceBackend(1000, { 'alliance.partners': held.handler }));
    const page = await mountPage(PARTNER);

    expect(page.$('.tm-alliance-partner__loading .t-loading')).not.toBeNull();
    expect(page.$('.tm-alliance-partner__card')).toBeNull();

    held.release();
    await flush();
    expect(page.$('.tm-alliance-partner__loading')).toBeNull();
    expect(page.text('.tm-alliance-partner__name')).toBe('晨光咖啡');
    page.unmount();
  });

  it('offers a retry when the partners cannot be loaded, and cannot jump meanwhile', async () => {
    const flaky = flakyPartners();
    const backend = allianceBackend(1000, { 'alliance.partners': flaky.handler });
    useBackend(backend);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = await mountPage(PARTNER);

    expect(page.$('.tm-alliance-partner__load-error .t-empty')).not.toBeNull();
    expect(page.$('.tm-alliance-partner__unknown')).toBeNull();
    expect(page.$('.tm-alliance-partner__jump')).toBeNull();

    flaky.recover();
    await page.tap('.tm-alliance-partner__retry');

    expect(page.text('.tm-alliance-partner__name')).toBe('晨光咖啡');
    expect(backend.callsOf('alliance.dualMembership')).toEqual([{ partnerId: 'coffee' }]);
    warn.mockRestore();
    error.mockRestore();
    page.unmount();
  });

  it('leads to the points exchange for the same partner', async () => {
    useBackend(allianceBackend(1000));
    const page = await mountPage(PARTNER);

    await page.tap('.tm-alliance-partner__exchange');

    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/alliance/exchange/exchange?partnerId=coffee' });
    page.unmount();
  });
});

describe('the me page', () => {
  it('has a 联盟权益 entry that opens the partner page', async () => {
    useBackend(allianceBackend(1000, {
      'order.counts': () => ({ pendingPayment: 0, toShip: 0, toReceive: 0, afterSale: 0 }),
      'coupon.mine': () => ({ items: [] }),
    }));
    const me = await mountPage('pages/me/me');
    const entry = me.$$('.tm-me__entries .tm-me__entry').find((cell) => (cell.textContent ?? '').includes('联盟权益'));
    expect(entry).toBeDefined();

    if (entry) await me.tap(entry);

    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/alliance/partner/partner' });
    me.unmount();
  });
});
