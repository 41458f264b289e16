/** Pure membership rules: merging points and consent, survivors, inviters, rights, masking. */
import fc from 'fast-check';
import { chooseSurvivor, inviterAfterMerge, maskPhone, transferPoints } from '../../domain/membership/identity';
import { applyConsentChange, mayUse, mergeConsents, noConsent } from '../../domain/membership/consent';
import { credit, debit, emptyAccount, type PointsAccount } from '../../domain/points/points';
import { decideRedeem, decideVerify, verifyCodeFrom, type Reward, type Right } from '../../domain/points/rights';

const DAY = 24 * 3600_000;
const anAccount = (prefix: string) =>
  fc.array(fc.record({ points: fc.integer({ min: 1, max: 500 }), day: fc.nat(400), spend: fc.nat(300) }), { maxLength: 8 }).map((ops) => {
    let a: PointsAccount = emptyAccount();
    for (const [i, op] of ops.entries()) {
      a = credit(a, `${prefix}${i}`, op.points, op.day * DAY).account;
      const d = debit(a, op.spend, op.day * DAY);
      if (d.ok) a = d.value.account;
    }
    return { ...a, debt: ops.length % 3 };
  });

describe('transferring points in a merge', () => {
  it('conserves points and debt, keeps every lot\'s expiry, and empties the merged account', () => {
    fc.assert(fc.property(anAccount('s'), anAccount('m'), (s, m) => {
      const t = transferPoints(s, m);
      expect(t.survivor.balance).toBe(s.balance + m.balance);
      expect(t.survivor.balance).toBe(t.survivor.lots.reduce((x, l) => x + l.remaining, 0));
      expect(t.moved).toBe(m.balance);
      expect(t.survivor.debt).toBe(s.debt + m.debt);
      expect(t.merged).toEqual(emptyAccount());
      for (const lot of m.lots) expect(t.survivor.lots.find((l) => l.lotId === lot.lotId)).toEqual(lot);
      expect(t.survivor.nextExpiryAt).toBe(t.survivor.lots.length ? Math.min(...t.survivor.lots.map((l) => l.expiresAt)) : null);
    }));
  });
});

describe('choosing the survivor', () => {
  it('keeps the older member, whichever order they are given in', () => {
    const a = { _id: 'u_b', createdAt: 1 };
    const b = { _id: 'u_a', createdAt: 2 };
    expect(chooseSurvivor(a, b).survivor).toBe(a);
    expect(chooseSurvivor(b, a).survivor).toBe(a);
    expect(chooseSurvivor({ _id: 'u_z', createdAt: 1 }, { _id: 'u_y', createdAt: 1 }).survivor._id).toBe('u_y');
  });

  it('never lets the survivor invite itself', () => {
    expect(inviterAfterMerge({ _id: 's', inviterId: 'm' }, { _id: 'm', inviterId: 's' })).toBeNull();
    expect(inviterAfterMerge({ _id: 's', inviterId: 'm' }, { _id: 'm', inviterId: 'x' })).toBe('x');
    expect(inviterAfterMerge({ _id: 's', inviterId: 'y' }, { _id: 'm', inviterId: 'x' })).toBe('y');
    expect(inviterAfterMerge({ _id: 's', inviterId: null }, { _id: 'm', inviterId: 'x' })).toBeNull();
  });
});

describe('consent', () => {
  it('grants nothing by default and only what was said yes to', () => {
    const c = applyConsentChange(noConsent(), { marketing: { sms: true } }, 5);
    expect(mayUse(noConsent(), { kind: 'partnerSharing' })).toBe(false);
    expect(mayUse(c, { kind: 'marketing', channel: 'sms' })).toBe(true);
    expect(mayUse(c, { kind: 'marketing', channel: 'app' })).toBe(false);
  });

  it('in a merge keeps a permission only if both answered accounts granted it', () => {
    const yes = applyConsentChange(noConsent(), { partnerSharing: true, location: true }, 1);
    const revoked = applyConsentChange(yes, { partnerSharing: false }, 2);
    expect(mergeConsents(yes, revoked)).toMatchObject({ partnerSharing: false, location: true, updatedAt: 2 });
    expect(mergeConsents(yes, null)).toBe(yes);
    expect(mergeConsents(null, null)).toBeNull();
  });
});

describe('rights', () => {
  const aReward = (o: Partial<Reward> = {}): Reward => ({ _id: 'rw', title: 't', kind: 'coupon', costPoints: 10, stock: 1, createdAt: 0, ...o });
  const aRight = (o: Partial<Right> = {}): Right => ({ _id: 'rd', userId: 'u', rewardId: 'rw', kind: 'coupon', title: 't', costPoints: 10, verifyCode: '000000000001', status: 'issued', createdAt: 0, usedAt: null, usedBy: null, storeId: null, ...o });

  it('redeem while stock lasts', () => {
    expect(decideRedeem(aReward({ stock: 1 }))).toEqual({ ok: true, value: { stockAfter: 0 } });
    expect(decideRedeem(aReward({ stock: 0 }))).toMatchObject({ ok: false, code: 'OUT_OF_STOCK' });
    expect(decideRedeem(null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('verify once', () => {
    expect(decideVerify(aRight(), { staffOpenid: 'o', storeId: 's' }, 9)).toEqual({ ok: true, value: { status: 'used', usedAt: 9, usedBy: 'o', storeId: 's' } });
    expect(decideVerify(aRight({ status: 'used' }), { staffOpenid: 'o', storeId: 's' }, 9)).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
  });

  it('make 12-digit verify codes', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{16}$/), (hex) => expect(verifyCodeFrom(hex)).toMatch(/^\d{12}$/)));
  });
});

it('masks a phone number to its first 3 and last 4 digits', () => {
  expect(maskPhone('13800138000')).toBe('138****8000');
});
