/** @jest-environment jsdom */
import { fakeBackend, launchApp, useBackend } from '../support/simulate';

const member = { userId: 'u-new', isNew: true, tier: 'member', pointsBalance: 0, inviterUserId: null };

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
