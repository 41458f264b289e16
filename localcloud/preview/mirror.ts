/**
 * The mini-program as WeChat's tools see it, in a scratch folder: `miniprogram_npm/` packed from
 * node_modules (scripts/pack-npm.js), every component's `.json` with npm-style `usingComponents`
 * (`tdesign-miniprogram/button/button`) rewritten to `/miniprogram_npm/...` and app.json's global
 * `usingComponents` merged in (as WeChat does), and the `.wxml`/`.wxs`/`.wxss` files copied. The
 * official wcc compiler compiles a mirror in one go. Shared by the browser preview and the page-test
 * harness (test/support/simulate.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packNpm } = require('../../scripts/pack-npm.js') as { packNpm: (o: { root: string; outDir: string }) => unknown };

/** npm-style component paths resolve in `miniprogram_npm/`, as WeChat resolves them. */
export function resolveUsing(value: string): string {
  if (value.startsWith('/') || value.startsWith('.') || value.startsWith('plugin://')) return value;
  return `/miniprogram_npm/${value}`;
}

/** Copies templates and rewritten component `.json` files from `from` into `to` (scripts and styles stay). */
export function mirrorApp(from: string, to: string, globalUsing: Record<string, string>): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'miniprogram_npm' && entry.name !== 'node_modules') mirrorApp(source, target, globalUsing);
    } else if (/\.(wxml|wxs|wxss)$/.test(entry.name)) {
      fs.copyFileSync(source, target);
    } else if (entry.name.endsWith('.json') && fs.existsSync(source.replace(/\.json$/, '.wxml'))) {
      const json = JSON.parse(fs.readFileSync(source, 'utf8'));
      const using: Record<string, string> = { ...globalUsing, ...(json.usingComponents ?? {}) };
      json.usingComponents = Object.fromEntries(Object.entries(using).map(([tag, p]) => [tag, resolveUsing(p)]));
      fs.writeFileSync(target, JSON.stringify(json));
    }
  }
}

/** Builds a mirror of `<root>/miniprogram` in `dir` (created if missing); returns `dir`. */
export function buildMirror(root: string, dir: string): string {
  const source = path.join(root, 'miniprogram');
  packNpm({ root, outDir: path.join(dir, 'miniprogram_npm') });
  const appJson = JSON.parse(fs.readFileSync(path.join(source, 'app.json'), 'utf8')) as { usingComponents?: Record<string, string> };
  mirrorApp(source, dir, appJson.usingComponents ?? {});
  return dir;
}

/** Every component or page of a mirror (a `.json` beside a `.wxml`), as a path without extension, `/`-separated. */
export function componentsOf(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...componentsOf(dir, rel));
    else if (entry.name.endsWith('.json') && fs.existsSync(path.join(dir, rel.replace(/\.json$/, '.wxml')))) out.push(rel.replace(/\.json$/, ''));
  }
  return out.sort();
}
