import { MAX_SKEW_MS, sign, stringToSign, verifySignature, type SignedRequest } from '../../domain/alliance/signature';

const NOW = 1_714_521_600_000;
const SECRET = 'partner-secret';
const aRequest = (over: Partial<SignedRequest> = {}): SignedRequest => ({ method: 'POST', path: '/partner-api/members/lookup', timestamp: String(NOW), nonce: 'n0nce-0001', body: '{"by":"unionid","value":"un-1"}', ...over });

describe('partner request signatures', () => {
  it('signs method, path, timestamp, nonce and the body hash, one per line', () => {
    expect(stringToSign(aRequest()).split('\n')).toEqual(['POST', '/partner-api/members/lookup', String(NOW), 'n0nce-0001', expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('matches the worked example in docs/partner-api.md', () => {
    const r = { method: 'POST', path: '/partner-api/members/lookup', timestamp: '1714521600000', nonce: 'c0ffee0001', body: '{"by":"unionid","value":"oUnion123"}' };
    expect(stringToSign(r).split('\n')[4]).toBe('704eabd525d1c9113fbefb9a54510ad267c0d05166dc9b8647ee7bc8ed490bc8');
    expect(sign('s3cr3t', r)).toBe('9089e10c2906aa15feb4c8a86283cf94ce18b737f0546021ada1f1bfc9323529');
  });

  it('accepts a good request', () => {
    const r = aRequest();
    expect(verifySignature(SECRET, r, sign(SECRET, r), NOW + 1000)).toEqual({ ok: true, value: { nonce: r.nonce, at: NOW } });
  });

  it('refuses a wrong signature, a changed body or another secret', () => {
    const r = aRequest();
    const good = sign(SECRET, r);
    expect(verifySignature(SECRET, r, good.replace(/^./, good[0] === 'a' ? 'b' : 'a'), NOW)).toMatchObject({ ok: false, reason: 'badSignature' });
    expect(verifySignature(SECRET, { ...r, body: r.body + ' ' }, good, NOW)).toMatchObject({ ok: false, reason: 'badSignature' });
    expect(verifySignature('other', r, good, NOW)).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('refuses a timestamp older than 5 minutes or as far in the future', () => {
    const r = aRequest();
    expect(verifySignature(SECRET, r, sign(SECRET, r), NOW + MAX_SKEW_MS)).toMatchObject({ ok: true });
    expect(verifySignature(SECRET, r, sign(SECRET, r), NOW + MAX_SKEW_MS + 1)).toMatchObject({ ok: false, reason: 'staleTimestamp' });
    expect(verifySignature(SECRET, r, sign(SECRET, r), NOW - MAX_SKEW_MS - 1)).toMatchObject({ ok: false, reason: 'staleTimestamp' });
  });

  it('refuses malformed headers without comparing', () => {
    expect(verifySignature(SECRET, aRequest({ timestamp: 'yesterday' }), 'x', NOW)).toMatchObject({ ok: false, reason: 'badTimestamp' });
    expect(verifySignature(SECRET, aRequest({ nonce: 'a' }), 'x'.repeat(64), NOW)).toMatchObject({ ok: false, reason: 'badNonce' });
    expect(verifySignature(SECRET, aRequest(), 'zz', NOW)).toMatchObject({ ok: false, reason: 'badSignature' });
  });
});
