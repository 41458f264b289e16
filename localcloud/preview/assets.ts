/**
 * Builds what the browser preview serves, once per process: templates compiled by the official wcc
 * compiler (as the page-test harness compiles them), each component's rewritten `.json`, one stylesheet
 * (app and page `.less`, TDesign's `.wxss`; classes prefixed as miniprogram-simulate prefixes them, rpx
 * converted at 750rpx = 375px), and one esbuild bundle for the browser holding miniprogram-simulate,
 * j-component, the preview runtime and every page's and component's script (TypeScript, mobx stores,
 * TDesign's JS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMirror, componentsOf } from './mirror';
import { CLASS_PREFIX } from './selectors';

/* eslint-disable @typescript-eslint/no-require-imports */

export interface PreviewAssets {
  /** `window.__gwx = $gwx`: wcc's output for every template of the mirror. */
  templates: string;
  /** The browser bundle (runtime + simulate + pages and components). */
  bundle: string;
  /** All styles, ready for a `<style>` element. */
  css: string;
  /** Per component (`pages/home/home`, `miniprogram_npm/tdesign-miniprogram/button/button`): its `.json`. */
  components: Record<string, unknown>;
  /** app.json, and each page's own `.json` window settings. */
  /** Every page: app.json's `pages`, then each subpackage's, as routes (`packages/store/product/product`). */
  pages: string[];
  app: { pages: string[]; subpackages?: SubPackage[]; subPackages?: SubPackage[]; window?: Record<string, unknown>; tabBar?: { list: { pagePath: string; text: string }[] } & Record<string, unknown> };
  pageWindows: Record<string, Record<string, unknown>>;
  builtMs: number;
}

interface SubPackage { root: string; pages: string[] }

/** app.json's pages and its subpackages' pages, as routes. */
export function allPages(app: PreviewAssets['app']): string[] {
  const subs = app.subpackages ?? app.subPackages ?? [];
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/+$/, '')}/${p}`))];
}

/** `24rpx` → `12px` (750rpx is the 375px-wide phone). */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/g, (_, n: string) => `${+(Number(n) / 2).toFixed(3)}px`);
}

/** Components reachable from app.json's pages through `usingComponents`, pages first. */
function reachable(mirror: string, pages: string[]): string[] {
  const seen = new Set<string>();
  const visit = (p: string) => {
    if (seen.has(p)) return;
    const file = path.join(mirror, `${p}.json`);
    if (!fs.existsSync(file)) return;
    seen.add(p);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
    for (const target of Object.values(json.usingComponents ?? {})) {
      visit(target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(p), target)));
    }
  };
  pages.forEach(visit);
  return [...seen];
}

/** A stylesheet with its `@import`s inlined once each (TDesign imports its common styles everywhere). */
function withImports(file: string, done: Set<string>): string {
  if (done.has(file) || !fs.existsSync(file)) return '';
  done.add(file);
  const text = fs.readFileSync(file, 'utf8');
  return text.replace(/@import\s+(?:"([^"]+)"|'([^']+)')\s*;/g, (_, a: string, b: string) => withImports(path.resolve(path.dirname(file), a ?? b), done));
}

async function buildCss(root: string, mirror: string, components: string[]): Promise<string> {
  const less = require('less') as { render(src: string, o: object): Promise<{ css: string }> };
  const wxss = require('miniprogram-simulate/src/wxss') as { compile(css: string, o: { prefix: string }): string };
  const source = path.join(root, 'miniprogram');
  const done = new Set<string>();
  const parts: string[] = [];
  const add = async (lessFile: string | null, wxssFile: string | null) => {
    let css = '';
    if (lessFile && fs.existsSync(lessFile)) css = (await less.render(fs.readFileSync(lessFile, 'utf8'), { filename: lessFile })).css;
    else if (wxssFile) css = withImports(wxssFile, done);
    if (css.trim()) parts.push(wxss.compile(css, { prefix: CLASS_PREFIX }));
  };
  await add(path.join(source, 'app.less'), path.join(source, 'app.wxss'));
  // TDesign first, the app's own styles after, so `t-class` overrides win as they do on a device.
  const ordered = [...components.filter((c) => c.startsWith('miniprogram_npm/')), ...components.filter((c) => !c.startsWith('miniprogram_npm/'))];
  for (const c of ordered) {
    const isNpm = c.startsWith('miniprogram_npm/');
    await add(isNpm ? null : path.join(source, `${c}.less`), isNpm ? path.join(mirror, `${c}.wxss`) : path.join(source, `${c}.wxss`));
  }
  // TDesign's icon font is fetched from a CDN; offline it cannot load, and shell.css draws stand-ins.
  return rpxToPx(parts.join('\n')).replace(/@font-face\s*{[^}]*https?:\/\/[^}]*}/g, '');
}

/** The script a component runs: the app's from its TypeScript source, npm ones from the mirror. */
function scriptOf(root: string, mirror: string, component: string): string {
  const bases = component.startsWith('miniprogram_npm/') ? [path.join(mirror, component)] : [path.join(root, 'miniprogram', component)];
  for (const base of bases) for (const ext of ['.ts', '.js']) if (fs.existsSync(base + ext)) return base + ext;
  throw new Error(`no script for component ${component}`);
}

async function buildBundle(root: string, mirror: string, components: string[]): Promise<string> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const runtime = path.join(__dirname.endsWith('.build') ? path.join(root, 'localcloud', 'preview') : __dirname, 'runtime');
  const entry = [
    `import ${JSON.stringify(path.join(runtime, 'boot.ts'))};`,
    'const scripts = {',
    ...components.map((c) => `  ${JSON.stringify(c)}: () => require(${JSON.stringify(scriptOf(root, mirror, c))}),`),
    '};',
    `require(${JSON.stringify(path.join(runtime, 'app.ts'))}).start(scripts, () => require(${JSON.stringify(path.join(root, 'miniprogram', 'app.ts'))}));`,
  ].join('\n');
  const simulateSrc = path.dirname(require.resolve('miniprogram-simulate/src/index.js'));
  const out = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'preview-entry.js', loader: 'js' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [
      {
        name: 'preview',
        setup(build) {
          // Node's `path` for simulate and j-component: the posix subset they use.
          build.onResolve({ filter: /^path$/ }, () => ({ path: path.join(runtime, 'path-shim.ts') }));
          build.onResolve({ filter: /^fs$/ }, () => ({ path: path.join(runtime, 'empty.ts') }));
          // Styles are served as one stylesheet; simulate's own wxss pipeline (postcss, less) stays out.
          build.onResolve({ filter: /^\.\/wxss$/ }, (args) => (args.resolveDir === simulateSrc ? { path: path.join(runtime, 'wxss-stub.ts') } : undefined));
          // j-component and simulate map `Nrpx` to `Npx`; a phone 375px wide needs half that.
          build.onLoad({ filter: /(j-component[\\/]src[\\/]tool|miniprogram-simulate[\\/]src)[\\/]utils\.js$/ }, (args) => ({
            contents: fs
              .readFileSync(args.path, 'utf8')
              .replace("style.replace(/(\\d+)rpx/ig, '$1px')", "style.replace(/(-?\\d*\\.?\\d+)rpx/ig, (_, n) => (+(n / 2).toFixed(3)) + 'px')"),
            loader: 'js',
          }));
        },
      },
    ],
  });
  return out.outputFiles[0].text;
}

/** Builds everything in a scratch mirror under `<root>/.tmp/` and removes it afterwards. */
export async function buildPreviewAssets(root: string): Promise<PreviewAssets> {
  const started = Date.now();
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const mirror = buildMirror(root, fs.mkdtempSync(path.join(root, '.tmp', 'preview-')));
  try {
    const app = JSON.parse(fs.readFileSync(path.join(root, 'miniprogram', 'app.json'), 'utf8')) as PreviewAssets['app'];
    const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, o: object): string };
    const templates = `window.__gwx = (function () {\n${compiler.wxmlToJs(mirror, { maxBuffer: 64 * 1024 * 1024 })}\n})();`;
    const pages = allPages(app).filter((p) => fs.existsSync(path.join(mirror, `${p}.json`)));
    const components = reachable(mirror, pages);
    const json: Record<string, unknown> = {};
    for (const c of componentsOf(mirror)) if (components.includes(c)) json[c] = JSON.parse(fs.readFileSync(path.join(mirror, `${c}.json`), 'utf8'));
    const pageWindows: Record<string, Record<string, unknown>> = {};
    for (const p of pages) {
      const { usingComponents: _u, ...window } = json[p] as Record<string, unknown>;
      pageWindows[p] = window;
    }
    const [css, bundle] = await Promise.all([buildCss(root, mirror, components), buildBundle(root, mirror, components)]);
    return { templates, bundle, css, components: json, pages, app, pageWindows, builtMs: Date.now() - started };
  } finally {
    fs.rmSync(mirror, { recursive: true, force: true });
  }
}
