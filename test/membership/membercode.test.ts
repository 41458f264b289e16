/** 会员码 rules: signed, short-lived, replaced by the newest; a forged code reads like an expired one. */
import { checkMemberCode, issueMemberCode, MEMBER_CODE_TTL_MS, readMemberCode } from '../../domain/membership/membercode';

const SECRET = 'test-secret';
const T0 = 1_700_000_000_000;
const anIssuedCode = (overrides: { userId?: string; nonce?: string; at?: number; secret?: string } = {}) =>
  issueMemberCode(overrides.secret ?? SECRET, overrides.userId ?? 'u_alice', overrides.nonce ?? 'n0nce123', overrides.at ?? T0);

describe('member codes', () => {
  it('expire 60 seconds after they are issued', () => {
    expect(anIssuedCode().expiresAt).toBe(T0 + MEMBER_CODE_TTL_MS);
  });

  it('accept a fresh current code and name its member', () => {
    const { code } = anIssuedCode();
    const claims = readMemberCode(SECRET, code);
    if (!claims.ok) throw new Error(claims.reason);
    expect(checkMemberCode(claims.value, code, code, T0 + 59_999)).toEqual({ ok: true, value: { userId: 'u_alice' } });
  });

  it('refuse a code at its expiry', () => {
    const { code } = anIssuedCode();
    const claims = readMemberCode(SECRET, code);
    if (!claims.ok) throw new Error(claims.reason);
    expect(checkMemberCode(claims.value, code, code, T0 + MEMBER_CODE_TTL_MS)).toMatchObject({ ok: false, code: 'MEMBER_CODE_EXPIRED' });
  });

  it('refuse a code that a newer one replaced, even while it is fresh', () => {
    const old = anIssuedCode({ nonce: 'first111' });
    const newer = anIssuedCode({ nonce: 'second22', at: T0 + 1000 });
    const claims = readMemberCode(SECRET, old.code);
    if (!claims.ok) throw new Error(claims.reason);
    expect(checkMemberCode(claims.value, old.code, newer.code, T0 + 2000)).toMatchObject({ ok: false, code: 'MEMBER_CODE_EXPIRED' });
  });

  it.each([
    ['another member\'s id put in', (c: string) => c.replace('u_alice', 'u_mallory')],
    ['a later expiry put in', (c: string) => { const p = c.split('.'); p[1] = (T0 + 10 * MEMBER_CODE_TTL_MS).toString(36); return p.join('.'); }],
    ['a changed signature', (c: string) => c.slice(0, -1) + (c.endsWith('A') ? 'B' : 'A')],
    ['garbage', () => 'not-a-code'],
  ])('refuse a forged code (%s) as MEMBER_CODE_EXPIRED', (_name, forge) => {
    expect(readMemberCode(SECRET, forge(anIssuedCode().code))).toMatchObject({ ok: false, code: 'MEMBER_CODE_EXPIRED' });
  });

  it('refuse a code signed under another secret', () => {
    expect(readMemberCode(SECRET, anIssuedCode({ secret: 'other' }).code)).toMatchObject({ ok: false, code: 'MEMBER_CODE_EXPIRED' });
  });
});
