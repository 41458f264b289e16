#!/usr/bin/env node
/**
 * Builds `miniprogram/miniprogram_npm/` offline, the way WeChat DevTools' "构建 npm" does for our
 * mini-program dependencies, so a fresh clone opens in DevTools and the page tests find their
 * components without anyone pressing a button.
 *
 * For every entry of package.json `dependencies`:
 * - a package with a `miniprogram` field (tdesign-miniprogram → `miniprogram_dist`,
 *   mobx-miniprogram-bindings → `dist`) has that folder copied to `miniprogram_npm/<name>/`;
 * - a package without one whose `main` is a single self-contained file (mobx-miniprogram's
 *   `dist/mobx.cjs.production.min.js` requires nothing) has it copied as `miniprogram_npm/<name>/index.js`,
 *   which is what DevTools' bundler would produce for it;
 * - anything else (wx-server-sdk: a server package whose main requires node modules) is skipped:
 *   it does not belong in the mini-program.
 *
 * Idempotent and fast: a stamp file records the name@version of each packed package and a package is
 * copied again only when its version changed. Plain Node, no dependencies: it runs in `postinstall`.
 *
 * Usage: `node scripts/pack-npm.js [--out <dir>] [--force]` (default out: `miniprogram/miniprogram_npm`).
 */
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = '.pack-npm.json';

/** @returns {{name: string, version: string, dir: string, pkg: any}} */
function readDependency(root, name) {
  const dir = path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { name, version: pkg.version, dir, pkg };
}

/** A main file that requires nothing can be used as the packed `index.js` unchanged. */
function selfContainedMain(dep) {
  const main = path.join(dep.dir, dep.pkg.main || 'index.js');
  const file = fs.existsSync(main) ? main : `${main}.js`;
  if (!fs.existsSync(file)) return null;
  const source = fs.readFileSync(file, 'utf8');
  return /\brequire\s*\(/.test(source) || /^\s*import\s/m.test(source) ? null : file;
}

/**
 * Decides how one dependency is packed.
 * @returns {{kind: 'dir', from: string} | {kind: 'main', from: string} | {kind: 'skip', why: string}}
 */
function planFor(dep) {
  if (typeof dep.pkg.miniprogram === 'string') {
    const from = path.join(dep.dir, dep.pkg.miniprogram);
    if (fs.existsSync(from)) return { kind: 'dir', from };
    return { kind: 'skip', why: `its "miniprogram" folder ${dep.pkg.miniprogram} is missing` };
  }
  const main = selfContainedMain(dep);
  if (main) return { kind: 'main', from: main };
  return { kind: 'skip', why: 'not a mini-program package (no "miniprogram" field, main requires other modules)' };
}

function readStamp(outDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, STAMP), 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Packs the dependencies of `<root>/package.json` into `outDir`.
 * @param {{root?: string, outDir?: string, force?: boolean, log?: (line: string) => void}} [options]
 * @returns {{packed: string[], upToDate: string[], skipped: string[]}}
 */
function packNpm(options = {}) {
  const root = options.root || ROOT;
  const outDir = options.outDir || path.join(root, 'miniprogram', 'miniprogram_npm');
  const log = options.log || (() => {});
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const stamp = options.force ? {} : readStamp(outDir);
  const nextStamp = {};
  const result = { packed: [], upToDate: [], skipped: [] };

  fs.mkdirSync(outDir, { recursive: true });
  for (const name of Object.keys(pkg.dependencies || {})) {
    const dep = readDependency(root, name);
    const plan = planFor(dep);
    const target = path.join(outDir, name);
    if (plan.kind === 'skip') {
      result.skipped.push(name);
      log(`pack-npm: skip ${name}: ${plan.why}`);
      continue;
    }
    const id = `${name}@${dep.version}`;
    nextStamp[name] = id;
    if (stamp[name] === id && fs.existsSync(target)) {
      result.upToDate.push(id);
      continue;
    }
    fs.rmSync(target, { recursive: true, force: true });
    if (plan.kind === 'dir') {
      fs.cpSync(plan.from, target, { recursive: true });
    } else {
      fs.mkdirSync(target, { recursive: true });
      fs.copyFileSync(plan.from, path.join(target, 'index.js'));
    }
    result.packed.push(id);
    log(`pack-npm: ${id} → ${path.relative(root, target)}`);
  }
  // Packages dropped from dependencies leave the folder too.
  for (const name of Object.keys(stamp)) {
    if (!(name in nextStamp)) fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(outDir, STAMP), `${JSON.stringify(nextStamp, null, 2)}\n`);
  return result;
}

module.exports = { packNpm };

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const started = Date.now();
  const result = packNpm({
    outDir: outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined,
    force: args.includes('--force'),
    log: (line) => console.log(line),
  });
  console.log(
    `pack-npm: ${result.packed.length} packed, ${result.upToDate.length} up to date, ` +
      `${result.skipped.length} skipped in ${Date.now() - started} ms`,
  );
}
