/**
 * What the screenshots script and the browser tests share: a local cloud in this process (memory only,
 * demo data) serving the console and the preview on a free port, and headless Chromium from the system
 * package with a fresh profile. Never downloads a browser: without /usr/bin/chromium callers skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalCloud, type LocalCloud } from '../index';
import { createHttpServer } from '../server';
import { seedDemoData } from '../seed';
import { consoleRoutes } from '../console';
import { previewRoutes, PreviewBuilder } from './index';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface PreviewCloud {
  cloud: LocalCloud;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The seed's ids, or null when the seed failed (seedError says why). */
  ids: Record<string, string> | null;
  seedError: Error | null;
  close(): Promise<void>;
}

/** Starts an in-memory local cloud with demo data and the console and preview routes on a free port. */
export async function startPreviewCloud(options: { seed?: boolean; builder?: PreviewBuilder } = {}): Promise<PreviewCloud> {
  const cloud = createLocalCloud({ dataDir: null });
  let ids: Record<string, string> | null = null;
  let seedError: Error | null = null;
  if (options.seed !== false) {
    try {
      ids = await seedDemoData(cloud);
    } catch (err) {
      // Parts of the seed depend on admin actions still being built: render whatever did get created.
      seedError = err as Error;
    }
  }
  const server = createHttpServer(cloud, [previewRoutes(cloud, options.builder), consoleRoutes(cloud)]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    cloud,
    url: `http://127.0.0.1:${port}`,
    ids,
    seedError,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cloud.close();
    },
  };
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile in a temporary folder, removed on close. */
export async function launchChromium(): Promise<Chromium> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tuanmall-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 900, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
