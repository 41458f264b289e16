/**
 * Loading a function folder as the platform does, with every `require('wx-server-sdk')` of it bound to
 * the local cloud's patched SDK: from `index.js`, from its sub-modules (the DevTools `quickstartFunctions`
 * template and every router built like it), and from packages in its own `node_modules` — even when the
 * folder ships its own copy of `wx-server-sdk`, which would have no context and no database.
 *
 * Every file of the folder (its packages too) is compiled in this realm, so it shares the local cloud's
 * globals (its clock, its `process.env` view), and `require('wx-server-sdk')` is answered before any
 * resolution. Each load has its own module cache, so each local cloud gets fresh modules (a cold start).
 * What resolves outside the folder is loaded by the host's `require`. Not covered: native addons (`.node`)
 * inside the folder, which Node loads itself (their own requires of the SDK would not be redirected).
 */
import { createRequire } from 'node:module';
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
const inside = (file: string, dir: string) => file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Loads `entry` (a function's index.js) and, through its requires, every file of `dir` it uses. */
export function loadFunctionModule(dir: string, entry: string, sdk: unknown): Exports {
  const cache = new Map<string, LocalModule>();

  const load = (file: string, parent?: LocalModule): LocalModule => {
    const hit = cache.get(file);
    if (hit) return hit;
    const native = createRequire(file);
    const mod: LocalModule = { exports: {}, id: file, filename: file, loaded: false, children: [], parent, path: dirname(file), require: undefined as unknown as NodeRequire };
    const req = ((id: string) => {
      if (isSdk(id)) return sdk;
      const resolved = native.resolve(id);
      if (!inside(resolved, dir)) return native(id);
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
