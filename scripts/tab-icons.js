#!/usr/bin/env node
/**
 * The tab bar's icons as WeChat wants them (PNG files, 81×81, no SVG in app.json's tabBar): TDesign's SVG
 * icons from `tdesign-icons-svg`, drawn in the tab bar's grey and the brand's red by headless Chromium into
 * `miniprogram/assets/tab/<name>.png` and `<name>-on.png`. Run once when a tab's icon changes; the PNGs are
 * committed. Needs /usr/bin/chromium (Debian's package); never downloads a browser.
 *
 * Usage: `node scripts/tab-icons.js`
 */
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'miniprogram', 'assets', 'tab');
const SVG_DIR = path.join(path.dirname(require.resolve('tdesign-icons-svg/package.json', { paths: [ROOT] })), 'src');
/** Tab → TDesign icon. */
const TABS = { home: 'home', category: 'view-module', cart: 'cart', me: 'user' };
const COLORS = { off: '#666666', on: '#fa4126' };

function svgOf(icon, color) {
  return fs.readFileSync(path.join(SVG_DIR, `${icon}.svg`), 'utf8')
    .replace(/\sview-box=/g, ' viewBox=')
    .replace(/\s(?:width|height|class)="[^"]*"/g, ' width="81" height="81"')
    .replace(/currentColor/g, color);
}

async function main() {
  const { chromium } = require('playwright-core');
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 81, height: 81 }, deviceScaleFactor: 1 });
    for (const [tab, icon] of Object.entries(TABS)) {
      for (const [state, color] of Object.entries(COLORS)) {
        const svg = svgOf(icon, color).replace(/<svg /, '<svg style="display:block" ');
        await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
        const file = path.join(OUT, `${tab}${state === 'on' ? '-on' : ''}.png`);
        await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: 81, height: 81 } });
        console.log(`wrote ${path.relative(ROOT, file)}`);
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
