/**
 * 会员码 and the counter: members show a short-lived code, staff scan it, deduct points and verify rights.
 * Staff actions are FORBIDDEN to everyone else, and each one is recorded with the staff member and store.
 */
import { all, startCloud } from '../support/cloud';
import { aKey, aMemberWithPoints, aReward, aStaffMember } from './fixtures';

const cloud = startCloud();
let clerk: string;
beforeAll(async () => {
  clerk = await aStaffMember(cloud, 'o-clerk', 'store-sh-01');
});

describe('staff.verifyMemberCode', () => {
  it('accepts a fresh code and answers the member, tier and balance', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-member-1', 120);
    const before = Date.now();
    const { code, expiresAt } = await cloud.as('o-member-1').ok('user.memberCode', {});
    expect(expiresAt - 60_000).toBeGreaterThanOrEqual(before);
    expect(expiresAt - 60_000).toBeLessThanOrEqual(Date.now());
    expect(await cloud.as(clerk).ok('staff.verifyMemberCode', { code })).toEqual({ userId, tier: 'member', pointsBalance: 120 });
    expect(cloud.docs('staff_actions', { kind: 'verifyMemberCode', userId })[0]).toMatchObject({ staffOpenid: clerk, storeId: 'store-sh-01' });
  });

  it('refuses a code after its minute is up', async () => {
    await aMemberWithPoints(cloud, 'o-member-2', 0);
    const { code } = await cloud.as('o-member-2').ok('user.memberCode', {});
    cloud.advance(60_000);
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
  });

  it('refuses a code replaced by a newer one, and accepts the newer one', async () => {
    await aMemberWithPoints(cloud, 'o-member-3', 0);
    const old = await cloud.as('o-member-3').ok('user.memberCode', {});
    cloud.advance(1000);
    const fresh = await cloud.as('o-member-3').ok('user.memberCode', {});
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: old.code })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: fresh.code })).toMatchObject({ ok: true });
  });

  it('refuses a forged code: another member\'s id under a valid-looking signature', async () => {
    const victim = await aMemberWithPoints(cloud, 'o-victim', 1000);
    await aMemberWithPoints(cloud, 'o-forger', 0);
    const { code } = await cloud.as('o-forger').ok('user.memberCode', {});
    // The victim has a current code too, so only the signature can catch this.
    await cloud.as('o-victim').ok('user.memberCode', {});
    const forged = [victim, ...code.split('.').slice(1)].join('.');
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: forged })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
  });

  it('is FORBIDDEN to a member who is not staff', async () => {
    await aMemberWithPoints(cloud, 'o-member-4', 0);
    const { code } = await cloud.as('o-member-4').ok('user.memberCode', {});
    expect(await cloud.as('o-member-4').call('staff.verifyMemberCode', { code })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('staff.deductPoints', () => {
  it('debits through the ledger once per key, even repeated at once', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-deduct', 500);
    const { code } = await cloud.as('o-deduct').ok('user.memberCode', {});
    const key = aKey('deduct');
    const answers = await all(5, () => cloud.as(clerk).ok('staff.deductPoints', { code, points: 200, reason: '门店抵扣', idempotencyKey: key }));
    expect(answers).toEqual(Array(5).fill({ pointsBalance: 300 }));
    expect(cloud.count('points_entries', { userId, kind: 'staffDeduct' })).toBe(1);
    expect(cloud.count('staff_actions', { userId, kind: 'deductPoints' })).toBe(1);
    // After the code has expired the same key still gets its first answer.
    cloud.advance(120_000);
    expect(await cloud.as(clerk).ok('staff.deductPoints', { code, points: 200, reason: '门店抵扣', idempotencyKey: key })).toEqual({ pointsBalance: 300 });
  });

  it('refuses more than the balance with INSUFFICIENT_POINTS and writes nothing', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-deduct-poor', 50);
    const { code } = await cloud.as('o-deduct-poor').ok('user.memberCode', {});
    expect(await cloud.as(clerk).call('staff.deductPoints', { code, points: 51, reason: 'x', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    expect(cloud.count('staff_actions', { userId, kind: 'deductPoints' })).toBe(0);
  });

  it('is FORBIDDEN to non-staff', async () => {
    await aMemberWithPoints(cloud, 'o-deduct-self', 500);
    const { code } = await cloud.as('o-deduct-self').ok('user.memberCode', {});
    expect(await cloud.as('o-deduct-self').call('staff.deductPoints', { code, points: 1, reason: 'x', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('staff.verifyRight (核销)', () => {
  it('uses a redeemed right once: a second verification is ALREADY_DONE, concurrent ones verify once', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service' }));
    await aMemberWithPoints(cloud, 'o-right', 100);
    await cloud.as('o-right').ok('points.redeem', { rewardId, idempotencyKey: aKey() });
    const [{ verifyCode, redemptionId }] = (await cloud.as('o-right').ok('points.myRights', {})).items;
    const results = await all(5, () => cloud.as(clerk).call('staff.verifyRight', { verifyCode, idempotencyKey: aKey('vr') }));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'ALREADY_DONE')).toBe(true);
    expect(cloud.docs('redemptions', { _id: redemptionId })[0]).toMatchObject({ status: 'used', usedBy: clerk, storeId: 'store-sh-01' });
    expect(cloud.count('staff_actions', { kind: 'verifyRight' })).toBe(1);
    expect((await cloud.as('o-right').ok('points.myRights', {})).items[0].status).toBe('used');
  });

  it('is FORBIDDEN to non-staff', async () => {
    await aMemberWithPoints(cloud, 'o-right-self', 0);
    expect(await cloud.as('o-right-self').call('staff.verifyRight', { verifyCode: '123456789012', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('admin.removeStaff', () => {
  describe('when a clerk is removed', () => {
    it('keeps their record, marked inactive, and answers FORBIDDEN to every staff action after', async () => {
      const leaver = await aStaffMember(cloud, 'o-leaver', 'store-bj-02');
      const userId = await aMemberWithPoints(cloud, 'o-leaver-customer', 500);
      const { code } = await cloud.as('o-leaver-customer').ok('user.memberCode', {});
      await cloud.as(leaver).ok('staff.verifyMemberCode', { code });

      expect(await cloud.admin.ok('admin.removeStaff', { openid: leaver })).toEqual({ removed: true });
      expect(cloud.docs('staff', { _id: leaver })[0]).toMatchObject({ role: 'clerk', storeId: 'store-bj-02', active: false, removedBy: 'o-admin' });

      const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
      expect(await cloud.as(leaver).call('staff.verifyMemberCode', { code })).toMatchObject(forbidden);
      expect(await cloud.as(leaver).call('staff.deductPoints', { code, points: 100, reason: 'x', idempotencyKey: aKey() })).toMatchObject(forbidden);
      expect(await cloud.as(leaver).call('staff.verifyRight', { verifyCode: '123456789012', idempotencyKey: aKey() })).toMatchObject(forbidden);
      expect(await cloud.as('o-leaver-customer').ok('points.balance', {})).toMatchObject({ balance: 500 });
      // What they did while on staff stays on record.
      expect(cloud.count('staff_actions', { staffOpenid: leaver, userId })).toBe(1);
    });
  });

  it('is idempotent: removing again, even many times at once, removes once and changes nothing', async () => {
    const leaver = await aStaffMember(cloud, 'o-leaver-2', 'store-1');
    const answers = await all(5, () => cloud.admin.ok('admin.removeStaff', { openid: leaver }));
    expect(answers.filter((a) => a.removed)).toHaveLength(1);
    const doc = cloud.docs<{ removedAt: number }>('staff', { _id: leaver })[0];
    cloud.advance(1000);
    expect(await cloud.admin.ok('admin.removeStaff', { openid: leaver })).toEqual({ removed: false });
    expect(cloud.docs('staff', { _id: leaver })[0]).toEqual(doc);
  });

  it('writes nothing for an openid that was never staff', async () => {
    expect(await cloud.admin.ok('admin.removeStaff', { openid: 'o-never-staff' })).toEqual({ removed: false });
    expect(cloud.count('staff', { _id: 'o-never-staff' })).toBe(0);
  });

  it('lets an operator take a removed clerk back with admin.addStaff', async () => {
    const back = await aStaffMember(cloud, 'o-returning', 'store-1');
    await cloud.admin.ok('admin.removeStaff', { openid: back });
    await aStaffMember(cloud, back, 'store-2');
    await aMemberWithPoints(cloud, 'o-returning-customer', 0);
    const { code } = await cloud.as('o-returning-customer').ok('user.memberCode', {});
    expect(await cloud.as(back).call('staff.verifyMemberCode', { code })).toMatchObject({ ok: true });
  });

  it('refuses a malformed request with INVALID_ARGUMENT, and non-operators with FORBIDDEN, changing nothing', async () => {
    const kept = await aStaffMember(cloud, 'o-kept', 'store-1');
    expect(await cloud.admin.call('admin.removeStaff', { openid: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.admin.call('admin.removeStaff', {} as never)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.as(kept).call('admin.removeStaff', { openid: kept })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(cloud.docs('staff', { _id: kept })[0]).toMatchObject({ active: true });
  });
});

describe('admin membership actions', () => {
  it('are FORBIDDEN to non-operators', async () => {
    expect(await cloud.as('o-someone').call('admin.addStaff', { openid: 'o-someone', role: 'manager', storeId: 's' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.as('o-someone').call('admin.createReward', aReward())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuse a malformed reward', async () => {
    expect(await cloud.admin.call('admin.createReward', aReward({ costPoints: 0 }))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('the barcode form of the member code', () => {
  it('is 18 digits that staff can scan instead of the QR code', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-barcode-1', 50);
    const { barcode } = await cloud.as('o-barcode-1').ok('user.memberCode', {});
    expect(barcode).toMatch(/^88\d{16}$/);
    expect(await cloud.as(clerk).ok('staff.verifyMemberCode', { code: barcode! })).toMatchObject({ userId, pointsBalance: 50 });
  });

  it('stops working when the member asks for a new code, and when it expires', async () => {
    await aMemberWithPoints(cloud, 'o-barcode-2', 50);
    const old = await cloud.as('o-barcode-2').ok('user.memberCode', {});
    const fresh = await cloud.as('o-barcode-2').ok('user.memberCode', {});
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: old.barcode! })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
    cloud.advance(61_000);
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: fresh.barcode! })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
  });

  it('deducts points by barcode like by QR code, once per idempotency key', async () => {
    await aMemberWithPoints(cloud, 'o-barcode-3', 300);
    const { barcode } = await cloud.as('o-barcode-3').ok('user.memberCode', {});
    const req = { code: barcode!, points: 100, reason: '门店兑换', idempotencyKey: aKey() };
    const [a, b] = await Promise.all([cloud.as(clerk).ok('staff.deductPoints', req), cloud.as(clerk).ok('staff.deductPoints', req)]);
    expect(a).toEqual(b);
    expect(a.pointsBalance).toBe(200);
  });

  it('refuses digits that name no current code', async () => {
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: '880000000000000000' })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
    // Garbage is answered like a stale code: a guesser learns nothing from the difference.
    expect(await cloud.as(clerk).call('staff.verifyMemberCode', { code: '12345' })).toMatchObject({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED' } });
  });
});
