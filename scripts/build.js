#!/usr/bin/env node
/**
 * Builds what runs: each cloud function's TypeScript (`cloudfunctions/<name>/index.ts`) into a deployable
 * `index.js` bundle (wx-server-sdk external, shared domain/server code bundled in), checks each function's
 * package.json pins wx-server-sdk exactly, and bundles the local cloud's entry points into `.build/`.
 * Usage: node scripts/build.js [--functions] [--tools]   (default: both)
 */
const { buildSync } = require('esbuild');
const { existsSync, readdirSync, readFileSync, writeFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const all = !args.has('--functions') && !args.has('--tools');
const sdkVersion = require(join(root, 'package.json')).devDependencies['wx-server-sdk'];
if (!/^\d+\.\d+\.\d+$/.test(sdkVersion)) throw new Error(`wx-server-sdk must be pinned exactly in package.json, found ${sdkVersion}`);

function functionsRoot() {
  const project = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8'));
  return join(root, project.cloudfunctionRoot || 'cloudfunctions');
}

function buildFunctions() {
  const dir = functionsRoot();
  const built = [];
  for (const name of readdirSync(dir).sort()) {
    const fnDir = join(dir, name);
    if (!statSync(fnDir).isDirectory() || !existsSync(join(fnDir, 'index.ts'))) continue;
    buildSync({
      entryPoints: [join(fnDir, 'index.ts')],
      outfile: join(fnDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      legalComments: 'none',
      logLevel: 'warning',
      banner: { js: `// Built from cloudfunctions/${name}/index.ts by scripts/build.js. Do not edit.` },
    });
    const pkgFile = join(fnDir, 'package.json');
    const pkg = { name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } };
    const text = JSON.stringify(pkg, null, 2) + '\n';
    if (!existsSync(pkgFile) || readFileSync(pkgFile, 'utf8') !== text) writeFileSync(pkgFile, text);
    if (!existsSync(join(fnDir, 'config.json'))) throw new Error(`cloudfunctions/${name}/config.json is missing`);
    built.push(name);
  }
  return built;
}

function buildTools() {
  const entries = { localcloud: 'localcloud/main.ts', bench: 'bench/index.ts', screenshots: 'scripts/screenshots.ts', deploy: 'scripts/deploy/main.ts' };
  const built = [];
  for (const [out, entry] of Object.entries(entries)) {
    if (!existsSync(join(root, entry))) continue;
    buildSync({
      entryPoints: [join(root, entry)],
      outfile: join(root, '.build', `${out}.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    built.push(out);
  }
  return built;
}

const fns = all || args.has('--functions') ? buildFunctions() : [];
const tools = all || args.has('--tools') ? buildTools() : [];
if (!process.env.QUIET_BUILD) console.log(`built ${fns.length} functions${tools.length ? ` and ${tools.join(', ')}` : ''}`);
