/**
 * alliance through the local cloud: exchange math, the daily cap (also under concurrent exchanges),
 * idempotency, the hash-chained ledger and its verification after tampering, tier mapping.
 */
import { all, startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { aPartner, givePoints } from '../support/growth';

const cloud = startCloud();
let n = 0;
const freshUser = () => `o-alliance-${++n}`;
const key = (s: string) => `idem-${s}-${n}`;

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner());
  await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'tea', appId: 'wx-partner-tea', ratio: { ours: 50, theirs: 3 }, dailyCapPoints: 1000 }));
});

describe('alliance.exchange', () => {
  it('spends our points and gives points / ours × theirs partner points', async () => {
    const openid = freshUser();
    await givePoints(userIdFor(openid), 1000);
    const out = await cloud.as(openid).ok('alliance.exchange', { partnerId: 'tea', points: 200, idempotencyKey: key('a') });
    expect(out).toMatchObject({ spentPoints: 200, partnerPoints: 12, balance: 800 });
    expect(cloud.count('points_entries', { userId: userIdFor(openid), kind: 'exchange', delta: -200 })).toBe(1);
  });

  it('refuses points that are not a multiple of ratio.ours, writing nothing', async () => {
    const openid = freshUser();
    await givePoints(userIdFor(openid), 1000);
    const out = await cloud.as(openid).call('alliance.exchange', { partnerId: 'coffee', points: 150, idempotencyKey: key('b') });
    expect(out).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.count('alliance_transfers', { userId: userIdFor(openid) })).toBe(0);
  });

  it('refuses an exchange the user cannot pay for', async () => {
    const openid = freshUser();
    await givePoints(userIdFor(openid), 100);
    expect(await cloud.as(openid).call('alliance.exchange', { partnerId: 'coffee', points: 200, idempotencyKey: key('c') })).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    expect(cloud.count('alliance_transfers', { userId: userIdFor(openid) })).toBe(0);
  });

  it('answers a repeat with the first answer and spends once', async () => {
    const openid = freshUser();
    await givePoints(userIdFor(openid), 1000);
    const k = key('d');
    const [a, b] = await Promise.all([1, 2].map(() => cloud.as(openid).ok('alliance.exchange', { partnerId: 'coffee', points: 300, idempotencyKey: k })));
    const c = await cloud.as(openid).ok('alliance.exchange', { partnerId: 'coffee', points: 300, idempotencyKey: k });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(cloud.count('alliance_transfers', { userId: userIdFor(openid) })).toBe(1);
    expect((await cloud.as(openid).ok('user.login', {})).pointsBalance).toBe(700);
  });

  describe('the daily cap', () => {
    it('allows the cap exactly and refuses past it, until the next China day', async () => {
      const openid = freshUser();
      await givePoints(userIdFor(openid), 20_000);
      await cloud.as(openid).ok('alliance.exchange', { partnerId: 'coffee', points: 5000, idempotencyKey: key('e1') });
      expect(await cloud.as(openid).call('alliance.exchange', { partnerId: 'coffee', points: 100, idempotencyKey: key('e2') })).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
      cloud.advance(24 * 3600_000);
      expect(await cloud.as(openid).ok('alliance.exchange', { partnerId: 'coffee', points: 100, idempotencyKey: key('e3') })).toMatchObject({ spentPoints: 100 });
    });

    it('is never exceeded by 20 concurrent exchanges', async () => {
      const openid = freshUser();
      await givePoints(userIdFor(openid), 50_000);
      const results = await all(20, (i) => cloud.as(openid).call('alliance.exchange', { partnerId: 'coffee', points: 400, idempotencyKey: key(`f${i}`) }));
      const ok = results.filter((r) => r.ok).length;
      expect(ok).toBe(12); // floor(5000 / 400)
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'LIMIT_EXCEEDED')).toBe(true);
      const spent = cloud.docs<{ points: number }>('alliance_transfers', { userId: userIdFor(openid) }).reduce((s, t) => s + t.points, 0);
      expect(spent).toBe(4800);
      expect((await cloud.as(openid).ok('user.login', {})).pointsBalance).toBe(50_000 - 4800);
    });
  });
});

describe('the settlement ledger', () => {
  it('chains every transfer of a partner, concurrent users included, and verifies', async () => {
    const users = Array.from({ length: 8 }, () => freshUser());
    await Promise.all(users.map((u) => givePoints(userIdFor(u), 1000)));
    await Promise.all(users.map((u, i) => cloud.as(u).ok('alliance.exchange', { partnerId: 'tea', points: 100, idempotencyKey: key(`g${i}`) })));
    const seqs = cloud.docs<{ seq: number }>('alliance_transfers', { partnerId: 'tea' }).map((t) => t.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const verdict = await cloud.admin.ok('admin.verifyAllianceChain', { partnerId: 'tea' });
    expect(verdict).toEqual({ ok: true, count: seqs.length, headSeq: seqs.length });
  });

  it('detects a tampered entry and reports its seq', async () => {
    const openid = freshUser();
    await givePoints(userIdFor(openid), 5000);
    await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'juice', appId: 'wx-juice' }));
    for (let i = 0; i < 4; i++) await cloud.as(openid).ok('alliance.exchange', { partnerId: 'juice', points: 100, idempotencyKey: key(`h${i}`) });
    expect(await cloud.admin.ok('admin.verifyAllianceChain', { partnerId: 'juice' })).toMatchObject({ ok: true, count: 4 });
    // Someone with database access inflates the third transfer.
    const [third] = cloud.docs<{ _id: string }>('alliance_transfers', { partnerId: 'juice', seq: 3 });
    const { db } = await import('../../server/kernel/db');
    await db().collection('alliance_transfers').doc(third._id).update({ data: { partnerPoints: 100 } });
    expect(await cloud.admin.ok('admin.verifyAllianceChain', { partnerId: 'juice' })).toEqual({ ok: false, count: 4, brokenAtSeq: 3, reason: 'hash' });
  });

  it('settles a period with a 70/25/5 split summing to the pool', async () => {
    const s = await cloud.admin.ok('admin.allianceStatement', { partnerId: 'tea', from: 0, to: Date.now() + 1 });
    expect(s.chainOk).toBe(true);
    expect(s.poolFen).toBe(s.points);
    expect(s.split.reduce((a, p) => a + p.amountFen, 0)).toBe(s.poolFen);
    expect(s.split.map((p) => p.party)).toEqual(['partner', 'brand', 'platform']);
  });
});

describe('alliance.mapTier', () => {
  it('maps a partner tier to ours', async () => {
    expect(await cloud.as(freshUser()).ok('alliance.mapTier', { partnerId: 'coffee', partnerTier: 'gold' })).toEqual({ tier: 'premium' });
  });
  it('refuses an unknown tier and an unknown partner', async () => {
    expect(await cloud.as(freshUser()).call('alliance.mapTier', { partnerId: 'coffee', partnerTier: 'diamond' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await cloud.as(freshUser()).call('alliance.mapTier', { partnerId: 'nobody', partnerTier: 'gold' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('operators', () => {
  it('are the only ones who may add partners', async () => {
    expect(await cloud.as(freshUser()).call('admin.addPartner', aPartner({ partnerId: 'evil' }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
  it('keep the chain head when a partner\'s terms change', async () => {
    await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'tea', appId: 'wx-partner-tea', ratio: { ours: 50, theirs: 3 }, dailyCapPoints: 2000 }));
    expect(await cloud.admin.ok('admin.verifyAllianceChain', { partnerId: 'tea' })).toMatchObject({ ok: true });
  });
});
