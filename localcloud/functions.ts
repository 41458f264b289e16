/**
 * Finds, loads and invokes cloud functions the way the platform does: each function folder holds
 * `index.js` exporting `main(event, context)` and `config.json` (open API permissions, timer triggers).
 * Our own functions are esbuild bundles; plain JavaScript functions written for WeChat cloud run unchanged:
 * every `require('wx-server-sdk')` in their folder gets the local cloud's patched SDK (see modules.ts),
 * everything else resolves from their folder. Each function sees only its own environment (see env.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { invocations, type Identity, type Invocation } from './context';
import { contextEnv, hostEnv, installEnvIsolation, platformEnv } from './env';
import { loadFunctionModule } from './modules';

export interface TimerTrigger { name: string; type: 'timer'; config: string }
export interface FunctionConfig {
  permissions?: { openapi?: string[] };
  triggers?: TimerTrigger[];
  /** The function's environment variables, as WeChat's config.json declares them. */
  envVariables?: Record<string, string>;
}

/** The appid the local cloud plays (the mini-program every client call comes from). */
export const LOCAL_APPID = 'wx-local-app';

export interface FunctionDef {
  name: string;
  dir: string;
  config: FunctionConfig;
}

export interface CallRecord {
  name: string;
  action: string | null;
  openid: string;
  ms: number;
  dbRequests: number;
  dbWrites: number;
  ok: boolean;
  at: number;
  error?: string;
}

type Main = (event: unknown, context: unknown) => unknown;

/** Thrown (as the platform does) when a function's main throws: the HTTP route answers 500 with these. */
export class FunctionError extends Error {
  constructor(readonly errCode: number, readonly errMsg: string) {
    super(errMsg);
  }
}

export class UnknownFunctionError extends Error {}

/**
 * WeChat injects `userInfo: {appId, openId}` into the event of a call made for a mini-program user
 * (from the client, and from a function that client called); timers and payment notifications carry none.
 */
function withUserInfo(event: unknown, identity: Identity): unknown {
  const source = identity.source ?? 'wx_client';
  if (!source.startsWith('wx_client') || !identity.openid) return event;
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  return { ...(event as Record<string, unknown>), userInfo: { appId: identity.appid ?? LOCAL_APPID, openId: identity.openid } };
}

export function discoverFunctions(roots: string[]): Map<string, FunctionDef> {
  const found = new Map<string, FunctionDef>();
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root).sort()) {
      const dir = resolve(root, entry);
      if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'index.js'))) continue;
      const configFile = join(dir, 'config.json');
      const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as FunctionConfig) : {};
      found.set(entry, { name: entry, dir, config });
    }
  }
  return found;
}

export class FunctionHost {
  private readonly loaded = new Map<string, Main>();
  private readonly envs = new Map<string, Record<string, string>>();
  private readonly log: CallRecord[] = [];
  readonly coldLoadMs = new Map<string, number>();

  constructor(
    readonly defs: Map<string, FunctionDef>,
    private readonly sdk: unknown,
    private readonly logSize = 500,
    /** The environment id functions run in (getWXContext's ENV, TCB_ENV). */
    readonly envId = 'local',
  ) {
    installEnvIsolation();
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** Loads a function module once (a cold start), with `wx-server-sdk` bound to the local cloud's SDK. */
  private load(name: string): Main {
    const cached = this.loaded.get(name);
    if (cached) return cached;
    const def = this.defs.get(name);
    if (!def) throw new UnknownFunctionError(`function ${name} not found`);
    const started = performance.now();
    const file = join(def.dir, 'index.js');
    // The module's top level runs as the function (its environment, not the host's), before any call's context.
    const inv: Invocation = { name, identity: {}, dbRequests: 0, background: [], env: { fn: this.envOf(def), call: {} } };
    const exports = invocations.run(inv, () => loadFunctionModule(def.dir, file, this.sdk));
    const main = (exports.main ?? (exports as { default?: { main?: Main } }).default?.main) as Main | undefined;
    if (typeof main !== 'function') throw new Error(`function ${name} does not export main`);
    this.loaded.set(name, main);
    this.coldLoadMs.set(name, performance.now() - started);
    return main;
  }

  /**
   * A function's own environment: the platform's variables plus those its config.json declares. A declared
   * variable also set in the local cloud's environment takes that value, as setting it in the console does
   * (ADMIN_OPENIDS from LOCAL_ADMIN_OPENIDS, secrets). Kept across calls, as a warm container keeps it.
   */
  private envOf(def: FunctionDef): Record<string, string> {
    let env = this.envs.get(def.name);
    if (!env) {
      const host = hostEnv();
      env = platformEnv(def.name, this.envId);
      for (const [k, v] of Object.entries(def.config.envVariables ?? {})) env[k] = host[k] ?? String(v);
      this.envs.set(def.name, env);
    }
    return env;
  }

  /**
   * Runs `name` with `event` as `identity`. Resolves with what main returned; rejects with FunctionError
   * when main throws. Nested calls (cloud.callFunction) pass `parent` so their database requests count upward.
   */
  async invoke(name: string, event: unknown, identity: Identity, parent?: Invocation): Promise<unknown> {
    const main = this.load(name);
    const action = event && typeof (event as { action?: unknown }).action === 'string' ? (event as { action: string }).action : null;
    const def = this.defs.get(name)!;
    const env = { fn: this.envOf(def), call: contextEnv(identity, this.envId, LOCAL_APPID) };
    const inv: Invocation = { name, action: action ?? undefined, identity, dbRequests: 0, parent, background: [], env };
    event = withUserInfo(event, identity);
    const started = performance.now();
    let ok = false;
    let error: string | undefined;
    try {
      const result = await invocations.run(inv, async () => {
        const out = await main(event, { function_name: name, namespace: this.envId, function_version: '$LATEST', memory_limit_in_mb: 256, time_limit_in_ms: 20000, request_id: randomUUID() });
        // Platform work the call started (payment and refund callbacks) runs after it, before the top call answers.
        while (!parent && inv.background.length) await Promise.all(inv.background.splice(0));
        return out;
      });
      ok = !(result && typeof result === 'object' && (result as { ok?: unknown }).ok === false);
      return result;
    } catch (err) {
      const e = err as { errCode?: number; errMsg?: string; message?: string };
      error = e?.errMsg ?? e?.message ?? String(err);
      throw new FunctionError(typeof e?.errCode === 'number' ? e.errCode : -1, error);
    } finally {
      this.record({ name, action, openid: identity.openid ?? '', ms: Math.round((performance.now() - started) * 100) / 100, dbRequests: inv.dbRequests, dbWrites: inv.dbWrites ?? 0, ok, at: Date.now(), error });
    }
  }

  private record(call: CallRecord): void {
    this.log.unshift(call);
    if (this.log.length > this.logSize) this.log.length = this.logSize;
  }

  calls(limit = 50): CallRecord[] {
    return this.log.slice(0, Math.max(0, limit));
  }

  /** Every timer trigger, in a fixed order: functions by name, triggers as listed in config.json. */
  timers(): { fn: string; trigger: TimerTrigger }[] {
    const out: { fn: string; trigger: TimerTrigger }[] = [];
    for (const name of [...this.defs.keys()].sort()) {
      for (const trigger of this.defs.get(name)!.config.triggers ?? []) if (trigger.type === 'timer') out.push({ fn: name, trigger });
    }
    return out;
  }

  /** Runs one timer trigger now, with the event the platform sends. */
  runTimer(fn: string, triggerName: string): Promise<unknown> {
    const def = this.defs.get(fn);
    if (!def) throw new UnknownFunctionError(`function ${fn} not found`);
    if (!(def.config.triggers ?? []).some((t) => t.name === triggerName)) throw new UnknownFunctionError(`function ${fn} has no trigger ${triggerName}`);
    const event = { Type: 'Timer', TriggerName: triggerName, Time: new Date().toISOString() };
    return this.invoke(fn, event, { source: 'wx_trigger' });
  }
}
