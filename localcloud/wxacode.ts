/**
 * The mini-program code `wxacode.getUnlimited` answers on this machine. WeChat draws a round "sun code"
 * that only its own scanner reads; the local cloud draws a standard QR code (miniprogram/utils/qrcode.ts)
 * that any scanner reads, holding where the code leads:
 *
 *   wxacode://<appid>/<page>?scene=<encodeURIComponent(scene)>
 *
 * which is what WeChat hands the page it opens (`options.scene` arrives URI-encoded). The request is
 * checked as the platform checks it, with its error codes, and the image follows its options: `width`
 * (280–1280 px, default 430), `lineColor` `{r, g, b}` and `isHyaline` (transparent background).
 */
import { encodeQr } from '../miniprogram/utils/qrcode';
import { encodePng } from './png';

export class WxacodeError extends Error {
  constructor(readonly errCode: number, readonly errMsg: string) {
    super(errMsg);
  }
}

/** Characters a scene may hold (WeChat: visible ASCII letters, digits and `!#$&'()*+,/:;=?@-._~`). */
const SCENE = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** A page path as the API takes it: no leading slash, no query (parameters go in the scene). */
const PAGE = /^[A-Za-z0-9_\-]+(\/[A-Za-z0-9_\-]+)*$/;

export interface WxacodeRequest {
  scene: string;
  page: string;
  width: number;
  lineColor: { r: number; g: number; b: number };
  isHyaline: boolean;
}

const pick = (data: Record<string, unknown>, camel: string, snake: string) => data[camel] ?? data[snake];

/** Reads and checks `getUnlimited`'s data (camelCase as the SDK sends it, snake_case as the HTTP API does). */
export function wxacodeRequest(data: Record<string, unknown>): WxacodeRequest {
  const api = 'openapi.wxacode.getUnlimited:fail';
  const scene = String(data.scene ?? '');
  if (scene.length === 0 || scene.length > 32) throw new WxacodeError(40169, `${api} invalid length for scene (1..32)`);
  if (!SCENE.test(scene)) throw new WxacodeError(40097, `${api} invalid args: scene holds characters outside [A-Za-z0-9!#$&'()*+,/:;=?@-._~]`);
  const page = String(data.page ?? 'pages/index/index');
  if (!PAGE.test(page)) throw new WxacodeError(41030, `${api} invalid page: ${page} (no leading "/", no query)`);
  const width = Math.min(1280, Math.max(280, Math.round(Number(pick(data, 'width', 'width') ?? 430)) || 430));
  const color = (pick(data, 'lineColor', 'line_color') ?? {}) as Record<string, unknown>;
  const channel = (v: unknown) => Math.min(255, Math.max(0, Math.round(Number(v) || 0)));
  const autoColor = pick(data, 'autoColor', 'auto_color') === true;
  return {
    scene, page, width,
    // auto_color picks the colour from the code's own artwork in WeChat; a QR code has none: black.
    lineColor: autoColor ? { r: 0, g: 0, b: 0 } : { r: channel(color.r), g: channel(color.g), b: channel(color.b) },
    isHyaline: pick(data, 'isHyaline', 'is_hyaline') === true,
  };
}

/** What the local code holds for `page` and `scene` of `appid`. */
export const wxacodeText = (appid: string, page: string, scene: string) => `wxacode://${appid}/${page}?scene=${encodeURIComponent(scene)}`;

/** The quiet zone around the symbol, in modules (the QR standard's minimum). */
export const QUIET_MODULES = 4;

/**
 * Draws the code as a PNG: whole pixels per module (the largest size within `width`, at least 2), a
 * quiet zone of {@link QUIET_MODULES} modules, dark modules in `lineColor` on white (or transparent).
 */
export function drawWxacode(appid: string, req: WxacodeRequest): { png: Buffer; text: string; modulePx: number; size: number } {
  const text = wxacodeText(appid, req.page, req.scene);
  const modules = encodeQr(text);
  const span = modules.length + 2 * QUIET_MODULES;
  const modulePx = Math.max(2, Math.floor(req.width / span));
  const size = modulePx * span;
  const rgba = new Uint8Array(size * size * 4);
  const { r, g, b } = req.lineColor;
  for (let y = 0; y < size; y += 1) {
    const my = Math.floor(y / modulePx) - QUIET_MODULES;
    for (let x = 0; x < size; x += 1) {
      const mx = Math.floor(x / modulePx) - QUIET_MODULES;
      const dark = my >= 0 && mx >= 0 && my < modules.length && mx < modules.length && modules[my][mx];
      const i = (y * size + x) * 4;
      if (dark) {
        rgba[i] = r; rgba[i + 1] = g; rgba[i + 2] = b; rgba[i + 3] = 255;
      } else if (!req.isHyaline) {
        rgba[i] = 255; rgba[i + 1] = 255; rgba[i + 2] = 255; rgba[i + 3] = 255;
      }
    }
  }
  return { png: encodePng(size, size, rgba), text, modulePx, size };
}
