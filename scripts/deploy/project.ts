/**
 * What the repository declares: every collection of `database.json` (indexes, security rule) and every
 * function folder (its built package and `config.json`). Reading is the only impure part; the result is
 * plain data for `plan.ts`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface IndexSpec {
  name: string;
  /** Field → 1 (ascending) or -1 (descending), in key order. */
  keys: Record<string, 1 | -1>;
  unique: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
  /** The custom security rule, e.g. `{ read: false, write: false }` (server-only). */
  rules: Record<string, unknown>;
}

export interface TimerSpec {
  name: string;
  type: 'timer';
  /** 7-field cron, as in config.json. */
  config: string;
}

export interface FunctionSpec {
  name: string;
  /** Seconds. */
  timeout: number;
  runtime: string;
  triggers: TimerSpec[];
  /** Names of environment variables the function reads; values come from the deploying process's environment. */
  env: string[];
  /** sha256 over the uploaded files (path and content), the version marker kept in the function's description. */
  codeSha256: string;
  /** The files that are uploaded, relative to the function folder. */
  files: string[];
}

export interface ProjectSpec {
  appid: string;
  functionsRoot: string;
  collections: CollectionSpec[];
  functions: FunctionSpec[];
}

/** Bundles target node16 (scripts/build.js); the platform's runtime is chosen at creation only. */
export const DEFAULT_RUNTIME = 'Nodejs16.13';
/** WeChat's default is 3 s, too short for a timer's batch; config.json may say otherwise. */
export const DEFAULT_TIMEOUT = 20;
/** Sources, maps and local installs stay home: the package is the built `index.js`, `package.json` and `config.json`. */
export const PACKAGE_IGNORE = ['**/*.ts', '**/*.map', 'node_modules', 'node_modules/**'];

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export class ProjectError extends Error {}

function isIgnored(rel: string): boolean {
  return rel.endsWith('.ts') || rel.endsWith('.map') || rel === 'node_modules' || rel.startsWith('node_modules/');
}

function walk(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const rel = relative(root, full).split(sep).join('/');
    if (isIgnored(rel)) continue;
    if (statSync(full).isDirectory()) out.push(...walk(full, root));
    else out.push(rel);
  }
  return out;
}

/** sha256 over each file's path and content hash, in path order: any byte or name change changes it. */
export function packageHash(files: ReadonlyArray<{ path: string; content: Buffer | string }>): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(`${f.path}\0${createHash('sha256').update(f.content).digest('hex')}\n`);
  }
  return h.digest('hex');
}

export function parseCollections(database: unknown): CollectionSpec[] {
  const collections = (database as { collections?: Record<string, { indexes?: unknown[]; rules?: unknown }> }).collections;
  if (!collections || typeof collections !== 'object') throw new ProjectError('database.json has no "collections"');
  return Object.entries(collections).map(([name, c]) => {
    if (!c.rules || typeof c.rules !== 'object') throw new ProjectError(`database.json: ${name} has no "rules"`);
    const indexes = (c.indexes ?? []).map((raw) => {
      const i = raw as { name?: string; keys?: Record<string, number>; unique?: boolean };
      if (!i.name || !i.keys || Object.keys(i.keys).length === 0) throw new ProjectError(`database.json: ${name} has an index without a name or keys`);
      for (const [field, dir] of Object.entries(i.keys)) {
        if (dir !== 1 && dir !== -1) throw new ProjectError(`database.json: ${name}.${i.name}.${field} must be 1 or -1`);
      }
      return { name: i.name, keys: i.keys as Record<string, 1 | -1>, unique: i.unique === true };
    });
    return { name, indexes, rules: c.rules as Record<string, unknown> };
  });
}

interface RawConfig {
  timeout?: unknown;
  runtime?: unknown;
  /** WeChat's own form: `{NAME: value}`. Deploy sets each named variable from this shell's environment. */
  envVariables?: unknown;
  triggers?: Array<{ name?: unknown; type?: unknown; config?: unknown }>;
}

export function parseFunctionConfig(name: string, config: RawConfig): Omit<FunctionSpec, 'codeSha256' | 'files'> {
  const where = `cloudfunctions/${name}/config.json`;
  const timeout = config.timeout ?? DEFAULT_TIMEOUT;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 60) throw new ProjectError(`${where}: "timeout" must be whole seconds, 1..60`);
  const runtime = config.runtime ?? DEFAULT_RUNTIME;
  if (typeof runtime !== 'string' || !/^Nodejs\d/.test(runtime)) throw new ProjectError(`${where}: "runtime" must be a Nodejs runtime`);
  const declared = config.envVariables ?? {};
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) throw new ProjectError(`${where}: "envVariables" must be an object {NAME: value}`);
  const env = Object.keys(declared);
  if (env.some((e) => !ENV_NAME.test(e))) throw new ProjectError(`${where}: "envVariables" must name variables A-Z, 0-9, _`);
  const triggers = (config.triggers ?? []).map((t) => {
    if (t.type !== 'timer' || typeof t.name !== 'string' || typeof t.config !== 'string' || t.config.trim().split(/\s+/).length !== 7) {
      throw new ProjectError(`${where}: every trigger is {"name", "type": "timer", "config": "<7-field cron>"}`);
    }
    return { name: t.name, type: 'timer' as const, config: t.config.trim() };
  });
  if (new Set(triggers.map((t) => t.name)).size !== triggers.length) throw new ProjectError(`${where}: two triggers share a name`);
  return { name, timeout, runtime, env: env as string[], triggers };
}

/** Reads database.json, project.config.json and every function folder (bundles must be built). */
export function loadProject(root: string): ProjectSpec {
  const projectConfig = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { appid?: string; cloudfunctionRoot?: string };
  const functionsRoot = join(root, projectConfig.cloudfunctionRoot || 'cloudfunctions');
  const collections = parseCollections(JSON.parse(readFileSync(join(root, 'database.json'), 'utf8')));
  const functions: FunctionSpec[] = [];
  for (const name of readdirSync(functionsRoot).sort()) {
    const dir = join(functionsRoot, name);
    if (!statSync(dir).isDirectory()) continue;
    if (!existsSync(join(dir, 'index.js'))) throw new ProjectError(`cloudfunctions/${name}/index.js is missing: run npm run build`);
    if (!existsSync(join(dir, 'config.json'))) throw new ProjectError(`cloudfunctions/${name}/config.json is missing`);
    const config = parseFunctionConfig(name, JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as RawConfig);
    const files = walk(dir);
    const codeSha256 = packageHash(files.map((path) => ({ path, content: readFileSync(join(dir, path)) })));
    functions.push({ ...config, codeSha256, files });
  }
  return { appid: projectConfig.appid ?? '', functionsRoot, collections, functions };
}
