/**
 * Every refused member code gets the same answer, MEMBER_CODE_EXPIRED with one message: forged, replaced
 * and stale codes are not told apart (that would tell a guesser which of their codes were real).
 */
import { startCloud } from '../support/cloud';
import { MEMBER_CODE_REFUSED } from '../../domain/membership/membercode';
import { aMemberWithPoints, aStaffMember } from './fixtures';

const cloud = startCloud();

describe('a refused member code', () => {
  it('answers forged, replaced and stale codes with one code and one message', async () => {
    const clerk = await aStaffMember(cloud, 'o-mcr-clerk');
    await aMemberWithPoints(cloud, 'o-mcr-member', 0);
    const old = await cloud.as('o-mcr-member').ok('user.memberCode', {});
    cloud.advance(1_000);
    const current = await cloud.as('o-mcr-member').ok('user.memberCode', {});
    const [userId, exp, nonce] = current.code.split('.');
    const forged = `${userId}.${exp}.${nonce}.${'A'.repeat(22)}`;
    const verify = (code: string) => cloud.as(clerk).call('staff.verifyMemberCode', { code });

    const replaced = await verify(old.code);
    const badSignature = await verify(forged);
    const malformed = await verify('not-a-code');
    cloud.advance(61_000);
    const stale = await verify(current.code);
    for (const out of [replaced, badSignature, malformed, stale]) {
      expect(out).toEqual({ ok: false, error: { code: 'MEMBER_CODE_EXPIRED', message: MEMBER_CODE_REFUSED } });
    }
  });
});
