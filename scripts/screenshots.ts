/**
 * `npm run screenshots`: every page of app.json (main package and subpackages) rendered in the browser
 * preview against a fresh local cloud with demo data (the back-office as the operator, staff pages as the
 * clerk, the live console as the host, the rest as the shopper), one PNG per page in
 * docs/screens/<page>.png (`pages/home/home` → home.png, `packages/store/product/product` →
 * packages-store-product.png), plus the console (console.png, console-calls.png).
 * Needs /usr/bin/chromium (Debian: apt-get install -y chromium); never downloads a browser.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../localcloud';
import { DEMO } from '../localcloud/seed';
import { allPages } from '../localcloud/preview/assets';
import { chromiumAvailable, CHROMIUM, launchChromium, startPreviewCloud, type PreviewCloud } from '../localcloud/preview/serve';
import { CLASS_PREFIX } from '../localcloud/preview/selectors';

const OUT = join(PROJECT_ROOT, 'docs', 'screens');

/** `pages/home/home` → `home`; `packages/store/product/product` → `packages-store-product`. */
export function screenName(route: string): string {
  return route.replace(/\/[^/]+$/, '').replace(/^pages\//, '').replace(/\//g, '-');
}

/**
 * Who looks at a page in its picture: the back-office as the operator, staff pages as the clerk, the live
 * console as the host, else the shopper.
 */
function viewerOf(route: string): string {
  if (route.startsWith('packages/admin/')) return DEMO.admin;
  if (route.startsWith('packages/staff/')) return DEMO.clerk;
  if (route.startsWith('packages/live/console')) return DEMO.host;
  return DEMO.shopper;
}

/** Query parameters a detail page may need, from the seed and the data the shopper just made. */
async function sampleQuery(pc: PreviewCloud): Promise<Record<string, string>> {
  const q: Record<string, string> = {};
  const first = (coll: string, query: object = {}) => {
    // Newest first: the staged order and group rather than whatever the seed made.
    try {
      return pc.cloud.engine.find(coll, query, { limit: 1, sort: { createdAt: -1 } }).docs[0] as Record<string, unknown> | undefined;
    } catch {
      return undefined; // the collection may not exist yet
    }
  };
  const product = first('products');
  if (product) q.productId = String(product._id);
  for (const [key, coll] of [['campaignId', 'group_campaigns'], ['groupId', 'groups'], ['orderId', 'orders'], ['roomId', 'live_rooms'], ['couponId', 'coupons']] as const) {
    const doc = first(coll);
    if (doc) q[key] = String(doc._id);
  }
  for (const [k, v] of Object.entries(pc.ids ?? {})) if (!(k in q) && typeof v === 'string') q[k] = v;
  return q;
}

/**
 * Gives the shopper something to look at, best effort (parts may not be built yet): two cart lines, a
 * paid order, a forming group the shopper leads, and the demo live room on air.
 */
async function stageShopper(pc: PreviewCloud): Promise<void> {
  const call = async (name: string, req: Record<string, unknown>, openid: string = DEMO.shopper) => {
    const [fn, action] = name.split('.');
    const out = (await pc.cloud.invoke(fn, { ...req, action }, { openid })) as { ok: boolean; data?: Record<string, unknown>; error?: unknown };
    if (!out.ok) throw new Error(`${name}: ${JSON.stringify(out.error)}`);
    return out.data as Record<string, unknown>;
  };
  const steps: [string, () => Promise<unknown>][] = [
    ['login', () => call('user.login', {})],
    ['cart', async () => {
      for (const p of pc.cloud.engine.find('products', {}, { limit: 2 }).docs as { skuIds?: string[] }[]) {
        if (p.skuIds?.[0]) await call('cart.add', { skuId: p.skuIds[0], quantity: 1 });
      }
    }],
    ['order', async () => {
      const [p] = pc.cloud.engine.find('products', { title: '四季茶礼' }, { limit: 1 }).docs as { skuIds: string[] }[];
      const order = await call('order.create', { items: [{ skuId: p.skuIds[0], quantity: 1 }], address: { name: '张三', phone: '13800138000', region: '上海市黄浦区', detail: '南京东路 100 号' }, idempotencyKey: 'screens-order' });
      await pc.cloud.pay.notifyPayment((order.payment as { outTradeNo: string }).outTradeNo, 'SUCCESS');
    }],
    ['group', async () => {
      const [campaign] = pc.cloud.engine.find('group_campaigns', {}, { limit: 1 }).docs;
      const opened = await call('groupbuy.open', { campaignId: campaign._id, idempotencyKey: 'screens-group' });
      await pc.cloud.pay.notifyPayment((opened.payment as { outTradeNo: string }).outTradeNo, 'SUCCESS');
    }],
    ['after-sale', async () => {
      // A second order, shipped by the operator, that the shopper asks to refund: the back-office has a request to review.
      const [p] = pc.cloud.engine.find('products', {}, { limit: 1, skip: 1 }).docs as { skuIds: string[] }[];
      const order = await call('order.create', { items: [{ skuId: p.skuIds[0], quantity: 1 }], address: { name: '李四', phone: '13900139000', region: '浙江省杭州市西湖区', detail: '文三路 90 号' }, idempotencyKey: 'screens-aftersale' });
      await pc.cloud.pay.notifyPayment((order.payment as { outTradeNo: string }).outTradeNo, 'SUCCESS');
      await call('admin.ship', { orderId: order.orderId, carrier: '顺丰速运', trackingNo: 'SF1400218866' }, DEMO.admin);
      await call('order.refund', { orderId: order.orderId, reason: '包装破损' });
    }],
    ['live room', async () => {
      const [room] = pc.cloud.engine.find('live_rooms', {}, { limit: 1 }).docs;
      await call('live.setStatus', { roomId: room._id, status: 'live' }, DEMO.host);
      // The host presents the room's first product: the audience sees its bubble.
      const { productIds } = room as { productIds: string[] };
      await call('live.pushGoods', { roomId: room._id, productId: productIds[0] }, DEMO.host);
      // And has the second one planned half an hour ahead: the console's plan lists it by title.
      await call('live.schedulePush', { roomId: room._id, productId: productIds[1], at: Date.now() + 30 * 60_000 }, DEMO.host);
    }],
  ];
  for (const [what, step] of steps) {
    await step().catch((err: Error) => console.warn(`[screenshots] could not stage ${what}: ${err.message}`));
  }
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    console.error(`[screenshots] ${CHROMIUM} not found. Install the Debian package: apt-get update && apt-get install -y chromium`);
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const pc = await startPreviewCloud();
  if (pc.seedError) console.warn(`[screenshots] seed stopped early, rendering what exists: ${pc.seedError.message}`);
  await stageShopper(pc);
  const app = JSON.parse(readFileSync(join(PROJECT_ROOT, 'miniprogram', 'app.json'), 'utf8'));
  const query = await sampleQuery(pc);
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    const page = await browser.context.newPage();
    page.on('pageerror', (err) => console.warn(`[screenshots] page error: ${err.message}`));
    // The first page builds the preview's bundle; on a busy machine that takes longer than playwright's 30 s.
    page.setDefaultNavigationTimeout(180_000);
    // SCREENS=home,packages-store-product renders only those (while working on a page).
    const only = process.env.SCREENS ? process.env.SCREENS.split(',') : null;
    const tapClass = only ? process.env.SCREEN_TAP : undefined;
    // SCREEN_FULL=1 also shoots each page at its whole height (`<page>--full.png`, to look below the fold);
    // SCREEN_USER=o-someone shows the pages to another user (an empty cart, no orders). Both while working on a page.
    const full = only ? process.env.SCREEN_FULL === '1' : false;
    const user = only ? process.env.SCREEN_USER : undefined;
    // SCREEN_QUERY=tab=mine adds to the pages' query (a tab, a mode).
    const extra = only && process.env.SCREEN_QUERY ? Object.fromEntries(new URLSearchParams(process.env.SCREEN_QUERY)) : {};
    for (const route of allPages(app).filter((r) => !only || only.includes(screenName(r)))) {
      const params = new URLSearchParams({ still: '1', user: user ?? viewerOf(route), page: route, ...query, ...extra });
      await page.goto(`${pc.url}/preview?${params}`, { timeout: 120_000 }); // the first load builds the bundle
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400); // transitions and images settle
      const file = join(OUT, `${screenName(route)}.png`);
      await page.locator('#pv-phone').screenshot({ path: file });
      written.push(file);
      if (full) {
        const grow = await page.evaluate(() => {
          const shown = document.querySelector<HTMLElement>('#pv-pages > page:not([hidden])');
          return shown ? Math.max(0, shown.scrollHeight - shown.clientHeight) : 0;
        });
        await page.evaluate((extra) => { document.getElementById('pv-phone')!.style.height = `${812 + extra}px`; }, grow);
        await page.waitForTimeout(200);
        const tall = join(OUT, `${screenName(route)}--full.png`);
        await page.locator('#pv-phone').screenshot({ path: tall });
        written.push(tall);
        await page.evaluate(() => { document.getElementById('pv-phone')!.style.height = ''; });
      }
      if (tapClass) {
        // SCREEN_TAP=tm-product__add also shoots the page after a tap on that element (e.g. an open popup).
        await page.locator(`#pv-phone .${CLASS_PREFIX}--${tapClass}`).first().click();
        await page.waitForTimeout(800); // the popup's transition
        const tapped = join(OUT, `${screenName(route)}--${tapClass}.png`);
        await page.locator('#pv-phone').screenshot({ path: tapped });
        written.push(tapped);
      }
    }
    if (only) return;
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto(`${pc.url}/#data`);
    await page.click('[data-coll="products"]');
    await page.waitForSelector('#docs pre');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(0, 0); // no hover highlight in the picture
    await page.screenshot({ path: join(OUT, 'console.png') });
    await page.goto(`${pc.url}/#calls`);
    await page.waitForSelector('#calls tr td.mono');
    await page.screenshot({ path: join(OUT, 'console-calls.png') });
    written.push(join(OUT, 'console.png'), join(OUT, 'console-calls.png'));
  } finally {
    await browser.close();
    await pc.close();
  }
  console.log(`[screenshots] wrote ${written.length} files to docs/screens/`);
}

main().catch((err) => {
  console.error('[screenshots] failed:', err);
  process.exit(1);
});
