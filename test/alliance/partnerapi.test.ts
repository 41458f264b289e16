/** The signed partner API through the local cloud: authentication, replay, consent, confirmations, order codes. */
import { startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { db } from '../../server/kernel/db';
import { aPartner, givePoints, partnerCall } from '../support/growth';

const cloud = startCloud();
let secret = '';
const member = 'o-partner-member';
const memberId = userIdFor(member);

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner());
  ({ secret } = await cloud.admin.ok('admin.rotatePartnerSecret', { partnerId: 'coffee' }));
  await cloud.as(member, { unionid: 'un-member' }).ok('user.login', {});
});

const lookup = { path: '/partner-api/members/lookup', body: { by: 'unionid', value: 'un-member' } };

describe('authentication', () => {
  it('accepts a well-signed request', async () => {
    const res = await partnerCall(cloud, { ...lookup, secret, body: { by: 'userId', value: 'nobody' } });
    expect(res.statusCode).toBe(404); // authenticated, then the member is simply not there
  });

  it('refuses a wrong signature', async () => {
    const res = await partnerCall(cloud, { ...lookup, secret: 'not-the-secret' });
    expect(res).toMatchObject({ statusCode: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'badSignature' } } });
  });

  it('refuses a timestamp older than 5 minutes and one from the future', async () => {
    expect(await partnerCall(cloud, { ...lookup, secret, timestamp: Date.now() - 5 * 60_000 - 5_000 })).toMatchObject({ statusCode: 401, body: { error: { message: 'staleTimestamp' } } });
    expect(await partnerCall(cloud, { ...lookup, secret, timestamp: Date.now() + 5 * 60_000 + 5_000 })).toMatchObject({ statusCode: 401, body: { error: { message: 'staleTimestamp' } } });
  });

  it('refuses a replayed nonce, even re-signed', async () => {
    const first = await partnerCall(cloud, { ...lookup, secret, nonce: 'replay-nonce-1' });
    expect(first.statusCode).not.toBe(401);
    expect(await partnerCall(cloud, { ...lookup, secret, nonce: 'replay-nonce-1' })).toMatchObject({ statusCode: 401, body: { error: { message: 'replayedNonce' } } });
  });

  it('does not spend a nonce on a badly signed request', async () => {
    await partnerCall(cloud, { ...lookup, secret: 'wrong', nonce: 'nonce-kept-1' });
    expect((await partnerCall(cloud, { ...lookup, secret, nonce: 'nonce-kept-1' })).statusCode).not.toBe(401);
  });

  it('refuses an unknown partner', async () => {
    expect((await partnerCall(cloud, { ...lookup, secret, partnerId: 'ghost' })).statusCode).toBe(401);
  });
});

describe('member lookup', () => {
  it('is refused without the member\'s consent, and logged nowhere', async () => {
    expect((await partnerCall(cloud, { ...lookup, secret })).statusCode).toBe(403);
    expect(cloud.count('data_access_log', { userId: memberId, why: 'partnerLookup' })).toBe(0);
  });

  it('tells tier and benefits once the member consents, and logs the access', async () => {
    // The member arrives from the partner's mini-program: linked to it, so it may relay their consent.
    await cloud.as(member, { unionid: 'un-member' }).ok('alliance.landing', { fromAppId: 'wx-partner-coffee' });
    const upd = await partnerCall(cloud, { path: '/partner-api/consents/update', secret, body: { by: 'unionid', value: 'un-member', shareWithPartners: true } });
    expect(upd).toMatchObject({ statusCode: 200, body: { data: { shareWithPartners: true } } });
    const res = await partnerCall(cloud, { ...lookup, secret });
    expect(res).toMatchObject({ statusCode: 200, body: { data: { memberRef: memberId, tier: 'member', benefits: [] } } });
    expect(cloud.count('data_access_log', { userId: memberId, who: 'partner:coffee', why: 'partnerLookup' })).toBe(1);
    expect(await partnerCall(cloud, { path: '/partner-api/consents/query', secret, body: { by: 'userId', value: memberId } })).toMatchObject({ body: { data: { shareWithPartners: true } } });
  });
});

describe('transfer confirmation and order status', () => {
  it('confirms a transfer of this partner and links the member (dual membership)', async () => {
    await givePoints(memberId, 500);
    const { transferId } = await cloud.as(member).ok('alliance.exchange', { partnerId: 'coffee', points: 200, idempotencyKey: 'xchg-confirm-1' });
    const res = await partnerCall(cloud, { path: '/partner-api/transfers/confirm', secret, body: { transferId, partnerUserId: 'coffee-42' } });
    expect(res).toMatchObject({ statusCode: 200, body: { data: { transferId, partnerPoints: 2 } } });
    expect(await cloud.as(member).ok('alliance.dualMembership', { partnerId: 'coffee' })).toMatchObject({ dualMember: true });
  });

  it('tells a linked member\'s order status by the shared dictionary, and hides others', async () => {
    await db().collection('orders').add({ data: { _id: 'ord_partner_linked', userId: memberId, status: 'shipped', outTradeNo: 'ord_partner_linked', createdAt: Date.now() } });
    await db().collection('orders').add({ data: { _id: 'ord_partner_other', userId: userIdFor('o-stranger'), status: 'paid', outTradeNo: 'ord_partner_other', createdAt: Date.now() } });
    expect(await partnerCall(cloud, { path: '/partner-api/orders/status', secret, body: { orderId: 'ord_partner_linked' } })).toMatchObject({ statusCode: 200, body: { data: { status: 'shipped', code: '30' } } });
    expect((await partnerCall(cloud, { path: '/partner-api/orders/status', secret, body: { orderId: 'ord_partner_other' } })).statusCode).toBe(404);
  });
});

describe("the brand app linking its user ids", () => {
  let appSecret = '';
  beforeAll(async () => {
    await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'brand-app', name: '品牌 APP', appId: 'app-brand', kind: 'brandApp' }));
    ({ secret: appSecret } = await cloud.admin.ok('admin.rotatePartnerSecret', { partnerId: 'brand-app' }));
  });
  const bind = (s: string, partnerId: string, unionid: string, appUserId: string) =>
    partnerCall(cloud, { path: '/partner-api/members/bind-app-user', secret: s, partnerId, body: { unionid, appUserId } });

  it('links an APP user id to the member, so lookups by appUserId find them', async () => {
    expect(await bind(appSecret, 'brand-app', 'un-member', 'app-1001')).toMatchObject({ statusCode: 200, body: { data: { memberRef: memberId, appUserId: 'app-1001' } } });
    const found = await partnerCall(cloud, { path: '/partner-api/consents/query', secret, body: { by: 'appUserId', value: 'app-1001' } });
    expect(found).toMatchObject({ statusCode: 200, body: { data: { memberRef: memberId } } });
  });

  it('merges two accounts the APP says are one person, keeping the points', async () => {
    await cloud.as('o-app-older', { unionid: 'un-older' }).ok('user.login', {});
    cloud.advance(1000);
    await cloud.as('o-app-newer', { unionid: 'un-newer' }).ok('user.login', {});
    await givePoints(userIdFor('o-app-newer'), 120);
    await bind(appSecret, 'brand-app', 'un-older', 'app-2002');
    const res = await bind(appSecret, 'brand-app', 'un-newer', 'app-2002');
    expect(res).toMatchObject({ statusCode: 200, body: { data: { memberRef: userIdFor('o-app-older') } } });
    expect(await cloud.as('o-app-newer').ok('points.balance', {})).toMatchObject({ balance: 120 });
    expect(await cloud.as('o-app-older').ok('points.balance', {})).toMatchObject({ balance: 120 });
  });

  it('is refused to another brand', async () => {
    expect((await bind(secret, 'coffee', 'un-member', 'app-3003')).statusCode).toBe(403);
    expect(cloud.count('identities', { kind: 'appUser', value: 'app-3003' })).toBe(0);
  });
});
