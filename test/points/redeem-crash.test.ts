/**
 * A redemption that dies between any two of its database requests (the platform stops functions at their
 * timeout, or the process dies): `crashAfter(n)` lets the call make n requests and fails every later one. For
 * every n until the call completes, the clock then moves past the sweep age, the points `sweepRedemptions`
 * timer runs, and: every balance is the sum of its ledger entries, stock + issued rights is the initial stock,
 * no right is without its points (and coupon), no points are spent without a right, no marker is left. Then
 * every key that died is asked again and goes through once.
 */
import { REDEMPTION_SWEEP_AGE_MS } from '../../server/points/redeem';
import { userIdFor } from '../../server/membership/users';
import { startCloud, type TestCloud } from '../support/cloud';
import { crashAfter, disarm, everyGap as crashAtEveryGap, installCrashHook } from '../support/crash';
import { checkPoints, checkRedemptions, checkWhole } from '../support/invariants';
import { aCoupon, aKey } from '../store/fixtures';
import { aMemberWithPoints, aReward } from '../membership/fixtures';

const cloud: TestCloud = startCloud();
installCrashHook(cloud);

const docs = (c: string) => cloud.docs(c);
const sweep = async () => {
  cloud.advance(REDEMPTION_SWEEP_AGE_MS + 1_000);
  return cloud.host.runTimer('points', 'sweepRedemptions') as Promise<{ issued: number; voided: number; failed: number }>;
};
const balanceOf = (openid: string) => cloud.docs<{ balance: number }>('points_accounts', { _id: userIdFor(openid) })[0].balance;
const rightsOf = (openid: string) => cloud.docs<{ status: string }>('redemptions', { userId: userIdFor(openid) }).filter((r) => r.status === 'issued' || r.status === 'used');

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

/** Every logged error is one the crash explains (the router's INTERNAL, or a give-back left to the timer). */
function expectOnlyCrashLogs(): void {
  for (const call of errors.mock.calls) expect(String(call[0])).toMatch(/internal error|sweepRedemptions timer will/);
}

async function expectWhole(rewardId: string, stock: number): Promise<void> {
  expect((await checkWhole(docs, { rewards: { [rewardId]: stock } })).problems).toEqual([]);
  expect(await checkPoints(docs)).toEqual([]);
  expect(await checkRedemptions(docs)).toEqual([]);
}

/** Redeems with a fresh key, crashing after 0, 1, 2, ... requests until a call completes; `check` after each sweep. Answers the keys that died. */
async function everyGap(redeem: (key: string) => Promise<unknown>, check: () => Promise<void>): Promise<string[]> {
  const keys: string[] = [];
  const gaps = await crashAtEveryGap({ call: (n) => redeem((keys[n] = aKey('crash'))), settle: sweep, check, max: 40 });
  return keys.slice(0, gaps);
}

describe.each([
  ['a physical reward', false],
  ['a coupon reward', true],
])('a redemption of %s that dies between two database requests', (_name, withCoupon) => {
  it('never takes points without the right, nor gives the right without the points, at every gap', async () => {
    const couponId = withCoupon ? await aCoupon(cloud) : undefined;
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: withCoupon ? 'coupon' : 'physical', costPoints: 10, stock: 100, ...(couponId ? { couponId } : {}) }));
    const member = `o-rc-${withCoupon ? 'coupon' : 'physical'}`;
    await aMemberWithPoints(cloud, member, 10_000);
    const redeem = (key: string) => cloud.as(member).call('points.redeem', { rewardId, idempotencyKey: key });

    const died = await everyGap(redeem, async () => {
      await expectWhole(rewardId, 100);
      expect(balanceOf(member)).toBe(10_000 - 10 * rightsOf(member).length);
    });
    // Claim, both takes, the issue and the entry are separate requests: a crash fell between each.
    expect(died.length).toBeGreaterThanOrEqual(5);
    // Some crashes came after the commit point (the right stands, rolled forward), some before (given back).
    const rolledForward = rightsOf(member).length - 1;
    expect(rolledForward).toBeGreaterThan(0);
    expect(rolledForward).toBeLessThan(died.length);

    // Every key that died goes through once when asked again, under its own redemption id.
    const before = rightsOf(member).length;
    const again = await Promise.all(died.map((k) => cloud.as(member).ok('points.redeem', { rewardId, idempotencyKey: k })));
    expect(new Set(again.map((a) => a.redemptionId)).size).toBe(died.length);
    expect(rightsOf(member).length).toBe(before + died.length - rolledForward);
    await sweep();
    await expectWhole(rewardId, 100);
    expect(balanceOf(member)).toBe(10_000 - 10 * (died.length + 1));
    if (couponId) expect((await cloud.as(member).ok('coupon.mine', {})).items.filter((c) => c.couponId === couponId)).toHaveLength(died.length + 1);
    expectOnlyCrashLogs();
  });
});

describe('a claim left pending by a call that died', () => {
  // Dies once its claim is written and its points taken (the reads, the claim, the debit).
  const afterTheDebit = 3;

  it('is no right: myRights does not show it and staff cannot verify it', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 10, stock: 5 }));
    await aMemberWithPoints(cloud, 'o-rc-pending', 100);
    await cloud.admin.ok('admin.addStaff', { openid: 'o-rc-clerk', role: 'clerk', storeId: 'store-1' });
    crashAfter(afterTheDebit);
    await cloud.as('o-rc-pending').call('points.redeem', { rewardId, idempotencyKey: aKey() });
    expect(disarm()).toBe(true);
    const [pending] = cloud.docs<{ status: string; verifyCode: string }>('redemptions', { userId: userIdFor('o-rc-pending') });
    expect(pending.status).toBe('pending');
    expect((await cloud.as('o-rc-pending').ok('points.myRights', {})).items).toEqual([]);
    expect(await cloud.as('o-rc-clerk').call('staff.verifyRight', { verifyCode: pending.verifyCode, idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await sweep();
    await expectWhole(rewardId, 5);
    expectOnlyCrashLogs();
  });

  it('does not make the ledger audit report the account whose points it holds', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 30, stock: 5 }));
    const userId = await aMemberWithPoints(cloud, 'o-rc-audit', 100);
    crashAfter(afterTheDebit);
    await cloud.as('o-rc-audit').call('points.redeem', { rewardId, idempotencyKey: aKey() });
    expect(disarm()).toBe(true);
    // Debited, marked, no entry yet: in flight, not broken.
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 70 });
    const audit = (await cloud.host.runTimer('points', 'auditLedger')) as { mismatches: { userId: string }[] };
    expect(audit.mismatches.filter((m) => m.userId === userId)).toEqual([]);
    expect(await sweep()).toMatchObject({ voided: 1 });
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 100 });
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 5 });
    expect(cloud.count('redemptions', { userId })).toBe(0);
    expect(((await cloud.host.runTimer('points', 'auditLedger')) as { mismatches: { userId: string }[] }).mismatches.filter((m) => m.userId === userId)).toEqual([]);
    expectOnlyCrashLogs();
  });

  it('is given up and taken over by a retry once older than the sweep age, before the timer ran', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 40, stock: 1 }));
    await aMemberWithPoints(cloud, 'o-rc-takeover', 50);
    const key = aKey('takeover');
    crashAfter(afterTheDebit + 1);
    await cloud.as('o-rc-takeover').call('points.redeem', { rewardId, idempotencyKey: key });
    expect(disarm()).toBe(true);
    // Its points and the last unit are held: without the give-back the retry could afford neither.
    expect(balanceOf('o-rc-takeover')).toBe(10);
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 0 });
    cloud.advance(REDEMPTION_SWEEP_AGE_MS + 1_000);
    const again = await cloud.as('o-rc-takeover').ok('points.redeem', { rewardId, idempotencyKey: key });
    expect(again.balance).toBe(10);
    expect(rightsOf('o-rc-takeover')).toHaveLength(1);
    await sweep();
    await expectWhole(rewardId, 1);
    expectOnlyCrashLogs();
  });

  it('gives its points back through ledger entries when a lot they came from expired meanwhile', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 30, stock: 5 }));
    const userId = await aMemberWithPoints(cloud, 'o-rc-expired', 100);
    crashAfter(afterTheDebit);
    await cloud.as('o-rc-expired').call('points.redeem', { rewardId, idempotencyKey: aKey() });
    expect(disarm()).toBe(true);
    // The lot expires (and is swept) while the points taken from it are held by the dead claim.
    cloud.advance(366 * 24 * 3600_000);
    await cloud.host.runTimer('points', 'expireLots');
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0 });
    await sweep();
    // The 30 come back expired: recorded as a spend and its return, never revived into the balance.
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0 });
    expect(cloud.docs('points_entries', { userId, kind: 'redeemReturn' })).toEqual([expect.objectContaining({ delta: 0, expired: [expect.objectContaining({ points: 30 })] })]);
    await expectWhole(rewardId, 5);
    expectOnlyCrashLogs();
  });
});
