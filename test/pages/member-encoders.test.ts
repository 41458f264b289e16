import { encodeCode128, QUIET_ZONE } from '../../miniprogram/utils/barcode';
import { encodeQr } from '../../miniprogram/utils/qrcode';

/* eslint-disable @typescript-eslint/no-require-imports */
// Project Nayuki's reference encoder, as TDesign ships it: the oracle our own encoder must agree with.
const { QrCode, QrSegment, Ecc } = require('tdesign-miniprogram/miniprogram_dist/common/shared/qrcode/qrcodegen') as {
  Ecc: { MEDIUM: unknown };
  QrCode: {
    encodeSegments(segs: unknown[], ecl: unknown, minVersion: number, maxVersion: number, mask: number, boostEcl: boolean): { getModules(): boolean[][]; mask: number };
  };
  QrSegment: { makeBytes(data: number[]): unknown };
};

function reference(text: string, mask: number) {
  const bytes = Array.from(Buffer.from(text, 'utf8'));
  return QrCode.encodeSegments([QrSegment.makeBytes(bytes)], Ecc.MEDIUM, 1, 10, mask, false);
}

describe('encodeQr', () => {
  const samples = ['M', 'MC-7F3A9C21', 'mc:u_8c1f0a:1732242000000:9f2e', '会员码-测试-1234567890', 'x'.repeat(120)];

  it.each(samples)('agrees module for module with the reference encoder on every mask (%s)', (text) => {
    for (let mask = 0; mask < 8; mask += 1) {
      expect(encodeQr(text, mask)).toEqual(reference(text, mask).getModules());
    }
  });

  it.each(samples)('picks the same mask as the reference when left to choose (%s)', (text) => {
    const auto = reference(text, -1);
    expect(encodeQr(text)).toEqual(auto.getModules());
  });

  it('uses the smallest version that holds the text (21 modules for a short code, 45 for 120 bytes)', () => {
    expect(encodeQr('MC-7F3A9C21')).toHaveLength(21);
    expect(encodeQr('x'.repeat(120))).toHaveLength(45);
  });

  it('refuses text that does not fit version 10', () => {
    expect(() => encodeQr('x'.repeat(300))).toThrow(RangeError);
  });
});

describe('encodeCode128', () => {
  it('encodes text in code set B with the mod-103 checksum', () => {
    // Start B 104, W=55 i=73 k=75 i=73 p=80 e=69 d=68 i=73 a=65; checksum 3281 mod 103 = 88.
    expect(encodeCode128('Wikipedia').values).toEqual([104, 55, 73, 75, 73, 80, 69, 68, 73, 65, 88]);
  });

  it('packs an even run of digits two a symbol in code set C', () => {
    const { values } = encodeCode128('123456');
    expect(values.slice(0, 4)).toEqual([105, 12, 34, 56]);
    expect(values[4]).toBe((105 + 12 * 1 + 34 * 2 + 56 * 3) % 103);
  });

  it('is 11 modules a symbol plus a 13-module stop, inside quiet zones, starting with a bar', () => {
    const code = encodeCode128('AB12');
    const symbols = code.values.length;
    expect(code.modules).toBe(QUIET_ZONE * 2 + symbols * 11 + 13);
    expect(code.bars[0].x).toBe(QUIET_ZONE);
    const last = code.bars[code.bars.length - 1];
    expect(last.x + last.width).toBe(code.modules - QUIET_ZONE);
  });

  it('refuses characters Code 128 B cannot carry', () => {
    expect(() => encodeCode128('会员')).toThrow(RangeError);
  });
});
