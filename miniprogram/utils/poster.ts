/**
 * The share poster (推广海报) as one drawing, in poster pixels (600 × 1100, drawn at 2× for the album):
 * a brand band with the member's initial, name and invitation; the featured product's picture, title and
 * price; the shop's name and line, the "长按识别小程序码" hint and the mini-program code. The page shows the
 * same layout in WXML (1 poster pixel = 1rpx, see poster.less) and draws this on a `<canvas type="2d">`
 * to save it to the album.
 *
 * Only the part of the 2D canvas API both WeChat and the browser have is used (no `roundRect`, no
 * `letterSpacing`): the drawing runs unchanged in the preview.
 */

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 1100;
/** Output pixels per poster pixel: the saved image is 1200 × 2200. */
export const POSTER_SCALE = 2;

export const SHOP_NAME = '团团优选';
export const SHOP_LINE = '好物拼着买更划算';
export const SCAN_HINT = '长按识别小程序码';

const BRAND = '#fa4126';
const TEXT = '#222222';
const TEXT_3 = '#999999';
const FONT = '"PingFang SC", "Helvetica Neue", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

/** Where each part sits, in poster pixels; poster.less uses the same numbers in rpx. */
export const LAYOUT = {
  band: { height: 120 },
  avatar: { x: 40, y: 28, size: 64 },
  hero: { x: 40, y: 150, size: 520, radius: 16 },
  title: { x: 40, y: 712, width: 520, lineHeight: 40, lines: 2 },
  /** The price's baseline sits this far below the title's last line (one or two lines, as the page flows). */
  price: { x: 40, below: 64 },
  divider: { y: 856 },
  code: { x: 360, y: 878, size: 200 },
  footer: { x: 40, shopY: 940, lineY: 982, hintY: 1034 },
} as const;

/** What a poster shows. Images are paths the canvas can load (local temporary files). */
export interface PosterContent {
  name: string;
  invitation: string;
  product: { title: string; priceText: string; image: string } | null;
  code: string;
}

// The 2D canvas as WeChat's `Canvas` (type="2d") and the browser's both offer it.
export interface PosterImage {
  src: string;
  width: number;
  height: number;
  onload: (() => void) | null;
  onerror: ((err: unknown) => void) | null;
}
export interface PosterContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  save(): void;
  restore(): void;
  scale(x: number, y: number): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  setLineDash(segments: number[]): void;
  createLinearGradient(x0: number, y0: number, x1: number, y1: number): { addColorStop(offset: number, color: string): void };
  drawImage(image: PosterImage, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
}
export interface PosterCanvas {
  width: number;
  height: number;
  getContext(type: '2d'): PosterContext;
  createImage(): PosterImage;
}

/** The name on the poster: the one the member chose, else 团友 and the end of their share code. */
export function posterName(chosen: string, shareCode: string): string {
  const name = chosen.trim();
  return name ? Array.from(name).slice(0, 12).join('') : `团友${shareCode.slice(-4)}`;
}

/** The first character of a name, for the avatar circle. */
export const initialOf = (name: string) => Array.from(name.trim())[0] ?? '团';

function loadImage(canvas: PosterCanvas, src: string): Promise<PosterImage> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage();
    image.onload = () => resolve(image);
    image.onerror = (err) => reject(new Error(`poster image ${src} did not load: ${String((err as { errMsg?: string })?.errMsg ?? err)}`));
    image.src = src;
  });
}

function roundedRect(ctx: PosterContext, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** `image` covering the square at (x, y), cropped to its centre (the `<image mode="aspectFill">` of the page). */
function drawCover(ctx: PosterContext, image: PosterImage, x: number, y: number, size: number): void {
  const side = Math.min(image.width, image.height) || 1;
  ctx.drawImage(image, (image.width - side) / 2, (image.height - side) / 2, side, side, x, y, size, size);
}

/** Splits `text` into at most `lines` lines of `width`, the last one ending in … when cut. */
export function wrapText(ctx: Pick<PosterContext, 'measureText'>, text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += 1) {
    if (ctx.measureText(line + chars[i]).width <= width) {
      line += chars[i];
      continue;
    }
    if (out.length === lines - 1) {
      while (line && ctx.measureText(`${line}…`).width > width) line = Array.from(line).slice(0, -1).join('');
      out.push(`${line}…`);
      return out;
    }
    out.push(line);
    line = chars[i];
  }
  if (line) out.push(line);
  return out;
}

/**
 * Draws the poster on `canvas` (its size set to the output size). Rejects when an image does not load,
 * so nothing half-drawn is saved.
 */
export async function drawPoster(canvas: PosterCanvas, content: PosterContent): Promise<void> {
  const [code, picture] = await Promise.all([loadImage(canvas, content.code), content.product ? loadImage(canvas, content.product.image) : Promise.resolve(null)]);
  canvas.width = POSTER_WIDTH * POSTER_SCALE;
  canvas.height = POSTER_HEIGHT * POSTER_SCALE;
  const ctx = canvas.getContext('2d');
  ctx.scale(POSTER_SCALE, POSTER_SCALE);
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';

  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
  const band = ctx.createLinearGradient(0, 0, POSTER_WIDTH, LAYOUT.band.height);
  band.addColorStop(0, BRAND);
  band.addColorStop(1, '#ff7a45');
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, POSTER_WIDTH, LAYOUT.band.height);

  const { avatar } = LAYOUT;
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(avatar.x + avatar.size / 2, avatar.y + avatar.size / 2, avatar.size / 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = BRAND;
  ctx.font = `600 30px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.fillText(initialOf(content.name), avatar.x + avatar.size / 2, avatar.y + avatar.size / 2 + 11);
  ctx.textAlign = 'left';
  ctx.fillStyle = '#ffffff';
  ctx.font = `600 30px ${FONT}`;
  ctx.fillText(content.name, avatar.x + avatar.size + 20, 58);
  ctx.font = `24px ${FONT}`;
  ctx.fillText(content.invitation, avatar.x + avatar.size + 20, 94);

  if (content.product && picture) {
    const { hero, title, price } = LAYOUT;
    ctx.save();
    roundedRect(ctx, hero.x, hero.y, hero.size, hero.size, hero.radius);
    ctx.clip();
    drawCover(ctx, picture, hero.x, hero.y, hero.size);
    ctx.restore();
    ctx.fillStyle = TEXT;
    ctx.font = `600 30px ${FONT}`;
    const lines = wrapText(ctx, content.product.title, title.width, title.lines);
    lines.forEach((line, i) => ctx.fillText(line, title.x, title.y + i * title.lineHeight));
    const priceY = title.y + (lines.length - 1) * title.lineHeight + price.below;
    ctx.fillStyle = BRAND;
    ctx.font = `600 28px ${FONT}`;
    ctx.fillText('¥', price.x, priceY);
    const yen = ctx.measureText('¥').width + 4;
    ctx.font = `600 48px ${FONT}`;
    ctx.fillText(content.product.priceText, price.x + yen, priceY);
    const amount = ctx.measureText(content.product.priceText).width;
    ctx.fillStyle = TEXT_3;
    ctx.font = `24px ${FONT}`;
    ctx.fillText('起', price.x + yen + amount + 8, priceY);
  }

  ctx.strokeStyle = '#eeeeee';
  ctx.lineWidth = 2;
  ctx.setLineDash([8, 6]);
  ctx.beginPath();
  ctx.moveTo(40, LAYOUT.divider.y);
  ctx.lineTo(POSTER_WIDTH - 40, LAYOUT.divider.y);
  ctx.stroke();
  ctx.setLineDash([]);

  const { footer } = LAYOUT;
  ctx.fillStyle = TEXT;
  ctx.font = `600 34px ${FONT}`;
  ctx.fillText(SHOP_NAME, footer.x, footer.shopY);
  ctx.fillStyle = '#555555';
  ctx.font = `26px ${FONT}`;
  ctx.fillText(SHOP_LINE, footer.x, footer.lineY);
  ctx.fillStyle = TEXT_3;
  ctx.font = `22px ${FONT}`;
  ctx.fillText(SCAN_HINT, footer.x, footer.hintY);
  ctx.drawImage(code, 0, 0, code.width || 1, code.height || 1, LAYOUT.code.x, LAYOUT.code.y, LAYOUT.code.size, LAYOUT.code.size);
}
