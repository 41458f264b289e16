/**
 * Demo pictures the project draws itself (this machine is offline, and the shop should look like a shop):
 * product shots, category icons and live-room covers as SVG, a soft studio backdrop, the object with its
 * own light and a blurred contact shadow. Deterministic: the same name always draws the same picture.
 * The seed stores them through cloud storage, so pages show them by `cloud://` fileID as on WeChat.
 */

/** What a product picture shows. */
export type ProductArt = 'tea-can' | 'tea-bags' | 'cakes' | 'cookies' | 'gift-box' | 'cup';
export type CategoryArt = 'tea' | 'snack' | 'gift';

interface Palette { bg1: string; bg2: string; main: string; dark: string; light: string; accent: string }

const PALETTES: Record<ProductArt, Palette[]> = {
  'tea-can': [
    { bg1: '#f3f7ee', bg2: '#d9e8cf', main: '#3f7d4e', dark: '#2b5a37', light: '#7fb48a', accent: '#c9a45c' },
    { bg1: '#fbf6ea', bg2: '#eadfc4', main: '#3f7d4e', dark: '#2b5a37', light: '#7fb48a', accent: '#c9a45c' },
  ],
  'tea-bags': [
    { bg1: '#fdf3e7', bg2: '#f1d9bb', main: '#b9733f', dark: '#8a5128', light: '#e7b688', accent: '#f7efe2' },
    { bg1: '#eef4f8', bg2: '#d3e2ec', main: '#b9733f', dark: '#8a5128', light: '#e7b688', accent: '#f7efe2' },
  ],
  cakes: [
    { bg1: '#fff8ec', bg2: '#f6e3c4', main: '#f4e6c8', dark: '#d9b77f', light: '#fffaf0', accent: '#e9a23b' },
    { bg1: '#f6f0fa', bg2: '#e4d6ee', main: '#f4e6c8', dark: '#d9b77f', light: '#fffaf0', accent: '#e9a23b' },
  ],
  cookies: [
    { bg1: '#f1f6fb', bg2: '#d6e4f2', main: '#d9a05b', dark: '#a86f32', light: '#f0c68f', accent: '#ffffff' },
    { bg1: '#fdf1ec', bg2: '#f3d5c7', main: '#d9a05b', dark: '#a86f32', light: '#f0c68f', accent: '#ffffff' },
  ],
  'gift-box': [
    { bg1: '#fdf0f0', bg2: '#f2d0d0', main: '#b8322f', dark: '#8c1f1d', light: '#dd5b55', accent: '#e8c36a' },
    { bg1: '#f1f3ee', bg2: '#d8ddd0', main: '#2f5d4f', dark: '#1f4036', light: '#4f8574', accent: '#e8c36a' },
  ],
  cup: [
    { bg1: '#f2f6f4', bg2: '#d5e3dc', main: '#9cc5b3', dark: '#6d9f8a', light: '#d4ece1', accent: '#f5f0e6' },
    { bg1: '#f8f4ee', bg2: '#e8ddcd', main: '#9cc5b3', dark: '#6d9f8a', light: '#d4ece1', accent: '#f5f0e6' },
  ],
};

const esc = (s: string) => s.replace(/[<&>"]/g, (c) => ({ '<': '&lt;', '&': '&amp;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** Backdrop, light and shadow shared by every product shot (600×600). */
function studio(p: Palette, body: string, shadow: { cx: number; cy: number; rx: number; ry: number }, extraDefs = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">
<defs>
<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.bg1}"/><stop offset="1" stop-color="${p.bg2}"/></linearGradient>
<radialGradient id="glow" cx="0.35" cy="0.25" r="0.7"><stop offset="0" stop-color="#fff" stop-opacity=".75"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
<filter id="blur" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="16"/></filter>
<filter id="soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="3"/></filter>
${extraDefs}
</defs>
<rect width="600" height="600" fill="url(#bg)"/>
<rect width="600" height="600" fill="url(#glow)"/>
<rect y="430" width="600" height="170" fill="${p.bg2}" opacity=".55"/>
<ellipse cx="${shadow.cx}" cy="${shadow.cy}" rx="${shadow.rx}" ry="${shadow.ry}" fill="#000" opacity=".22" filter="url(#blur)"/>
${body}
</svg>`;
}

/** A vertical cylinder's shading across its width (lit from the left). */
const cylinderShade = (id: string, base: string, dark: string, light: string) =>
  `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${dark}"/><stop offset=".28" stop-color="${light}"/><stop offset=".55" stop-color="${base}"/><stop offset="1" stop-color="${dark}"/></linearGradient>`;

const leaf = (x: number, y: number, s: number, rot: number, fill: string) =>
  `<path transform="translate(${x} ${y}) rotate(${rot}) scale(${s})" d="M0 0 C18 -22 52 -22 70 0 C52 22 18 22 0 0 Z" fill="${fill}"/><path transform="translate(${x} ${y}) rotate(${rot}) scale(${s})" d="M4 0 L64 0" stroke="#fff" stroke-opacity=".45" stroke-width="2" fill="none"/>`;

function teaCan(p: Palette, v: number): string {
  const x = v ? 205 : 190;
  const w = 200;
  const body = `
<g>
  <rect x="${x}" y="190" width="${w}" height="250" rx="14" fill="url(#can)"/>
  <ellipse cx="${x + w / 2}" cy="440" rx="${w / 2}" ry="20" fill="${p.dark}"/>
  <rect x="${x}" y="190" width="${w}" height="250" rx="14" fill="url(#can)"/>
  <rect x="${x}" y="265" width="${w}" height="110" fill="url(#label)"/>
  <rect x="${x}" y="262" width="${w}" height="6" fill="${p.accent}"/>
  <rect x="${x}" y="372" width="${w}" height="6" fill="${p.accent}"/>
  <text x="${x + w / 2}" y="334" font-family="'Noto Serif CJK SC','WenQuanYi Micro Hei',serif" font-size="44" font-weight="700" text-anchor="middle" fill="${p.dark}">龙井</text>
  <text x="${x + w / 2}" y="362" font-family="sans-serif" font-size="13" letter-spacing="4" text-anchor="middle" fill="${p.dark}" opacity=".75">LONGJING · 100g</text>
  <ellipse cx="${x + w / 2}" cy="190" rx="${w / 2}" ry="22" fill="url(#lid)"/>
  <ellipse cx="${x + w / 2}" cy="186" rx="${w / 2 - 12}" ry="15" fill="${p.light}" opacity=".55"/>
  <rect x="${x + 22}" y="205" width="14" height="225" rx="7" fill="#fff" opacity=".28"/>
</g>
${leaf(v ? 120 : 430, 450, 1.3, v ? -20 : 200, p.light)}${leaf(v ? 150 : 440, 470, 1, v ? 10 : 160, p.main)}${v ? leaf(470, 440, 1.1, 200, p.light) : ''}`;
  const defs = `${cylinderShade('can', p.main, p.dark, p.light)}
<linearGradient id="label" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#e9e2cc"/><stop offset=".3" stop-color="#fffaf0"/><stop offset="1" stop-color="#d8cfb4"/></linearGradient>
<linearGradient id="lid" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${p.accent}"/><stop offset=".35" stop-color="#f3dfa6"/><stop offset="1" stop-color="#9c7a3c"/></linearGradient>`;
  return studio(p, body, { cx: x + w / 2, cy: 448, rx: 130, ry: 22 }, defs);
}

function teaBags(p: Palette, v: number): string {
  const bag = (x: number, y: number, r: number) => `
<g transform="translate(${x} ${y}) rotate(${r})">
  <path d="M0 -150 C 10 -100 -6 -60 0 -20" stroke="#bda98a" stroke-width="2" fill="none"/>
  <rect x="-16" y="-178" width="32" height="30" rx="3" fill="${p.accent}" stroke="#d8c8ad"/>
  <circle cx="0" cy="-163" r="6" fill="${p.main}"/>
  <path d="M-55 -20 L55 -20 L62 110 L-62 110 Z" fill="url(#mesh)" stroke="#e7d6bd" stroke-width="2"/>
  <path d="M-55 -20 L55 -20 L52 0 L-52 0 Z" fill="#efe3cf"/>
  <g fill="${p.dark}" opacity=".55"><circle cx="-20" cy="60" r="6"/><circle cx="10" cy="75" r="7"/><circle cx="30" cy="50" r="5"/><circle cx="-5" cy="90" r="6"/><circle cx="-32" cy="85" r="4"/><circle cx="22" cy="95" r="5"/></g>
</g>`;
  const box = `
<g>
  <path d="M120 330 L300 300 L480 330 L480 460 L300 490 L120 460 Z" fill="${p.main}"/>
  <path d="M120 330 L300 360 L300 490 L120 460 Z" fill="${p.dark}"/>
  <path d="M300 360 L480 330 L480 460 L300 490 Z" fill="${p.main}"/>
  <path d="M120 330 L300 300 L480 330 L300 360 Z" fill="${p.light}"/>
  <text x="390" y="425" font-family="'WenQuanYi Micro Hei',sans-serif" font-size="30" font-weight="700" text-anchor="middle" fill="#fff" transform="skewY(-9) translate(0 62)">乌龙</text>
  <text x="210" y="420" font-family="sans-serif" font-size="14" letter-spacing="3" text-anchor="middle" fill="#fff" opacity=".8" transform="skewY(9) translate(0 -33)">COLD BREW</text>
</g>`;
  const body = v ? `${bag(230, 300, -12)}${bag(370, 310, 10)}<rect x="150" y="420" width="300" height="40" rx="20" fill="#fff" opacity=".35"/>` : `${box}${bag(470, 300, 14)}`;
  const defs = `<pattern id="meshp" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f6ecdc"/><path d="M0 0 L6 6 M6 0 L0 6" stroke="#e4d3b8" stroke-width=".8"/></pattern>
<linearGradient id="mesh" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#eadcc4"/><stop offset=".4" stop-color="#fbf4e8"/><stop offset="1" stop-color="#e2d2b6"/></linearGradient>`;
  return studio(p, body, { cx: 300, cy: v ? 440 : 480, rx: 190, ry: 24 }, defs);
}

function cakes(p: Palette, v: number): string {
  const cube = (x: number, y: number) => `
<g transform="translate(${x} ${y})">
  <path d="M0 0 L48 -22 L96 0 L48 22 Z" fill="${p.light}"/>
  <path d="M0 0 L48 22 L48 72 L0 50 Z" fill="${p.main}"/>
  <path d="M48 22 L96 0 L96 50 L48 72 Z" fill="${p.dark}"/>
  <g fill="${p.accent}"><circle cx="36" cy="-2" r="3.5"/><circle cx="56" cy="4" r="3"/><circle cx="50" cy="-10" r="2.5"/><circle cx="64" cy="-4" r="2"/></g>
</g>`;
  const cubes = v ? [cube(204, 300), cube(300, 300), cube(252, 322)] : [cube(228, 268), cube(324, 268), cube(180, 290), cube(276, 290), cube(228, 312), cube(324, 312)] // back row first;
  const body = `
<ellipse cx="300" cy="380" rx="230" ry="80" fill="#fff"/>
<ellipse cx="300" cy="372" rx="210" ry="66" fill="#f4f1ec"/>
<ellipse cx="300" cy="380" rx="230" ry="80" fill="none" stroke="#e3ddd3" stroke-width="3"/>
${cubes.join('')}
<g fill="${p.accent}" opacity=".9"><circle cx="120" cy="470" r="5"/><circle cx="140" cy="480" r="4"/><circle cx="470" cy="465" r="5"/><circle cx="455" cy="482" r="3.5"/></g>`;
  return studio(p, body, { cx: 300, cy: 420, rx: 230, ry: 30 });
}

function cookies(p: Palette, v: number): string {
  const cookie = (x: number, y: number, r: number, tilt: number) => `
<g transform="translate(${x} ${y})">
  <ellipse cx="0" cy="${r * tilt * 0.25}" rx="${r}" ry="${r * tilt}" fill="${p.dark}"/>
  <ellipse cx="0" cy="0" rx="${r}" ry="${r * tilt}" fill="url(#dough)"/>
  <g fill="${p.dark}" opacity=".75"><ellipse cx="${-r * 0.35}" cy="${-r * tilt * 0.2}" rx="${r * 0.09}" ry="${r * 0.07 * tilt + 2}"/><ellipse cx="${r * 0.3}" cy="${r * tilt * 0.25}" rx="${r * 0.1}" ry="${r * 0.08 * tilt + 2}"/><ellipse cx="${r * 0.1}" cy="${-r * tilt * 0.45}" rx="${r * 0.08}" ry="${r * 0.06 * tilt + 2}"/><ellipse cx="${-r * 0.1}" cy="${r * tilt * 0.5}" rx="${r * 0.07}" ry="${r * 0.05 * tilt + 2}"/></g>
  <g fill="${p.accent}"><rect x="${r * 0.45}" y="${-r * tilt * 0.4}" width="5" height="5" transform="rotate(30)"/><rect x="${-r * 0.55}" y="${r * tilt * 0.3}" width="4" height="4" transform="rotate(15)"/><rect x="${r * 0.05}" y="${r * tilt * 0.1}" width="4" height="4"/></g>
</g>`;
  const body = v
    ? `${cookie(300, 330, 150, 1)}<text x="300" y="540" font-family="sans-serif" font-size="18" letter-spacing="6" text-anchor="middle" fill="${p.dark}" opacity=".6">SEA SALT · CHEESE</text>`
    : `${cookie(300, 430, 120, 0.42)}${cookie(300, 385, 120, 0.42)}${cookie(300, 340, 120, 0.42)}${cookie(300, 295, 120, 0.42)}${cookie(455, 455, 70, 0.5)}`;
  const defs = `<radialGradient id="dough" cx=".4" cy=".35" r=".75"><stop offset="0" stop-color="${p.light}"/><stop offset=".7" stop-color="${p.main}"/><stop offset="1" stop-color="${p.dark}"/></radialGradient>`;
  return studio(p, body, { cx: 300, cy: v ? 480 : 470, rx: 170, ry: 26 }, defs);
}

function giftBox(p: Palette, v: number): string {
  const body = `
<g>
  <path d="M150 270 L450 270 L450 450 L150 450 Z" fill="url(#box)"/>
  <path d="M130 220 L470 220 L470 280 L130 280 Z" fill="${p.light}"/>
  <path d="M130 270 L470 270 L470 280 L130 280 Z" fill="${p.dark}" opacity=".5"/>
  <rect x="280" y="220" width="40" height="230" fill="url(#ribbon)"/>
  ${v ? '' : '<rect x="130" y="236" width="340" height="26" fill="url(#ribbonH)"/>'}
  <path d="M300 222 C 240 150 190 180 214 214 C 230 236 270 226 300 222 Z" fill="${p.accent}"/>
  <path d="M300 222 C 360 150 410 180 386 214 C 370 236 330 226 300 222 Z" fill="#d4aa4e"/>
  <ellipse cx="300" cy="222" rx="20" ry="14" fill="#f1d58d"/>
  <path d="M292 230 L262 300 L280 296 L290 318 Z M308 230 L338 300 L320 296 L310 318 Z" fill="#c99c3c"/>
  <text x="215" y="385" font-family="'Noto Serif CJK SC','WenQuanYi Micro Hei',serif" font-size="38" font-weight="700" text-anchor="middle" fill="${p.accent}" opacity=".9">四季</text>
  <text x="385" y="385" font-family="'Noto Serif CJK SC','WenQuanYi Micro Hei',serif" font-size="38" font-weight="700" text-anchor="middle" fill="${p.accent}" opacity=".9">茶礼</text>
  <rect x="150" y="280" width="18" height="170" fill="#fff" opacity=".12"/>
</g>`;
  const defs = `<linearGradient id="box" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${p.dark}"/><stop offset=".25" stop-color="${p.light}"/><stop offset=".6" stop-color="${p.main}"/><stop offset="1" stop-color="${p.dark}"/></linearGradient>
<linearGradient id="ribbon" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#b38a35"/><stop offset=".5" stop-color="#f1d58d"/><stop offset="1" stop-color="#b38a35"/></linearGradient>
<linearGradient id="ribbonH" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#b38a35"/><stop offset=".5" stop-color="#f1d58d"/><stop offset="1" stop-color="#b38a35"/></linearGradient>`;
  return studio(p, body, { cx: 300, cy: 455, rx: 200, ry: 24 }, defs);
}

function cup(p: Palette, v: number): string {
  const steam = `<g fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" opacity=".8" filter="url(#soft)"><path d="M270 210 C 250 180 290 160 270 120"/><path d="M315 205 C 295 170 340 150 318 105"/></g>`;
  const body = `
<ellipse cx="300" cy="420" rx="${v ? 200 : 180}" ry="42" fill="url(#saucer)"/>
<ellipse cx="300" cy="414" rx="${v ? 150 : 135}" ry="28" fill="${p.light}" opacity=".7"/>
<path d="M180 250 C 185 360 230 410 300 410 C 370 410 415 360 420 250 Z" fill="url(#glaze)"/>
<ellipse cx="300" cy="250" rx="120" ry="26" fill="${p.dark}"/>
<ellipse cx="300" cy="254" rx="110" ry="20" fill="#b7862f" opacity=".85"/>
<ellipse cx="292" cy="250" rx="50" ry="6" fill="#fff" opacity=".35"/>
<path d="M200 280 C 210 350 240 385 270 398" stroke="#fff" stroke-opacity=".4" stroke-width="10" fill="none" stroke-linecap="round"/>
<path d="M230 300 C 260 320 340 320 370 300" stroke="${p.dark}" stroke-opacity=".35" stroke-width="3" fill="none"/>
${steam}`;
  const defs = `<linearGradient id="glaze" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${p.dark}"/><stop offset=".3" stop-color="${p.light}"/><stop offset=".6" stop-color="${p.main}"/><stop offset="1" stop-color="${p.dark}"/></linearGradient>
<radialGradient id="saucer" cx=".45" cy=".4" r=".7"><stop offset="0" stop-color="${p.light}"/><stop offset="1" stop-color="${p.main}"/></radialGradient>`;
  return studio(p, body, { cx: 300, cy: 440, rx: 210, ry: 26 }, defs);
}

const DRAW: Record<ProductArt, (p: Palette, v: number) => string> = { 'tea-can': teaCan, 'tea-bags': teaBags, cakes, cookies, 'gift-box': giftBox, cup };

/** A 600×600 product shot; `variant` 0 is the cover, 1 a second angle for the gallery. */
export function productImage(art: ProductArt, variant = 0): string {
  const palettes = PALETTES[art];
  const v = Math.abs(variant) % palettes.length;
  return DRAW[art](palettes[v], v);
}

/** A 120×120 round category icon. */
export function categoryIcon(art: CategoryArt): string {
  const bg = { tea: ['#e6f2e4', '#3f7d4e'], snack: ['#fbeedd', '#c98a45'], gift: ['#fbe3e2', '#b8322f'] }[art];
  const glyph = {
    tea: `${leaf(30, 66, 0.9, -30, bg[1])}${leaf(52, 74, 0.7, -60, '#7fb48a')}`,
    snack: `<circle cx="60" cy="60" r="30" fill="${bg[1]}"/><circle cx="60" cy="60" r="24" fill="#e7b47a"/><g fill="#8a5128"><circle cx="50" cy="52" r="4"/><circle cx="68" cy="58" r="4"/><circle cx="56" cy="70" r="3.5"/></g>`,
    gift: `<rect x="32" y="50" width="56" height="40" rx="4" fill="${bg[1]}"/><rect x="28" y="40" width="64" height="14" rx="3" fill="#dd5b55"/><rect x="55" y="40" width="10" height="50" fill="#e8c36a"/><path d="M60 40 C 48 24 36 32 44 40 Z M60 40 C 72 24 84 32 76 40 Z" fill="#e8c36a"/>`,
  }[art];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="58" fill="${bg[0]}"/>${glyph}</svg>`;
}

/** A 600×600 live-room cover: the goods on the host's table, a LIVE tag and the room's title over a dusk fade. */
export function liveCover(title: string, art: ProductArt = 'tea-can'): string {
  const shot = productImage(art, 1).replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">
<defs><linearGradient id="fade" x1="0" y1="0" x2="0" y2="1"><stop offset=".35" stop-color="#1d1b2f" stop-opacity="0"/><stop offset="1" stop-color="#1d1b2f" stop-opacity=".82"/></linearGradient>
<radialGradient id="spot" cx=".75" cy=".15" r=".6"><stop offset="0" stop-color="#ffcf8a" stop-opacity=".45"/><stop offset="1" stop-color="#ffcf8a" stop-opacity="0"/></radialGradient></defs>
<svg x="0" y="-40" width="600" height="600" viewBox="0 0 600 600">${shot}</svg>
<rect width="600" height="600" fill="url(#spot)"/>
<rect width="600" height="600" fill="url(#fade)"/>
<rect x="28" y="28" width="110" height="44" rx="22" fill="#e63946"/><circle cx="56" cy="50" r="8" fill="#fff"/>
<text x="100" y="59" font-family="sans-serif" font-size="24" font-weight="700" text-anchor="middle" fill="#fff">LIVE</text>
<text x="36" y="505" font-family="'WenQuanYi Micro Hei',sans-serif" font-size="52" font-weight="700" fill="#fff">${esc(title)}</text>
<text x="36" y="552" font-family="'WenQuanYi Micro Hei',sans-serif" font-size="26" fill="#fff" opacity=".85">主播讲解 · 边看边买</text>
</svg>`;
}
