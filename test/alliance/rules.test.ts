import fc from 'fast-check';
import { decideExchange, fromPartnerOrderCode, isDualMember, mapTier, PARTNER_ORDER_CODES, toPartnerOrderCode } from '../../domain/alliance/alliance';
import type { OrderStatus } from '../../typings/api';

const aPartner = (over: Partial<{ ratio: { ours: number; theirs: number }; dailyCapPoints: number }> = {}) => ({ ratio: { ours: 100, theirs: 1 }, dailyCapPoints: 5000, ...over });

describe('exchanging our points for partner points', () => {
  it('gives points / ours × theirs', () => {
    expect(decideExchange(aPartner(), 300, 0)).toEqual({ ok: true, value: { spentPoints: 300, partnerPoints: 3, usedToday: 300 } });
    expect(decideExchange(aPartner({ ratio: { ours: 50, theirs: 3 } }), 200, 0)).toMatchObject({ ok: true, value: { partnerPoints: 12 } });
  });

  it('refuses points that are not a positive multiple of ratio.ours', () => {
    for (const points of [0, -100, 150, 99, 100.5]) expect(decideExchange(aPartner(), points, 0)).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  it('allows exactly the daily cap and refuses one step past it', () => {
    expect(decideExchange(aPartner(), 1000, 4000)).toMatchObject({ ok: true, value: { usedToday: 5000 } });
    expect(decideExchange(aPartner(), 100, 5000)).toMatchObject({ ok: false, code: 'LIMIT_EXCEEDED' });
  });

  it('keeps whole partner points and never passes the cap (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 200 }), fc.nat(100_000), fc.nat(100_000),
      (ours, theirs, k, cap, used) => {
        const r = decideExchange({ ratio: { ours, theirs }, dailyCapPoints: cap }, k * ours, used);
        if (r.ok) {
          expect(r.value.partnerPoints).toBe(k * theirs);
          expect(r.value.usedToday).toBeLessThanOrEqual(cap);
        } else expect(used + k * ours).toBeGreaterThan(cap);
      }));
  });
});

describe('mapping a partner tier', () => {
  const tierMap = { silver: 'member', Gold: 'premium' };
  it('maps by the partner tier map, ignoring case and blanks', () => {
    expect(mapTier(tierMap, 'silver')).toEqual({ ok: true, value: 'member' });
    expect(mapTier(tierMap, ' gold ')).toEqual({ ok: true, value: 'premium' });
  });
  it('refuses an unknown tier instead of guessing', () => {
    expect(mapTier(tierMap, 'platinum')).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
  });
});

describe('the order status dictionary', () => {
  it('gives every status a distinct code and maps back', () => {
    const statuses = Object.keys(PARTNER_ORDER_CODES) as OrderStatus[];
    expect(new Set(statuses.map(toPartnerOrderCode)).size).toBe(7);
    for (const s of statuses) expect(fromPartnerOrderCode(toPartnerOrderCode(s))).toBe(s);
    expect(fromPartnerOrderCode('77')).toBeNull();
  });
});

describe('dual membership', () => {
  const links = [{ userId: 'u1', partnerId: 'coffee', via: 'landing' as const, at: 100 }];
  it('holds for a member linked to the partner at the time', () => {
    expect(isDualMember(links, 'u1', 'coffee', 100)).toBe(true);
  });
  it('does not hold before the link, for another partner or another user', () => {
    expect(isDualMember(links, 'u1', 'coffee', 99)).toBe(false);
    expect(isDualMember(links, 'u1', 'tea', 200)).toBe(false);
    expect(isDualMember(links, 'u2', 'coffee', 200)).toBe(false);
  });
});
