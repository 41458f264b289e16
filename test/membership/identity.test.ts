/**
 * One person, one member: identities, phone binding (encrypted, never plaintext), merges that keep
 * points, orders and commission, consent held once for every channel, tiers from lifetime spend.
 */
import { startCloud } from '../support/cloud';
import { aKey, aMemberWithPoints, grantPoints } from './fixtures';
import { db } from '../../server/db';
import { decryptPhone } from '../../server/membership-phone';
import { userIdFor } from '../../server/users';

const cloud = startCloud();

const everyDocument = () => cloud.engine.collections().flatMap((c) => cloud.docs(c).map((d) => JSON.stringify(d)));

describe('user.bindPhone', () => {
  it('answers the masked number and stores no plaintext anywhere', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-phone', 0);
    expect(await cloud.as('o-phone').ok('user.bindPhone', { code: 'phone:13800138000' })).toEqual({ phoneMasked: '138****8000' });
    expect(everyDocument().filter((d) => d.includes('13800138000'))).toEqual([]);
    const user = cloud.docs<{ phoneCipher: string; phoneHash: string }>('users', { _id: userId })[0];
    expect(user.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(decryptPhone(user.phoneCipher)).toBe('13800138000');
    expect(cloud.docs('data_access_log', { userId })[0]).toMatchObject({ data: 'phone', purpose: 'bindPhone' });
  });

  it('encrypts the same number differently each time (fresh IV)', async () => {
    await aMemberWithPoints(cloud, 'o-phone-2', 0);
    await cloud.as('o-phone-2').ok('user.bindPhone', { code: 'phone:13900001111' });
    const first = cloud.docs<{ phoneCipher: string }>('users', { _id: userIdFor('o-phone-2') })[0].phoneCipher;
    await cloud.as('o-phone-2').ok('user.bindPhone', { code: 'phone:13900001111' });
    expect(cloud.docs<{ phoneCipher: string }>('users', { _id: userIdFor('o-phone-2') })[0].phoneCipher).not.toBe(first);
  });

  it('refuses an empty code with INVALID_ARGUMENT', async () => {
    expect(await cloud.as('o-phone').call('user.bindPhone', { code: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('when two accounts turn out to be one person', () => {
  it('merges on the same phone into the older account, keeping points (with their expiry), orders and commission', async () => {
    const older = await aMemberWithPoints(cloud, 'o-old-account', 0);
    await grantPoints(older, 100, 'order:old1:earn');
    cloud.advance(1000);
    const newer = await aMemberWithPoints(cloud, 'o-new-account', 0);
    await grantPoints(newer, 70, 'order:new1:earn');
    const lotBefore = cloud.docs<{ lots: { lotId: string; expiresAt: number }[] }>('points_accounts', { _id: newer })[0].lots[0];
    await db().collection('orders').add({ data: { _id: 'ord-of-newer', userId: newer, outTradeNo: aKey('otn'), status: 'paid', createdAt: Date.now() } });
    await db().collection('commissions').add({ data: { key: aKey('cm'), beneficiaryId: newer, orderId: 'x', amountFen: 99, status: 'pending', createdAt: Date.now() } });

    await cloud.as('o-old-account').ok('user.bindPhone', { code: 'phone:13700000001' });
    await cloud.as('o-new-account').ok('user.bindPhone', { code: 'phone:13700000001' });

    expect(cloud.docs('users', { _id: newer })[0]).toMatchObject({ mergedInto: older });
    const survivor = cloud.docs<{ balance: number; lots: { lotId: string; expiresAt: number }[] }>('points_accounts', { _id: older })[0];
    expect(survivor.balance).toBe(170);
    expect(survivor.lots.find((l) => l.lotId === lotBefore.lotId)?.expiresAt).toBe(lotBefore.expiresAt);
    expect(cloud.docs('points_accounts', { _id: newer })[0]).toMatchObject({ balance: 0 });
    expect(cloud.docs('orders', { _id: 'ord-of-newer' })[0]).toMatchObject({ userId: older, mergedFromUserId: newer });
    expect(cloud.count('commissions', { beneficiaryId: older })).toBe(1);
    // Either openid now acts as the survivor.
    expect(await cloud.as('o-new-account').ok('points.balance', {})).toMatchObject({ balance: 170 });
    expect(await cloud.as('o-new-account').ok('user.login', {})).toMatchObject({ userId: older, pointsBalance: 170 });
    // And the ledger still proves out.
    const audit = (await cloud.host.runTimer('points', 'auditLedger')) as { mismatches: unknown[] };
    expect(audit.mismatches).toEqual([]);
  });

  it('merges on the same unionid at login (two apps of one brand)', async () => {
    const first = await cloud.as('o-app1-user', { unionid: 'union-1', appid: 'wx-app-1' }).ok('user.login', {});
    await grantPoints(first.userId, 30);
    cloud.advance(1000);
    const second = await cloud.as('o-app2-user', { unionid: 'union-1', appid: 'wx-app-2' }).ok('user.login', {});
    expect(second.userId).toBe(first.userId);
    expect(second.pointsBalance).toBe(30);
    expect(cloud.docs('users', { _id: userIdFor('o-app2-user') })[0]).toMatchObject({ mergedInto: first.userId });
    expect(cloud.count('identities', { userId: first.userId })).toBe(3);
  });
});

describe('privacy consent', () => {
  it('grants nothing until asked, and one change applies to every channel of the person', async () => {
    await cloud.as('o-consent-a', { unionid: 'union-consent', appid: 'wx-app-1' }).ok('user.login', {});
    expect(await cloud.as('o-consent-a').ok('user.consent', {})).toMatchObject({ partnerSharing: false, marketing: { sms: false } });
    await cloud.as('o-consent-a').ok('user.setConsent', { partnerSharing: true, marketing: { sms: true } });
    cloud.advance(1000);
    await cloud.as('o-consent-b', { unionid: 'union-consent', appid: 'wx-app-2' }).ok('user.login', {});
    // The second app's account merged into the first; a revocation there is the person's revocation.
    await cloud.as('o-consent-b').ok('user.setConsent', { partnerSharing: false });
    expect(await cloud.as('o-consent-a').ok('user.consent', {})).toMatchObject({ partnerSharing: false, marketing: { sms: true, miniprogram: false } });
  });

  it('refuses a malformed change and writes nothing', async () => {
    await aMemberWithPoints(cloud, 'o-consent-bad', 0);
    const bad = await cloud.as('o-consent-bad').call('user.setConsent', { location: 'yes' as unknown as boolean });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('consents', { _id: userIdFor('o-consent-bad') })).toBe(0);
  });
});

describe('tiers', () => {
  it('answer the tier of lifetime spend at login, from the configured table', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-tier', 0);
    await db().collection('users').doc(userId).update({ data: { lifetimeSpendFen: 600_000 } });
    expect((await cloud.as('o-tier').ok('user.login', {})).tier).toBe('gold');
    await db().collection('settings').doc('tiers').set({ data: { rules: [
      { tier: 'basic', minLifetimeSpendFen: 0, benefits: { memberPriceBps: 10000, freeShipping: false, pointsRateBps: 10000 } },
      { tier: 'vip', minLifetimeSpendFen: 700_000, benefits: { memberPriceBps: 9000, freeShipping: true, pointsRateBps: 10000 } },
    ] } });
    expect((await cloud.as('o-tier').ok('user.login', {})).tier).toBe('basic');
    await db().collection('settings').doc('tiers').remove();
  });
});
