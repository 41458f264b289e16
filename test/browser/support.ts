/**
 * Browser tests run the preview in headless Chromium (/usr/bin/chromium, the Debian package) against a
 * local cloud in this process with demo data, so a test can act on the screen and then read the
 * database straight from the engine. Without Chromium every suite reports itself skipped.
 *
 *   const env = useBrowser();            // in the describe: starts the cloud and the browser once
 *   const phone = await env.open({ user: DEMO.shopper });
 *   await phone.tap('.tm-product-card');
 *   expect(env.cloud.engine.find('carts', { ... }).total).toBe(1);
 */
import type { Locator, Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, launchChromium, startPreviewCloud, type Chromium, type PreviewCloud } from '../../localcloud/preview/serve';
import { prefixSelector } from '../../localcloud/preview/selectors';
import type { LocalCloud } from '../../localcloud';
import type { ApiName, Req, Res } from '../../typings/api';
import { realConsole } from '../support/quiet-console';

export const HAS_CHROMIUM = chromiumAvailable();

/** `describe`, or `describe.skip` with a reason jest prints, when Chromium is missing. */
export function describeInBrowser(name: string, body: () => void): void {
  if (HAS_CHROMIUM) {
    describe(name, body);
    return;
  }
  const reason = `${CHROMIUM} not found (Debian: apt-get install -y chromium)`;
  realConsole.warn(`[browser tests] SKIPPED "${name}": ${reason}`);
  describe(`${name} (skipped: ${reason})`, () => {
    it.skip('needs Chromium', () => undefined);
  });
}

export interface Phone {
  page: Page;
  /** The visible mini-program page. */
  readonly screen: Locator;
  /** Elements of the visible page matching a selector written with the code's class names. */
  $(selector: string): Locator;
  /** Clicks (a tap in the preview) the first visible match of a selector, or of `text=...`. */
  tap(selector: string): Promise<void>;
  /** The visible page's text, whitespace collapsed. */
  text(selector?: string): Promise<string>;
  /** Waits until the top page is `route` (`pages/cart/cart`). */
  waitForRoute(route: string): Promise<void>;
}

export interface BrowserEnv {
  readonly cloud: LocalCloud;
  readonly url: string;
  readonly pc: PreviewCloud;
  open(options?: { user?: string; page?: string; query?: Record<string, string> }): Promise<Phone>;
}

export function phoneOf(page: Page): Phone {
  const screen = page.locator('#pv-pages > page:not([hidden])');
  const $ = (selector: string) => (selector.startsWith('text=') ? screen.locator(selector) : screen.locator(prefixSelector(selector)));
  return {
    page,
    screen,
    $,
    async tap(selector) {
      await $(selector).first().click();
    },
    async text(selector) {
      const target = selector ? $(selector) : screen;
      return (await target.allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
    },
    async waitForRoute(route) {
      await page.waitForSelector(`body[data-route="${route}"]`);
    },
  };
}

/** Starts one cloud and one browser for the enclosing describe; each `open` gets a fresh tab. */
export function useBrowser(): BrowserEnv {
  let pc: PreviewCloud | null = null;
  let browser: Chromium | null = null;
  const pages: Page[] = [];
  beforeAll(async () => {
    pc = await startPreviewCloud();
    if (pc.seedError) throw pc.seedError;
    browser = await launchChromium();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await pc?.close();
  });
  return {
    get cloud() {
      return (pc as PreviewCloud).cloud;
    },
    get url() {
      return (pc as PreviewCloud).url;
    },
    get pc() {
      return pc as PreviewCloud;
    },
    async open(options = {}) {
      const page = await (browser as Chromium).context.newPage();
      pages.push(page);
      page.on('pageerror', (err) => console.error(`[preview page error] ${err.stack ?? err.message}`));
      // The first page builds the preview's bundle: on a busy machine that outlasts playwright's 30 s default.
      page.setDefaultNavigationTimeout(180_000);
      const params = new URLSearchParams({ still: '1', user: options.user ?? 'o-demo-shopper', ...(options.page ? { page: options.page } : {}), ...(options.query ?? {}) });
      await page.goto(`${(pc as PreviewCloud).url}/preview?${params}`);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
      return phoneOf(page);
    },
  };
}

/** `12800` → `128.00`, as the pages print prices. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * Polls `read` until it equals `expected` (the screen and the database settle asynchronously), then
 * asserts, so a timeout fails with jest's diff of the last value read.
 */
export async function eventually<T>(read: () => T | Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toEqual(expected);
}

/** Calls `function.action` in-process as `openid` (to set the stage for a journey); throws on an error envelope. */
export function as(cloud: LocalCloud, openid: string) {
  return async <K extends ApiName>(name: K, req: Req<K>): Promise<Res<K>> => {
    const [fn, action] = name.split('.');
    const out = (await cloud.invoke(fn, { ...req, action }, { openid })) as { ok: boolean; data?: Res<K>; error?: { code: string; message: string } };
    if (!out.ok) throw new Error(`${name} as ${openid} failed: ${out.error?.code} ${out.error?.message}`);
    return out.data as Res<K>;
  };
}

let keys = 0;
/** A fresh idempotency key. */
export const key = (label: string) => `${label}-${Date.now().toString(36)}-${(keys += 1)}`;
