/**
 * Concurrent redemptions over HTTP with network-like database latency (DB_LATENCY_MS 5-15, as in
 * test/localcloud/races-http.test.ts): calls interleave between their reads and writes as on WeChat cloud.
 * First the proof that this harness catches the race: the read-then-write redemption (fixtures/naiveredeem)
 * overdraws the points and oversells the stock. Then ours, which takes points by compare-and-set and stock by a
 * conditional update, alone and racing the ledger's transactional writers on the same account. After each
 * burst: no negative balance, every balance the sum of its entries, stock + rights = the initial stock, every
 * right with its points and no points without a right (after the sweep).
 */
import { join } from 'node:path';
import { transaction } from '../../server/kernel/db';
import { creditPoints } from '../../server/points/ledger';
import { REDEMPTION_SWEEP_AGE_MS } from '../../server/points/redeem';
import { all, startHttpCloud } from '../support/cloud';
import { checkRedemptions, checkWhole } from '../support/invariants';
import { aKey } from '../store/fixtures';
import { aMemberWithPoints, aReward } from '../membership/fixtures';

jest.setTimeout(30_000);

const cloud = startHttpCloud({ latencyMs: '5-15', extraFunctionDirs: [join(__dirname, 'fixtures')] });
const docs = (c: string) => cloud.docs(c);

async function naive(openid: string, event: Record<string, unknown>) {
  await cloud.ready;
  const res = await fetch(`${cloud.url()}/functions/naiveredeem`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(event) });
  return ((await res.json()) as { result: { ok: boolean; code?: string } }).result;
}

/** A member's ledger as the invariant reads it: balance, Σ entries, rights and what they cost. */
function ledgerOf(userId: string) {
  const balance = cloud.docs<{ balance: number }>('points_accounts', { _id: userId })[0].balance;
  const entries = cloud.docs<{ delta: number }>('points_entries', { userId }).reduce((s, e) => s + e.delta, 0);
  const rights = cloud.docs<{ status: string; costPoints: number }>('redemptions', { userId }).filter((r) => r.status === 'issued' || r.status === 'used');
  return { balance, entries, rights: rights.length, spent: rights.reduce((s, r) => s + r.costPoints, 0) };
}

const codesOf = (outs: { ok: boolean; error?: { code: string } }[]) => outs.map((o) => (o.ok ? 'ok' : o.error!.code));

async function sweptWhole(rewardId: string, stock: number): Promise<void> {
  cloud.advance(REDEMPTION_SWEEP_AGE_MS + 1_000);
  await cloud.host.runTimer('points', 'sweepRedemptions');
  expect((await checkWhole(docs, { rewards: { [rewardId]: stock } })).problems).toEqual([]);
  expect((await checkRedemptions(docs)).filter((p) => !p.includes('naive-'))).toEqual([]);
}

describe('when one member fires 20 read-then-write redemptions at once with points for 3', () => {
  it('overdraws the points and oversells the stock (the race these tests exist to catch)', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 100, stock: 5 }));
    const userId = await aMemberWithPoints(cloud, 'o-rr-naive', 300);
    const outs = await all(20, (i) => naive('o-rr-naive', { userId, rewardId, key: `naive-${i}` }));
    const won = outs.filter((o) => o.ok).length;
    const ledger = ledgerOf(userId);
    const stock = cloud.docs<{ stock: number }>('rewards', { _id: rewardId })[0].stock;
    // More rights than the points pay for, the balance no longer the sum of the entries, and stock + rights ≠ 5.
    expect(won).toBeGreaterThan(3);
    expect(ledger.balance).not.toBe(ledger.entries);
    expect(stock + ledger.rights).not.toBe(5);
  });
});

describe('when one member fires 20 redemptions at once with points for 3', () => {
  it('redeems exactly 3, refuses the rest INSUFFICIENT_POINTS, and the ledger adds up', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 100, stock: 50 }));
    const userId = await aMemberWithPoints(cloud, 'o-rr-one', 300);
    const codes = codesOf(await all(20, () => cloud.as('o-rr-one').call('points.redeem', { rewardId, idempotencyKey: aKey('one') })));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['INSUFFICIENT_POINTS']));
    expect(ledgerOf(userId)).toEqual({ balance: 0, entries: 0, rights: 3, spent: 300 });
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 47 });
    await sweptWhole(rewardId, 50);
  });
});

describe('when 20 members race for the last unit of a reward', () => {
  it('gives it to exactly one, refuses the rest OUT_OF_STOCK and charges only the winner', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'service', costPoints: 100, stock: 1 }));
    const members = await Promise.all(Array.from({ length: 20 }, (_, i) => aMemberWithPoints(cloud, `o-rr-last-${i}`, 150)));
    const codes = codesOf(await all(20, (i) => cloud.as(`o-rr-last-${i}`).call('points.redeem', { rewardId, idempotencyKey: aKey('last') })));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['OUT_OF_STOCK']));
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 0 });
    const ledgers = members.map(ledgerOf);
    expect(ledgers.filter((l) => l.balance === 50 && l.rights === 1)).toHaveLength(1);
    expect(ledgers.filter((l) => l.balance === 150 && l.rights === 0)).toHaveLength(19);
    for (const l of ledgers) expect(l.balance).toBe(l.entries);
    await sweptWhole(rewardId, 1);
  });
});

describe('when 8 members each fire 4 redemptions at once for a reward with 10 left, each with points for 2', () => {
  it('never oversells, never overdraws, and every right is paid for', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 100, stock: 10 }));
    const members = await Promise.all(Array.from({ length: 8 }, (_, i) => aMemberWithPoints(cloud, `o-rr-many-${i}`, 200)));
    const codes = codesOf(await all(32, (i) => cloud.as(`o-rr-many-${i % 8}`).call('points.redeem', { rewardId, idempotencyKey: aKey('many') })));
    const won = codes.filter((c) => c === 'ok').length;
    // A unit held by a call whose points then fall short is given back after others were told OUT_OF_STOCK:
    // fewer than 10 may be redeemed in the burst, never more, and what is not redeemed is back in stock.
    expect(won).toBeGreaterThan(0);
    expect(won).toBeLessThanOrEqual(10);
    for (const c of codes.filter((x) => x !== 'ok')) expect(['OUT_OF_STOCK', 'INSUFFICIENT_POINTS']).toContain(c);
    expect(cloud.docs('rewards', { _id: rewardId })[0]).toMatchObject({ stock: 10 - won });
    for (const l of members.map(ledgerOf)) {
      expect(l.rights).toBeLessThanOrEqual(2);
      expect(l.balance).toBe(200 - l.spent);
      expect(l.balance).toBe(l.entries);
    }
    await sweptWhole(rewardId, 10);
  });
});

describe('when redemptions race the ledger\'s own writers on one account', () => {
  it('keeps every credit and every debit: the balance is the sum of the entries', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 10, stock: 100 }));
    const userId = await aMemberWithPoints(cloud, 'o-rr-mixed', 100);
    // Redemptions (compare-and-set outside a transaction), check-in and credits (transactions) all at once.
    const [outs] = await Promise.all([
      all(15, () => cloud.as('o-rr-mixed').call('points.redeem', { rewardId, idempotencyKey: aKey('mixed') })),
      cloud.as('o-rr-mixed').call('points.checkin', {}),
      all(10, (i) => transaction((tx) => creditPoints(tx, { userId, key: `rr-mixed-grant-${i}`, kind: 'adjust', refId: 'rr', points: 5, now: Date.now() }))),
    ]);
    const won = outs.filter((o) => o.ok).length;
    expect(won).toBeGreaterThanOrEqual(10);
    for (const c of codesOf(outs).filter((x) => x !== 'ok')) expect(c).toBe('INSUFFICIENT_POINTS');
    const ledger = ledgerOf(userId);
    expect(ledger).toEqual({ balance: 100 + 10 + 50 - 10 * won, entries: 100 + 10 + 50 - 10 * won, rights: won, spent: 10 * won });
    await sweptWhole(rewardId, 100);
  });
});

describe('when the same redemption is sent 6 times at once', () => {
  it('redeems once and answers every copy with the same redemption', async () => {
    const { rewardId } = await cloud.admin.ok('admin.createReward', aReward({ kind: 'physical', costPoints: 100, stock: 5 }));
    const userId = await aMemberWithPoints(cloud, 'o-rr-twins', 1000);
    const key = aKey('twins');
    const outs = await all(6, () => cloud.as('o-rr-twins').ok('points.redeem', { rewardId, idempotencyKey: key }));
    expect(new Set(outs.map((o) => o.redemptionId)).size).toBe(1);
    expect(outs.every((o) => o.balance === 900)).toBe(true);
    expect(ledgerOf(userId)).toEqual({ balance: 900, entries: 900, rights: 1, spent: 100 });
    await sweptWhole(rewardId, 5);
  });
});
