/**
 * The points function through the local cloud: balance, history, check-in, share, redeem, and the
 * expiry and audit timers, with the concurrency rules proven by firing many calls at once.
 */
import { all, startCloud } from '../support/cloud';
import { aKey, aMemberWithPoints, aReward, grantPoints, refundPoints, spendPoints } from '../membership/fixtures';
import { LOT_LIFETIME_MS } from '../../domain/points/points';
import { userIdFor } from '../../server/membership/users';

const cloud = startCloud();
const DAY = 24 * 3600_000;

describe('points.checkin', () => {
  it('awards 10 points once a day', async () => {
    await aMemberWithPoints(cloud, 'o-checkin-1', 0);
    expect(await cloud.as('o-checkin-1').ok('points.checkin', {})).toEqual({ awarded: 10, balance: 10 });
    const again = await cloud.as('o-checkin-1').call('points.checkin', {});
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_DONE' } });
  });

  it('awards once when 10 check-ins arrive at once', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-checkin-race', 0);
    const results = await all(10, () => cloud.as('o-checkin-race').call('points.checkin', {}));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(9).fill('ALREADY_DONE'));
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 10 });
    expect(cloud.count('points_entries', { userId, kind: 'checkin' })).toBe(1);
  });

  it('opens again on the next China-time day', async () => {
    await aMemberWithPoints(cloud, 'o-checkin-2', 0);
    await cloud.as('o-checkin-2').ok('points.checkin', {});
    cloud.advance(DAY);
    expect(await cloud.as('o-checkin-2').ok('points.checkin', {})).toEqual({ awarded: 10, balance: 20 });
  });
});

describe('points.share', () => {
  it('awards 5 points at most 3 times a day, and a repeated key awards nothing more', async () => {
    await aMemberWithPoints(cloud, 'o-share', 0);
    const me = cloud.as('o-share');
    const k1 = aKey('share');
    expect(await me.ok('points.share', { idempotencyKey: k1 })).toEqual({ awarded: 5, balance: 5, sharesLeft: 2 });
    expect(await me.ok('points.share', { idempotencyKey: k1 })).toEqual({ awarded: 5, balance: 5, sharesLeft: 2 });
    const burst = await all(6, () => me.call('points.share', { idempotencyKey: aKey('share') }));
    expect(burst.filter((r) => r.ok)).toHaveLength(2);
    expect(burst.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'LIMIT_EXCEEDED')).toBe(true);
    expect((await me.ok('points.balance', {})).balance).toBe(15);
  });
});

describe('points.redeem', () => {
  describe('when 30 redemptions arrive at once and the member has points for 5', () => {
    it('redeems exactly 5, never overdrawing points, and takes 5 from stock', async () => {
      const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ costPoints: 100, stock: 50 }));
      const userId = await aMemberWithPoints(cloud, 'o-redeem-race', 500);
      const results = await all(30, (i) => cloud.as('o-redeem-race').call('points.redeem', { rewardId, idempotencyKey: `race-key-${i}` }));
      const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
      expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
      expect(codes.filter((c) => c !== 'ok').every((c) => c === 'INSUFFICIENT_POINTS')).toBe(true);
      expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0 });
      expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 45 });
      expect(cloud.count('redemptions', { userId })).toBe(5);
    });
  });

  describe('when 30 members race for a reward with 5 left', () => {
    it('redeems exactly 5 and refuses the rest OUT_OF_STOCK, charging only the winners', async () => {
      const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ costPoints: 100, stock: 5 }));
      for (let i = 0; i < 30; i++) await aMemberWithPoints(cloud, `o-stock-${i}`, 100);
      const results = await all(30, (i) => cloud.as(`o-stock-${i}`).call('points.redeem', { rewardId, idempotencyKey: aKey('stock') }));
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'OUT_OF_STOCK')).toBe(true);
      expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 0 });
      const balances = Array.from({ length: 30 }, (_, i) => cloud.docs<{ balance: number }>('points_accounts', { _id: userIdFor(`o-stock-${i}`) })[0].balance);
      expect(balances.filter((b) => b === 0)).toHaveLength(5);
      expect(balances.filter((b) => b === 100)).toHaveLength(25);
    });
  });

  it('answers a repeated key with the first answer and charges once', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ costPoints: 100 }));
    const userId = await aMemberWithPoints(cloud, 'o-redeem-again', 300);
    const key = aKey('again');
    const first = await cloud.as('o-redeem-again').ok('points.redeem', { rewardId, idempotencyKey: key });
    const repeats = await all(5, () => cloud.as('o-redeem-again').ok('points.redeem', { rewardId, idempotencyKey: key }));
    expect(repeats).toEqual(Array(5).fill(first));
    expect(first.balance).toBe(200);
    expect(cloud.count('redemptions', { userId })).toBe(1);
  });

  it('refuses an unknown reward with NOT_FOUND and writes nothing', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-redeem-unknown', 300);
    expect(await cloud.as('o-redeem-unknown').call('points.redeem', { rewardId: 'rw_nope', idempotencyKey: aKey() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(cloud.count('points_entries', { userId, kind: 'redeem' })).toBe(0);
  });

  it('refuses a malformed request with INVALID_ARGUMENT and writes nothing', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward());
    const userId = await aMemberWithPoints(cloud, 'o-redeem-bad', 300);
    const bad = await cloud.as('o-redeem-bad').call('points.redeem', { rewardId, idempotencyKey: 'short' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('redemptions', { userId })).toBe(0);
  });

  it('lists the right with a 12-digit verify code in myRights', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', title: '门店手冲一杯' }));
    await aMemberWithPoints(cloud, 'o-rights', 300);
    const { redemptionId } = await cloud.as('o-rights').ok('points.redeem', { rewardId, idempotencyKey: aKey() });
    const mine = await cloud.as('o-rights').ok('points.myRights', {});
    expect(mine.items).toEqual([expect.objectContaining({ redemptionId, rewardId, kind: 'service', status: 'issued', verifyCode: expect.stringMatching(/^\d{12}$/) })]);
  });
});

describe('points.balance and points.history', () => {
  it('shows what expires within 30 days and pages the history newest first', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-history', 0);
    const firstKey = aKey('first');
    await grantPoints(userId, 100, firstKey);
    // The first lot was earned when its entry was written: read that instant rather than guess it.
    const t0 = cloud.docs<{ key: string; createdAt: number }>('points_entries', { key: firstKey })[0].createdAt;
    cloud.advance(DAY);
    for (let i = 0; i < 4; i++) {
      await grantPoints(userId, 10 + i);
      cloud.advance(1000);
    }
    await spendPoints(userId, 30);
    cloud.advance(LOT_LIFETIME_MS - 20 * DAY);
    const balance = await cloud.as('o-history').ok('points.balance', {});
    expect(balance.balance).toBe(100 + 10 + 11 + 12 + 13 - 30);
    // The first lot (100, 30 spent from it) expires in 19 days; the others later but within 30 days too.
    expect(balance.expiring[0]).toEqual({ points: 70, expiresAt: t0 + LOT_LIFETIME_MS });

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await cloud.as('o-history').ok('points.history', { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.delta));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([-30, 13, 12, 11, 10, 100]);
  });
});

describe('refunds take points back', () => {
  it('even when some were spent: the balance stays at 0 and the shortfall is debt the next credit repays', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-refund', 0);
    await grantPoints(userId, 300, 'order:o1:earn');
    await spendPoints(userId, 250);
    const r = await refundPoints(userId, 300, 'order:o1:earn', 'order:o1:refund');
    expect(r.balance).toBe(0);
    expect(cloud.docs('points_entries', { key: 'order:o1:refund' })[0]).toMatchObject({ delta: -50, shortfall: 250 });
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0, debt: 250 });
    const later = await grantPoints(userId, 400);
    expect(later.balance).toBe(150);
    const audit = (await cloud.host.runTimer('points', 'auditLedger')) as { mismatches: unknown[] };
    expect(audit.mismatches).toEqual([]);
  });

  it('applies a repeated refund once', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-refund-twice', 0);
    await grantPoints(userId, 100, 'order:o2:earn');
    await Promise.all([1, 2, 3].map(() => refundPoints(userId, 100, 'order:o2:earn', 'order:o2:refund')));
    expect(cloud.count('points_entries', { key: 'order:o2:refund' })).toBe(1);
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0, debt: 0 });
  });
});

describe('the expiry timer', () => {
  it('closes lots 365 days after they were earned, oldest first, and spending then skips them', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-expiry', 0);
    await grantPoints(userId, 100, aKey('old'));
    cloud.advance(10 * DAY);
    await grantPoints(userId, 50, aKey('new'));
    cloud.advance(LOT_LIFETIME_MS - 10 * DAY);
    await cloud.host.runTimer('points', 'expireLots');
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 50 });
    expect(cloud.docs('points_entries', { userId, kind: 'expire' }).map((e) => e.delta)).toEqual([-100]);
    cloud.advance(10 * DAY);
    await cloud.host.runTimer('points', 'expireLots');
    expect(cloud.docs('points_accounts', { _id: userId })[0]).toMatchObject({ balance: 0, nextExpiryAt: null });
    expect(cloud.count('points_entries', { userId, kind: 'expire' })).toBe(2);
  });
});

describe('the nightly audit', () => {
  it('passes a consistent ledger and raises an alert for a balance that disagrees with its entries', async () => {
    const userId = await aMemberWithPoints(cloud, 'o-audit', 40);
    const clean = (await cloud.host.runTimer('points', 'auditLedger')) as { checked: number; mismatches: unknown[] };
    expect(clean.checked).toBeGreaterThan(0);
    expect(clean.mismatches).toEqual([]);
    // Corrupt the cache behind the ledger's back.
    await import('../../server/kernel/db').then(({ db }) => db().collection('points_accounts').doc(userId).update({ data: { balance: 41 } }));
    const dirty = (await cloud.host.runTimer('points', 'auditLedger')) as { mismatches: { userId: string }[] };
    expect(dirty.mismatches).toEqual([{ userId, balance: 41, entriesSum: 40, lotsSum: 40 }]);
    expect(cloud.count('alerts', { kind: 'pointsLedgerMismatch', userId })).toBe(1);
  });
});
