/**
 * Reads a PNG for tests (8-bit greyscale, RGB, grey+alpha or RGBA, not interlaced; every row filter),
 * independently of localcloud/png.ts, which only writes them: pixels as RGBA.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels { width: number; height: number; rgba: Uint8Array }

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function readPng(file: Buffer): Pixels {
  if (file.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let offset = 8;
  let width = 0, height = 0, colourType = -1;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colourType = data[9];
      if (data[8] !== 8 || data[12] !== 0 || !(colourType in CHANNELS)) throw new Error(`unsupported PNG: depth ${data[8]}, colour ${colourType}, interlace ${data[12]}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colourType];
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const byte = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predicted === undefined) throw new Error(`bad PNG row filter ${filter}`);
      out[y * stride + x] = (byte + predicted) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const px = out.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, a] = channels === 1 ? [px[0], px[0], px[0], 255] : channels === 2 ? [px[0], px[0], px[0], px[1]] : channels === 3 ? [px[0], px[1], px[2], 255] : [px[0], px[1], px[2], px[3]];
    rgba.set([r, g, b, a], i * 4);
  }
  return { width, height, rgba };
}

/**
 * The module grid of a QR code image drawn with whole pixels per module and a quiet zone of `quiet`
 * modules, sampled at each module's centre (dark: an opaque pixel darker than mid-grey). Also answers
 * whether the quiet zone is all light.
 */
export function qrModulesOf(image: Pixels, size: number, quiet = 4): { modules: boolean[][]; quietZoneLight: boolean; modulePx: number } {
  const span = size + 2 * quiet;
  const modulePx = image.width / span;
  if (image.width !== image.height || !Number.isInteger(modulePx)) throw new Error(`a ${image.width}×${image.height} image is no grid of ${span} whole-pixel modules`);
  const darkAt = (mx: number, my: number) => {
    const x = Math.floor((mx + 0.5) * modulePx);
    const y = Math.floor((my + 0.5) * modulePx);
    const i = (y * image.width + x) * 4;
    return image.rgba[i + 3] > 127 && image.rgba[i] + image.rgba[i + 1] + image.rgba[i + 2] < 3 * 128;
  };
  const modules = Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => darkAt(x + quiet, y + quiet)));
  let quietZoneLight = true;
  for (let y = 0; y < span; y += 1) {
    for (let x = 0; x < span; x += 1) {
      const inside = x >= quiet && y >= quiet && x < quiet + size && y < quiet + size;
      if (!inside && darkAt(x, y)) quietZoneLight = false;
    }
  }
  return { modules, quietZoneLight, modulePx };
}
