/**
 * Loading a function folder as the platform does, with every `require('wx-server-sdk')` of it bound to
 * the local cloud's patched SDK: from `index.js`, from its sub-modules (the DevTools `quickstartFunctions`
 * template and every router built like it), and from packages in its own `node_modules` — even when the
 * folder ships its own copy of `wx-server-sdk`, which would have no context and no database.
 *
 * The function's own files are compiled in this realm (so they share the local cloud's globals: its clock,
 * its `process.env` view) with a module cache per host, so each local cloud gets fresh modules (a cold
 * start). Packages are loaded by Node; a hook on `Module._load` redirects their requests for the SDK.
 */
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, extname, sep } from 'node:path';

type Exports = Record<string, unknown>;
interface LocalModule {
  exports: Exports;
  id: string;
  filename: string;
  loaded: boolean;
  children: LocalModule[];
  parent?: LocalModule;
  require: NodeRequire;
  path: string;
}

const SDK = 'wx-server-sdk';
const isSdk = (id: string) => id === SDK || id === `${SDK}/index` || id === `${SDK}/index.js`;
const inside = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Function folders → the SDK their requires get; shared by every copy of this module in the process. */
interface Registry { dirs: Map<string, unknown> }
type Hookable = typeof Module & { _load: (request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown; [k: symbol]: Registry | undefined };
const REGISTRY = Symbol.for('tuanmall.localcloud.sdkDirs');

function registry(): Registry {
  const M = Module as Hookable;
  let reg = M[REGISTRY];
  if (!reg) {
    reg = { dirs: new Map() };
    M[REGISTRY] = reg;
    const original = M._load;
    const hooked = reg;
    M._load = function (request, parent, isMain) {
      if (isSdk(request) && parent?.filename) {
        for (const [dir, sdk] of hooked.dirs) if (inside(parent.filename, dir)) return sdk;
      }
      return original.call(this, request, parent, isMain);
    };
  }
  return reg;
}

/** True for a file of the function itself (not of a package it depends on). */
function ownFile(file: string, dir: string): boolean {
  return inside(file, dir) && !file.slice(dir.length).split(sep).includes('node_modules');
}

/**
 * Loads `entry` (a function's index.js) with its own files compiled in this realm. Node's cached copies
 * of the folder's packages are dropped first, so they too see this host's SDK.
 */
export function loadFunctionModule(dir: string, entry: string, sdk: unknown): Exports {
  registry().dirs.set(dir, sdk);
  const nativeCache = (createRequire(entry) as NodeRequire).cache;
  for (const key of Object.keys(nativeCache)) if (inside(key, dir)) delete nativeCache[key];
  const cache = new Map<string, LocalModule>();

  const load = (file: string, parent?: LocalModule): LocalModule => {
    const hit = cache.get(file);
    if (hit) return hit;
    const native = createRequire(file);
    const mod: LocalModule = { exports: {}, id: file, filename: file, loaded: false, children: [], parent, path: dirname(file), require: undefined as unknown as NodeRequire };
    const req = ((id: string) => {
      if (isSdk(id)) return sdk;
      const resolved = native.resolve(id);
      if (!ownFile(resolved, dir)) return native(id);
      return load(resolved, mod).exports;
    }) as NodeRequire;
    req.resolve = native.resolve;
    req.cache = native.cache;
    req.main = undefined;
    mod.require = req;
    cache.set(file, mod);
    parent?.children.push(mod);
    const ext = extname(file);
    if (ext === '.json') mod.exports = JSON.parse(readFileSync(file, 'utf8')) as Exports;
    else if (ext === '.js' || ext === '.cjs' || ext === '') {
      const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
      const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', `${source}\n//# sourceURL=${file}`);
      try {
        wrapper.call(mod.exports, mod.exports, req, mod, file, dirname(file));
      } catch (e) {
        cache.delete(file);
        throw e;
      }
    } else mod.exports = native(file) as Exports;
    mod.loaded = true;
    return mod;
  };
  return load(entry).exports;
}
