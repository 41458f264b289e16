/**
 * Finds, loads and invokes cloud functions the way the platform does: each function folder holds
 * `index.js` exporting `main(event, context)` and `config.json` (open API permissions, timer triggers).
 * Our own functions are esbuild bundles; plain JavaScript functions written for WeChat cloud run unchanged:
 * their `require('wx-server-sdk')` gets the local cloud's patched SDK, everything else resolves from their folder.
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { invocations, type Identity, type Invocation } from './context';

export interface TimerTrigger { name: string; type: 'timer'; config: string }
export interface FunctionConfig { permissions?: { openapi?: string[] }; triggers?: TimerTrigger[] }

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
  private readonly log: CallRecord[] = [];
  readonly coldLoadMs = new Map<string, number>();

  constructor(
    readonly defs: Map<string, FunctionDef>,
    private readonly sdk: unknown,
    private readonly logSize = 500,
  ) {}

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
    const nativeRequire = createRequire(file);
    const localRequire = (id: string) => (id === 'wx-server-sdk' ? this.sdk : nativeRequire(id));
    const module = { exports: {} as Record<string, unknown> };
    const source = readFileSync(file, 'utf8');
    // Compiled in this realm so the function shares the local cloud's globals (its clock above all).
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', `${source}\n//# sourceURL=${file}`);
    wrapper(module.exports, localRequire, module, file, def.dir);
    const main = (module.exports.main ?? (module.exports as { default?: { main?: Main } }).default?.main) as Main | undefined;
    if (typeof main !== 'function') throw new Error(`function ${name} does not export main`);
    this.loaded.set(name, main);
    this.coldLoadMs.set(name, performance.now() - started);
    return main;
  }

  /**
   * Runs `name` with `event` as `identity`. Resolves with what main returned; rejects with FunctionError
   * when main throws. Nested calls (cloud.callFunction) pass `parent` so their database requests count upward.
   */
  async invoke(name: string, event: unknown, identity: Identity, parent?: Invocation): Promise<unknown> {
    const main = this.load(name);
    const action = event && typeof (event as { action?: unknown }).action === 'string' ? (event as { action: string }).action : null;
    const inv: Invocation = { name, action: action ?? undefined, identity, dbRequests: 0, parent, background: [] };
    const started = performance.now();
    let ok = false;
    let error: string | undefined;
    try {
      const result = await invocations.run(inv, async () => {
        const out = await main(event, { function_name: name, namespace: 'local', memory_limit_in_mb: 256, time_limit_in_ms: 20000 });
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
