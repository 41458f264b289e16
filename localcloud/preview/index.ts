/**
 * `/preview`: the mini-program in a phone-sized frame in any browser, against this local cloud.
 * Assets are built on first request and again when a file under miniprogram/ changes.
 *
 *   /preview?user=o-demo-clerk&page=pages/me/me&still=1   (still: no autoplay, for screenshots)
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../server';
import { PROJECT_ROOT, type LocalCloud } from '../index';
import { buildPreviewAssets, type PreviewAssets } from './assets';

/** The identities the toolbar offers (the seed's demo users). */
export const PREVIEW_USERS = [
  { openid: 'o-demo-shopper', label: '顾客 o-demo-shopper' },
  { openid: 'o-demo-clerk', label: '店员 o-demo-clerk' },
  { openid: 'o-admin', label: '运营 o-admin' },
];

const PREVIEW_DIR = join(PROJECT_ROOT, 'localcloud', 'preview');
const SOURCE = join(PROJECT_ROOT, 'miniprogram');

function latestChange(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? latestChange(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/** Builds once, rebuilds when the mini-program's sources changed since the last build. */
export class PreviewBuilder {
  private built: Promise<PreviewAssets> | null = null;
  private builtAt = 0;

  assets(checkSources = false): Promise<PreviewAssets> {
    if (this.built && checkSources && latestChange(SOURCE) > this.builtAt) this.built = null;
    if (!this.built) {
      this.builtAt = Date.now();
      this.built = buildPreviewAssets(PROJECT_ROOT);
      this.built.catch(() => {
        this.built = null;
      });
    }
    return this.built;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, cache = false): true {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': cache ? 'max-age=3600' : 'no-store' });
  res.end(body);
  return true;
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

/** A deterministic placeholder for a remote image (the machine is offline): a tinted square with its name. */
export function placeholderSvg(src: string): string {
  const hash = createHash('md5').update(src).digest();
  const hue = hash[0] * 360 / 256;
  const seed = /\/seed\/([^/]+)/.exec(src)?.[1] ?? src.split('/').filter(Boolean).pop() ?? 'image';
  const label = seed.replace(/[<&>"]/g, '').slice(0, 18);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,82%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},65%,62%)"/></linearGradient></defs><rect width="600" height="600" fill="url(#g)"/><circle cx="300" cy="260" r="90" fill="rgba(255,255,255,.45)"/><text x="300" y="440" font-family="sans-serif" font-size="44" text-anchor="middle" fill="rgba(0,0,0,.45)">${label}</text></svg>`;
}

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp' };

function page(assets: PreviewAssets, url: URL): string {
  const user = url.searchParams.get('user') ?? 'o-demo-shopper';
  const route = (url.searchParams.get('page') ?? assets.app.tabBar?.list[0]?.pagePath ?? assets.pages[0]).replace(/^\//, '');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!['user', 'page', 'still'].includes(k)) query[k] = v;
  const config = {
    app: assets.app,
    pages: assets.pages,
    pageWindows: assets.pageWindows,
    components: assets.components,
    user,
    users: PREVIEW_USERS.some((u) => u.openid === user) ? PREVIEW_USERS : [...PREVIEW_USERS, { openid: user, label: user }],
    start: { route, query },
    still: url.searchParams.has('still'),
  };
  const html = readFileSync(join(PREVIEW_DIR, 'preview.html'), 'utf8');
  return html.replace('/*CONFIG*/', `window.__PREVIEW__ = ${JSON.stringify(config).replace(/</g, '\\u003c')};`);
}


export function previewRoutes(cloud: LocalCloud, builder = new PreviewBuilder()): Route {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (req.method !== 'GET') return false;
    if (path === '/preview' || path === '/preview/') {
      let assets: PreviewAssets;
      try {
        assets = await builder.assets(true);
      } catch (err) {
        // A page that does not compile is the developer's next thing to fix: show why, in the browser.
        console.error('[preview] build failed', err);
        return send(res, 500, 'text/plain; charset=utf-8', `The preview could not be built:\n\n${(err as Error).stack ?? String(err)}`);
      }
      return send(res, 200, 'text/html; charset=utf-8', page(assets, url));
    }
    if (path === '/preview/templates.js') return send(res, 200, 'text/javascript; charset=utf-8', (await builder.assets()).templates);
    if (path === '/preview/bundle.js') return send(res, 200, 'text/javascript; charset=utf-8', (await builder.assets()).bundle);
    if (path === '/preview/app.css') return send(res, 200, 'text/css; charset=utf-8', (await builder.assets()).css);
    if (path === '/preview/shell.css') return send(res, 200, 'text/css; charset=utf-8', readFileSync(join(PREVIEW_DIR, 'shell.css')));
    if (path === '/preview/img') return send(res, 200, 'image/svg+xml', placeholderSvg(url.searchParams.get('src') ?? ''), true);
    if (path.startsWith('/preview/files/')) {
      const file = normalize(join(SOURCE, decodeURIComponent(path.slice('/preview/files/'.length))));
      const type = IMAGE_TYPES[extname(file).toLowerCase()];
      if (!file.startsWith(SOURCE) || !type || !existsSync(file)) return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, type, readFileSync(file));
    }
    const m = /^\/_local\/preview\/payments\/([A-Za-z0-9_-]+)$/.exec(path);
    if (m) {
      const p = cloud.state.paymentByPrepayId(m[1]);
      return p ? json(res, 200, { outTradeNo: p.outTradeNo, totalFee: p.totalFee, body: p.body, state: p.state }) : json(res, 404, { errCode: 'NOT_FOUND', errMsg: `no payment with prepay_id ${m[1]}` });
    }
    return false;
  };
}
