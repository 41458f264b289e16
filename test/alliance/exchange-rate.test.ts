/**
 * alliance.exchange counts a call against the member's rate limit only when the exchange happens: the
 * count is written in the exchange's own transaction, so a refused exchange leaves no counter behind.
 */
import { startCloud } from '../support/cloud';
import { userIdFor } from '../../server/membership/users';
import { RATE_LIMITS } from '../../server/alliance/guard';
import { aPartner, givePoints } from '../support/growth';

const cloud = startCloud();
let n = 0;
const k = () => `rate-key-${++n}`;
const counted = (openid: string) => cloud.docs<{ count: number }>('rate_counters', { userId: userIdFor(openid), fn: 'alliance' }).reduce((s, c) => s + c.count, 0);

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner({ dailyCapPoints: 1000 }));
});

describe('a refused exchange', () => {
  it('writes no rate counter (not a multiple, not enough points, over the daily cap, unknown partner)', async () => {
    await givePoints(userIdFor('o-rate-x'), 500);
    const ask = (points: number, partnerId = 'coffee') => cloud.as('o-rate-x').call('alliance.exchange', { partnerId, points, idempotencyKey: k() });
    expect(await ask(150)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await ask(800)).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' } });
    expect(await ask(2000)).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
    expect(await ask(100, 'ghost')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(cloud.count('rate_counters', { userId: userIdFor('o-rate-x') })).toBe(0);
    expect(await ask(100)).toMatchObject({ ok: true });
    expect(counted('o-rate-x')).toBe(1);
  });
});

describe('exchanges past the rate limit', () => {
  it('are refused with RATE_LIMITED and raise one alert', async () => {
    const openid = 'o-rate-busy-x';
    await givePoints(userIdFor(openid), 1_000_000);
    await cloud.admin.ok('admin.addPartner', aPartner({ partnerId: 'big', appId: 'wx-partner-big', dailyCapPoints: 10_000_000 }));
    const outs = [];
    for (let i = 0; i < RATE_LIMITS.alliance.limit + 3; i++) outs.push(await cloud.as(openid).call('alliance.exchange', { partnerId: 'big', points: 100, idempotencyKey: k() }));
    expect(outs.filter((o) => o.ok).length).toBe(RATE_LIMITS.alliance.limit);
    expect(outs.filter((o) => !o.ok && o.error.code === 'RATE_LIMITED').length).toBe(3);
    expect(cloud.count('alerts', { kind: 'rateLimit', subject: userIdFor(openid) })).toBe(1);
  });
});
