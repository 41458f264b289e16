/** @jest-environment jsdom */
import { runInAction } from 'mobx-miniprogram';
import { alliance } from '../../miniprogram/stores/alliance';
import { session } from '../../miniprogram/stores/session';
import { fakeBackend, flush, launchApp, mountPage, useBackend } from '../support/simulate';

const member = { userId: 'u-new', isNew: true, tier: 'member', pointsBalance: 0, inviterUserId: null, roles: [] };

describe('launching the mini-program', () => {
  it.each([
    ['a shared link', { inviter: 'u-promoter' }, 'u-promoter'],
    ['a poster (scene i=<share code>)', { scene: encodeURIComponent('i=K3M9Q2ZT') }, 'K3M9Q2ZT'],
    ['an older scene (inviter=<id>)', { scene: encodeURIComponent('inviter=u-old') }, 'u-old'],
  ])('logs in with the inviter from %s', async (_how, query, inviter) => {
    const backend = fakeBackend({ 'user.login': () => member });
    useBackend(backend);
    await launchApp({ query });
    expect(backend.callsOf('user.login')).toEqual([{ inviter }]);
  });

  it('logs in without an inviter when the launch carries none', async () => {
    const backend = fakeBackend({ 'user.login': () => member });
    useBackend(backend);
    await launchApp({ query: { scene: encodeURIComponent('x=1') } });
    expect(backend.callsOf('user.login')).toEqual([{}]);
  });
});

describe('landing from a partner mini-program (联盟)', () => {
  const fromCoffee = { appId: 'wx-partner-coffee', extraData: { source: 'coffee', campaign: 'spring' } };

  afterEach(() => {
    alliance.dismissLandingCoupon();
    alliance.endShow();
  });

  it('waits for login before reporting the landing', async () => {
    runInAction(() => {
      session.userId = null;
    });
    let loggedIn: (value: typeof member) => void = () => undefined;
    const backend = fakeBackend({
      'user.login': () => new Promise((resolve) => { loggedIn = resolve; }),
      'alliance.landing': () => ({ attributed: true }),
    });
    useBackend(backend);
    await launchApp({ referrerInfo: fromCoffee });
    expect(backend.callsOf('alliance.landing')).toHaveLength(0);

    loggedIn(member);
    await flush();
    expect(backend.callsOf('user.login')).toHaveLength(1);
    expect(backend.callsOf('alliance.landing')).toHaveLength(1);
  });

  it('reports the landing once per foreground session, with the referrer’s appId and extraData', async () => {
    const backend = fakeBackend({ 'user.login': () => member, 'alliance.landing': () => ({ attributed: true }) });
    useBackend(backend);
    const app = await launchApp({ referrerInfo: fromCoffee });

    // onLaunch and onShow both see the referrer of this cold start: one report.
    expect(backend.callsOf('alliance.landing')).toEqual([{ fromAppId: 'wx-partner-coffee', extraData: { source: 'coffee', campaign: 'spring' } }]);

    // Back from the partner again later: a new foreground session, a new report.
    app.onHide();
    app.onShow({ path: 'pages/home/home', query: {}, scene: 1037, referrerInfo: fromCoffee });
    await flush();
    expect(backend.callsOf('alliance.landing')).toHaveLength(2);
  });

  it('sends empty extraData when the partner sent none', async () => {
    const backend = fakeBackend({ 'user.login': () => member, 'alliance.landing': () => ({ attributed: false }) });
    useBackend(backend);
    await launchApp({ referrerInfo: { appId: 'wx-other' } });

    expect(backend.callsOf('alliance.landing')).toEqual([{ fromAppId: 'wx-other', extraData: {} }]);
  });

  it('does not call the alliance at all on an ordinary launch', async () => {
    const backend = fakeBackend({ 'user.login': () => member });
    useBackend(backend);
    await launchApp();

    expect(backend.callsOf('alliance.landing')).toHaveLength(0);
  });

  it('shows the coupon the landing claimed as a TDesign notice on the home page, until dismissed', async () => {
    useBackend(fakeBackend({
      'user.login': () => member,
      'alliance.landing': () => ({ attributed: true, couponId: 'cp-coffee' }),
      'catalog.list': () => ({ items: [], nextCursor: null }),
      'catalog.categories': () => ({ items: [] }),
      'analytics.assign': () => ({ variant: 'a' }),
    }));
    await launchApp({ referrerInfo: fromCoffee });
    const home = await mountPage('pages/home/home');

    expect(alliance.landingCouponId).toBe('cp-coffee');
    expect(home.$('.tm-home__alliance-coupon .t-cell')).not.toBeNull();
    expect(home.text('.tm-home__alliance-coupon')).toContain('已领取联盟优惠券');

    await home.tap('.tm-home__alliance-coupon .t-cell');
    expect(home.$('.tm-home__alliance-coupon')).toBeNull();
    home.unmount();
  });

  it('shows no notice when the landing brought no coupon', async () => {
    useBackend(fakeBackend({
      'user.login': () => member,
      'alliance.landing': () => ({ attributed: true }),
      'catalog.list': () => ({ items: [], nextCursor: null }),
      'catalog.categories': () => ({ items: [] }),
      'analytics.assign': () => ({ variant: 'a' }),
    }));
    const app = await launchApp({ referrerInfo: fromCoffee });
    app.onHide();
    const home = await mountPage('pages/home/home');

    expect(home.$('.tm-home__alliance-coupon')).toBeNull();
    home.unmount();
  });
});

describe('when a partner mini-program opens us', () => {
  afterEach(() => {
    alliance.dismissLandingCoupon();
    alliance.endShow();
  });

  it('logs in with the partner as the channel, so the new member is not counted as direct', async () => {
    runInAction(() => {
      session.userId = null;
    });
    const backend = fakeBackend({ 'user.login': () => member, 'alliance.landing': () => ({ attributed: true }) });
    useBackend(backend);
    await launchApp({ referrerInfo: { appId: 'wx-partner-tea' } });

    expect(backend.callsOf('user.login')).toEqual([{ channel: 'partner:wx-partner-tea' }]);
    expect(backend.callsOf('alliance.landing')).toEqual([{ fromAppId: 'wx-partner-tea', extraData: {} }]);
  });

  it('keeps the inviter of a shared link alongside the partner channel', async () => {
    runInAction(() => {
      session.userId = null;
    });
    const backend = fakeBackend({ 'user.login': () => member, 'alliance.landing': () => ({ attributed: true }) });
    useBackend(backend);
    await launchApp({ query: { inviter: 'u-promoter' }, referrerInfo: { appId: 'wx-partner-tea' } });

    expect(backend.callsOf('user.login')).toEqual([{ inviter: 'u-promoter', channel: 'partner:wx-partner-tea' }]);
  });
});
