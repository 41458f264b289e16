/**
 * The alliance settlement statement with custom shares, through the local cloud: points exchanged with
 * `alliance.exchange` in a half-open period [from, to), valued and split by largest remainders.
 */
import { startCloud } from '../support/cloud';
import { FEN_PER_POINT } from '../../domain/points/points';
import { userIdFor } from '../../server/membership/users';
import { aPartner, givePoints } from '../support/growth';

const cloud = startCloud();
const SHARES = [{ party: 'partner', weightBps: 6000 }, { party: 'brand', weightBps: 3000 }, { party: 'platform', weightBps: 1000 }];
let keys = 0;

/** An exchange of `points` by `openid`, a second after the previous one; answers its ledger time. */
async function exchanges(openid: string, points: number): Promise<number> {
  cloud.advance(1000);
  const { transferId } = await cloud.as(openid).ok('alliance.exchange', { partnerId: 'bakery', points, idempotencyKey: `settle-${++keys}` });
  return cloud.docs<{ at: number }>('alliance_transfers', { transferId })[0].at;
}

describe('admin.allianceStatement with 60/30/10 shares', () => {
  let from = 0;
  let to = 0;

  beforeAll(async () => {
    // 1 of our points for 2 of theirs, so any amount exchanges.
    await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'bakery', appId: 'wx-bakery', ratio: { ours: 1, theirs: 2 }, dailyCapPoints: 100_000 }));
    for (const o of ['o-settle-a', 'o-settle-b']) await givePoints(userIdFor(o), 10_000);
    await exchanges('o-settle-a', 500); // before the period
    from = await exchanges('o-settle-a', 400); // at `from`: counts
    await exchanges('o-settle-b', 603);
    to = await exchanges('o-settle-b', 700); // at `to`: the next period's
    await exchanges('o-settle-a', 200); // after
  });

  it('splits the points exchanged before `to` 60/30/10, the parts adding up to the whole', async () => {
    const s = await cloud.admin.ok('admin.allianceStatement', { partnerId: 'bakery', from: 0, to, shares: SHARES });
    // The transfer at `to` and the one after belong to the next period.
    expect(s).toMatchObject({ transfers: 3, points: 1503, partnerPoints: 3006, poolFen: 1503 * FEN_PER_POINT, chainOk: true });
    // 1503 × 60 % = 901.8, × 30 % = 450.9, × 10 % = 150.3: floors 1501, the 2 fen left go to .9 then .8.
    expect(s.split).toEqual([{ party: 'partner', amountFen: 902 }, { party: 'brand', amountFen: 451 }, { party: 'platform', amountFen: 150 }]);
    expect(s.split.reduce((a, p) => a + p.amountFen, 0)).toBe(s.poolFen);
    for (const [i, p] of s.split.entries()) expect(Math.abs(p.amountFen - (s.poolFen * SHARES[i].weightBps) / 10000)).toBeLessThan(1);
  });

  it('counts the transfer at `from` and not the one at `to`, so adjacent periods share none', async () => {
    const inside = await cloud.admin.ok('admin.allianceStatement', { partnerId: 'bakery', from, to, shares: SHARES });
    expect(inside).toMatchObject({ transfers: 2, points: 1003, partnerPoints: 2006 });
    // 601.8 / 300.9 / 100.3 → 602 / 301 / 100.
    expect(inside.split.map((p) => p.amountFen)).toEqual([602, 301, 100]);
    const before = await cloud.admin.ok('admin.allianceStatement', { partnerId: 'bakery', from: 0, to: from, shares: SHARES });
    const after = await cloud.admin.ok('admin.allianceStatement', { partnerId: 'bakery', from: to, to: cloud.advance(1000), shares: SHARES });
    expect([before.points, inside.points, after.points]).toEqual([500, 1003, 900]);
    expect(after.split.map((p) => p.amountFen)).toEqual([540, 270, 90]);
  });

  it('refuses shares that do not add up to 10000 bps', async () => {
    const shares = [{ party: 'partner', weightBps: 6000 }, { party: 'brand', weightBps: 3000 }];
    expect(await cloud.admin.call('admin.allianceStatement', { partnerId: 'bakery', from, to, shares })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
