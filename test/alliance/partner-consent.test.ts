/**
 * CONTRACT §4 Partner API: "A partner may change consent only for members linked to it; a refusal the
 * member gave in the mini-program stands until the member changes it there."
 */
import { startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { applyPartnerConsentChange, noConsent } from '../../domain/membership/consent';
import { aPartner, partnerCall } from '../support/growth';

const cloud = startCloud();
const secrets: Record<string, string> = {};

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner());
  await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'tea', appId: 'wx-partner-tea' }));
  for (const partnerId of ['coffee', 'tea']) secrets[partnerId] = (await cloud.admin.ok('admin.rotatePartnerSecret', { partnerId })).secret;
});

const update = (partnerId: string, openid: string, share: boolean) =>
  partnerCall(cloud, { path: '/partner-api/consents/update', secret: secrets[partnerId], partnerId, body: { by: 'userId', value: userIdFor(openid), shareWithPartners: share } });
const sharing = (openid: string) => cloud.docs<{ partnerSharing: boolean }>('consents', { _id: userIdFor(openid) })[0]?.partnerSharing ?? false;
const linkTo = (openid: string, appId: string) => cloud.as(openid).ok('alliance.landing', { fromAppId: appId });

describe('a partner changing a member\'s partner-sharing consent', () => {
  it('is refused for a member not linked to it, and nothing changes', async () => {
    await cloud.as('o-pc-1').ok('user.login', {});
    await linkTo('o-pc-1', 'wx-partner-coffee');
    expect(await update('tea', 'o-pc-1', true)).toMatchObject({ statusCode: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(sharing('o-pc-1')).toBe(false);
    expect(cloud.count('consents', { _id: userIdFor('o-pc-1') })).toBe(0);
  });

  it('is accepted for a linked member who never answered', async () => {
    await cloud.as('o-pc-2').ok('user.login', {});
    await linkTo('o-pc-2', 'wx-partner-coffee');
    expect(await update('coffee', 'o-pc-2', true)).toMatchObject({ statusCode: 200, body: { data: { shareWithPartners: true } } });
    expect(sharing('o-pc-2')).toBe(true);
  });

  it('cannot switch sharing on over the refusal the member gave in the mini-program', async () => {
    await cloud.as('o-pc-3').ok('user.login', {});
    await linkTo('o-pc-3', 'wx-partner-coffee');
    await cloud.as('o-pc-3').ok('user.setConsent', { partnerSharing: false });
    expect(await update('coffee', 'o-pc-3', true)).toMatchObject({ statusCode: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(sharing('o-pc-3')).toBe(false);
    // A refusal relayed by the partner is taken.
    expect((await update('coffee', 'o-pc-3', false)).statusCode).toBe(200);
    // Once the member says yes in the mini-program, a linked partner may relay changes again.
    await cloud.as('o-pc-3').ok('user.setConsent', { partnerSharing: true });
    expect((await update('coffee', 'o-pc-3', false)).statusCode).toBe(200);
    expect(sharing('o-pc-3')).toBe(false);
    expect((await update('coffee', 'o-pc-3', true)).statusCode).toBe(200);
    expect(sharing('o-pc-3')).toBe(true);
  });
});

describe('the rule', () => {
  it('lets a partner pass on a refusal, but not lift the member\'s own', () => {
    const refused = { ...noConsent(), partnerSharing: false, partnerSharingBy: 'member' as const, updatedAt: 1 };
    expect(applyPartnerConsentChange(refused, 'coffee', true, true, 2)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(applyPartnerConsentChange(refused, 'coffee', true, false, 2)).toMatchObject({ ok: true, value: { partnerSharing: false, partnerSharingBy: 'partner:coffee' } });
    expect(applyPartnerConsentChange(noConsent(), 'coffee', false, false, 2)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
