/**
 * One person, one member: identities, phone binding (encrypted, never plaintext), merges that keep
 * points, orders and commission, consent held once for every channel, tiers from lifetime spend.
 */
import { startCloud } from '../support/cloud';
import { aKey, aMemberWithPoints, grantPoints } from './fixtures';
import { db } from '../../server/kernel/db';
import { decryptPhone } from '../../server/membership/phone';
import { userIdFor } from '../../server/membership/users';
import { auditCommissionAccount, commissionEntryId } from '../../server/distribution/commission';
import { repoint } from '../../server/membership/merge';
import { aProduct, key } from '../support/social';

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

  it('finishes the re-pointing of a merge whose function stopped half-way, from the user timer', async () => {
    const older = await aMemberWithPoints(cloud, 'o-half-old', 0);
    cloud.advance(1000);
    const newer = await aMemberWithPoints(cloud, 'o-half-new', 0);
    await cloud.as('o-half-old').ok('user.bindPhone', { code: 'phone:13700000009' });
    await cloud.as('o-half-new').ok('user.bindPhone', { code: 'phone:13700000009' });
    // As if the merging call died after its transaction: step 2 never ran for an order written meanwhile.
    await db().collection('merges').doc(newer).update({ data: { repointedAt: null } });
    await db().collection('orders').add({ data: { _id: 'ord-half', userId: newer, outTradeNo: aKey('otn'), status: 'paid', createdAt: Date.now() } });

    expect(await cloud.host.runTimer('user', 'finishMerges')).toEqual({ finished: 0 }); // within the grace period
    cloud.advance(61_000);
    expect(await cloud.host.runTimer('user', 'finishMerges')).toEqual({ finished: 1 });
    expect(cloud.docs('orders', { _id: 'ord-half' })[0]).toMatchObject({ userId: older, mergedFromUserId: newer });
    expect(cloud.docs<{ repointedAt: number | null }>('merges', { _id: newer })[0].repointedAt).not.toBeNull();
    expect(await cloud.host.runTimer('user', 'finishMerges')).toEqual({ finished: 0 });
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

describe('when a member with commission merges into another', () => {
  const DAY = 24 * 3600_000;
  let n = 0;

  /** `promoter` invites a buyer who pays an order of `priceFen` (10 % goes to the promoter); answers the order and the buyer. */
  async function anInvitedOrder(promoterId: string, priceFen: number) {
    const buyer = `o-merge-buyer-${n++}`;
    await cloud.as(buyer).ok('user.login', { inviter: promoterId });
    const { skuId } = await aProduct(cloud, { priceFen });
    const o = await cloud.as(buyer).ok('order.create', { items: [{ skuId, quantity: 1 }], idempotencyKey: key('mo') });
    await cloud.pay(o.payment.outTradeNo);
    return { buyer, orderId: o.orderId };
  }

  async function complete(buyer: string, orderId: string) {
    await cloud.admin.ok('admin.ship', { orderId, carrier: 'SF', trackingNo: 'SF100200300' });
    await cloud.as(buyer).ok('order.confirmReceipt', { orderId });
  }

  /**
   * Two accounts of one person, each a promoter: the older with 300 fen settled; the newer with 1000
   * settled (400 of it asked for as a withdrawal) and 2000 pending. Then they bind the same phone.
   */
  async function twoPromotersMerged() {
    const tag = n++;
    const [olderOpenid, newerOpenid] = [`o-merge-old-${tag}`, `o-merge-new-${tag}`];
    const older = (await cloud.as(olderOpenid).ok('user.login', {})).userId;
    cloud.advance(1000);
    const newer = (await cloud.as(newerOpenid).ok('user.login', {})).userId;
    const a = await anInvitedOrder(older, 3000);
    const b = await anInvitedOrder(newer, 10000);
    await complete(a.buyer, a.orderId);
    await complete(b.buyer, b.orderId);
    cloud.advance(7 * DAY);
    await cloud.host.runTimer('distribution', 'settle');
    const pending = await anInvitedOrder(newer, 20000);
    const { withdrawalId } = await cloud.as(newerOpenid).ok('distribution.withdraw', { amountFen: 400, idempotencyKey: key('wd') });
    const phone = `phone:1360000${String(1000 + tag).slice(-4)}`;
    await cloud.as(olderOpenid).ok('user.bindPhone', { code: phone });
    await cloud.as(newerOpenid).ok('user.bindPhone', { code: phone });
    return { olderOpenid, newerOpenid, older, newer, pending, withdrawalId };
  }

  beforeAll(async () => {
    await cloud.admin.ok('admin.setCommissionPlan', { level1Bps: 1000, level2Bps: 0, settleAfterMs: 7 * DAY });
  });

  it('shows the survivor the sum of both centers, pending and settled, with nothing lost or doubled', async () => {
    const m = await twoPromotersMerged();
    expect(cloud.docs('users', { _id: m.newer })[0]).toMatchObject({ mergedInto: m.older });
    const expected = { pendingFen: 2000, settledFen: 1300, reversedFen: 0, withdrawableFen: 900 };
    expect(await cloud.as(m.olderOpenid).ok('distribution.center', {})).toMatchObject(expected);
    // The merged account's openid acts as the survivor, and its own account is emptied.
    expect(await cloud.as(m.newerOpenid).ok('distribution.center', {})).toMatchObject(expected);
    expect(cloud.docs('commission_accounts', { _id: m.newer })[0]).toMatchObject({ pendingFen: 0, settledFen: 0, withdrawnFen: 0, mergedInto: m.older });
    expect(cloud.docs('merges', { _id: m.newer })[0]).toMatchObject({ commissionMoved: { pendingFen: 2000, settledFen: 1000, withdrawnFen: 400 } });
    expect((await cloud.as(m.olderOpenid).ok('distribution.commissions', {})).items.map((i) => i.amountFen).sort((x, y) => x - y)).toEqual([300, 1000, 2000]);
    expect((await cloud.as(m.olderOpenid).ok('distribution.withdrawals', {})).items).toEqual([expect.objectContaining({ withdrawalId: m.withdrawalId, amountFen: 400 })]);
  });

  it('keeps the commission ledger and the balances in agreement for both accounts', async () => {
    const m = await twoPromotersMerged();
    expect(await auditCommissionAccount(m.older)).toMatchObject({ ok: true });
    expect(await auditCommissionAccount(m.newer)).toMatchObject({ ok: true, ledger: { pendingFen: 0, settledFen: 0, withdrawnFen: 0 } });
  });

  it('settles, reverses and gives back a rejected withdrawal on the survivor afterwards', async () => {
    const m = await twoPromotersMerged();
    await cloud.admin.ok('admin.rejectWithdrawal', { withdrawalId: m.withdrawalId, reason: '信息不符' });
    await cloud.as(m.pending.buyer).ok('order.refund', { orderId: m.pending.orderId, reason: 'after-sale' });
    expect(await cloud.as(m.olderOpenid).ok('distribution.center', {})).toMatchObject({ pendingFen: 0, settledFen: 1300, reversedFen: 2000, withdrawableFen: 1300 });
    expect(await auditCommissionAccount(m.older)).toMatchObject({ ok: true });
  });

  it('moves the survivor’s balances for an entry settled before the re-pointing reached it', async () => {
    const m = await twoPromotersMerged();
    // As if the settle timer ran between the merge's commit and its re-pointing step.
    const earnId = commissionEntryId(`order:${m.pending.orderId}:l1`);
    await db().collection('commissions').doc(earnId).update({ data: { beneficiaryId: m.newer } });
    await complete(m.pending.buyer, m.pending.orderId);
    cloud.advance(7 * DAY);
    await cloud.host.runTimer('distribution', 'settle');
    expect(cloud.docs('commission_accounts', { _id: m.newer })[0]).toMatchObject({ pendingFen: 0, settledFen: 0 });
    await repoint(m.newer, m.older, Date.now());
    expect(await cloud.as(m.olderOpenid).ok('distribution.center', {})).toMatchObject({ pendingFen: 0, settledFen: 3300, withdrawableFen: 2900 });
    expect(await auditCommissionAccount(m.older)).toMatchObject({ ok: true });
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
