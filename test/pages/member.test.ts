/** @jest-environment jsdom */
import { encodeCode128 } from '../../miniprogram/utils/barcode';
import { encodeQr } from '../../miniprogram/utils/qrcode';
import { fakeBackend, fail, flush, mountPage, useBackend, type Mounted } from '../support/simulate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let mounted: Mounted | null = null;

afterEach(() => {
  mounted?.unmount(); // stops the page's refresh timer
  mounted = null;
});

/** A server that hands out `MC0001`, `MC0002`, ... each valid for `validMs`. */
function codeServer(validMs: number) {
  let n = 0;
  return fakeBackend({
    'user.memberCode': () => {
      n += 1;
      return { code: `MC${String(n).padStart(4, '0')}`, expiresAt: Date.now() + validMs };
    },
  });
}

describe('member code page', () => {
  it('draws the code as a QR grid and a barcode, module for module from the encoders', async () => {
    useBackend(codeServer(60_000));
    mounted = await mountPage('packages/member/code/code');
    const page = mounted;

    const matrix = encodeQr('MC0001');
    expect(page.$$('.tm-member__qr-row')).toHaveLength(matrix.length);
    expect(page.$$('.tm-member__qr-cell')).toHaveLength(matrix.length * matrix.length);
    expect(page.$$('.tm-member__qr-cell--dark')).toHaveLength(matrix.flat().filter(Boolean).length);
    const drawn = page.$$('.tm-member__qr-row').map((row) => Array.from(row.children).map((cell) => (cell.className.includes('--dark') ? 1 : 0)));
    expect(drawn).toEqual(matrix.map((row) => row.map(Number)));
    expect(page.$$('.tm-member__bar')).toHaveLength(encodeCode128('MC0001').bars.length);
    expect(page.text('.tm-member__code')).toBe('MC00 01');
  });

  it('draws only the QR code for a long signed code, whose barcode no scanner could read off a screen', async () => {
    const signed = 'u_8c1f0a2b.mb3k2x1.Zm9vYmFyYmF6cXV4.aGVsbG8td29ybGQtc2lnbmF0dXJl';
    useBackend(fakeBackend({ 'user.memberCode': () => ({ code: signed, expiresAt: Date.now() + 60_000 }) }));
    mounted = await mountPage('packages/member/code/code');

    expect(mounted.$$('.tm-member__qr-row')).toHaveLength(encodeQr(signed).length);
    expect(mounted.$('.tm-member__barcode')).toBeNull();
  });

  it('draws the barcode from the 18-digit form when the server sends one, next to the signed QR code', async () => {
    const signed = 'u_8c1f0a2b.mb3k2x1.Zm9vYmFyYmF6cXV4.aGVsbG8td29ybGQtc2lnbmF0dXJl';
    const barcode = '881234567890123456';
    useBackend(fakeBackend({ 'user.memberCode': () => ({ code: signed, barcode, expiresAt: Date.now() + 60_000 }) }));
    mounted = await mountPage('packages/member/code/code');

    expect(mounted.$$('.tm-member__qr-row')).toHaveLength(encodeQr(signed).length);
    expect(mounted.$$('.tm-member__bar')).toHaveLength(encodeCode128(barcode).bars.length);
    expect(mounted.text('.tm-member__code')).toBe('8812 3456 7890 1234 56');
  });

  it('shows a TDesign countdown of the time the code stays valid', async () => {
    useBackend(codeServer(60_000));
    mounted = await mountPage('packages/member/code/code');

    expect(mounted.$('.tm-member__countdown.t-count-down')).not.toBeNull();
    expect(mounted.text('.tm-member__countdown')).toMatch(/^0[01]\s*:\s*[0-5]\d$/);
  });

  it('fetches a new code by itself shortly before the shown one expires', async () => {
    // Valid 5.3 s: the refresh is due 5 s before expiry, i.e. after about 0.3 s.
    const backend = codeServer(5_300);
    useBackend(backend);
    mounted = await mountPage('packages/member/code/code');
    expect(mounted.text('.tm-member__code')).toBe('MC00 01');
    await sleep(100);
    expect(backend.callsOf('user.memberCode')).toHaveLength(1);

    await sleep(1_100);
    await flush();

    expect(backend.callsOf('user.memberCode').length).toBeGreaterThanOrEqual(2);
    expect(mounted.text('.tm-member__code')).toBe('MC00 02');
  });

  it('stops refreshing once the page is hidden', async () => {
    const backend = codeServer(5_300);
    useBackend(backend);
    mounted = await mountPage('packages/member/code/code');
    mounted.instance.onHide();

    await sleep(1_200);

    expect(backend.callsOf('user.memberCode')).toHaveLength(1);
  });

  it('shows an error with a retry instead of a stale code when no code can be had', async () => {
    const backend = fakeBackend({ 'user.memberCode': () => fail('UNAUTHENTICATED') });
    useBackend(backend);
    mounted = await mountPage('packages/member/code/code');

    expect(mounted.$('.tm-member__error .t-empty')).not.toBeNull();
    expect(mounted.text('.tm-member__error')).toContain('请先登录');
    expect(mounted.$$('.tm-member__qr-cell')).toHaveLength(0);

    backend.on({ 'user.memberCode': () => ({ code: 'MC9999', expiresAt: Date.now() + 60_000 }) });
    await mounted.tap('.tm-member__retry');
    expect(mounted.text('.tm-member__code')).toBe('MC99 99');
  });
});
