/**
 * The partnerapi `sweepNonces` timer through the local cloud: nonces past their time are removed, live
 * ones kept, so a replay inside the timestamp window is still refused after a sweep.
 */
import { startCloud } from '../support/cloud';
import { MAX_SKEW_MS, NONCE_TTL_MS } from '../../domain/alliance/signature';
import { stableId } from '../../domain/kernel/ids';
import { aPartner, partnerCall } from '../support/growth';

const cloud = startCloud();
let secret = '';
const MIN = 60_000;
/** A signed lookup that authenticates (and answers 404: no such member). */
const lookup = (nonce: string, timestamp: number) => partnerCall(cloud, { path: '/partner-api/members/lookup', body: { by: 'userId', value: 'nobody' }, secret, nonce, timestamp });
const stored = (nonce: string) => cloud.count('api_nonces', { _id: stableId('nonce', 'coffee', nonce) });

beforeAll(async () => {
  await cloud.admin.ok('admin.addPartner', aPartner());
  ({ secret } = await cloud.admin.ok('admin.rotatePartnerSecret', { partnerId: 'coffee' }));
});

describe('the sweepNonces timer', () => {
  it('removes expired nonces, keeps live ones, and a replay inside the window is still refused', async () => {
    expect(NONCE_TTL_MS).toBe(2 * MAX_SKEW_MS); // 10 min kept, 5 min of timestamp skew allowed
    const oldAt = Date.now();
    expect((await lookup('nonce-old', oldAt)).statusCode).toBe(404);
    const liveAt = cloud.advance(6 * MIN);
    expect((await lookup('nonce-live', liveAt)).statusCode).toBe(404);
    cloud.advance(4.5 * MIN); // the old nonce expired 30 s ago; the live one is 4.5 min old

    expect(await cloud.host.runTimer('partnerapi', 'sweepNonces')).toEqual({ swept: 1 });
    expect([stored('nonce-old'), stored('nonce-live')]).toEqual([0, 1]);

    // The very same request again, its timestamp still inside the window: refused by the nonce kept.
    expect(await lookup('nonce-live', liveAt)).toMatchObject({ statusCode: 401, body: { error: { message: 'replayedNonce' } } });
    // The swept nonce's request is refused too: its timestamp is outside the window.
    expect(await lookup('nonce-old', oldAt)).toMatchObject({ statusCode: 401, body: { error: { message: 'staleTimestamp' } } });
    expect(stored('nonce-old')).toBe(0); // and it spent nothing
  });

  it('sweeps nothing more while the kept nonce is live, and removes it once it expires', async () => {
    expect(await cloud.host.runTimer('partnerapi', 'sweepNonces')).toEqual({ swept: 0 });
    cloud.advance(6 * MIN);
    expect(await cloud.host.runTimer('partnerapi', 'sweepNonces')).toEqual({ swept: 1 });
    expect(cloud.count('api_nonces')).toBe(0);
  });
});
