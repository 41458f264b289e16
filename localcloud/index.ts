/**
 * The local cloud: every cloud function of the project on this machine, against an embedded persistent
 * database, with the genuine wx-server-sdk in the loop. Used by `npm start`, the tests and the benchmarks.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installClock } from './clock';
import { discoverFunctions, FunctionHost } from './functions';
import { PlatformState } from './platform-state';
import { bindSdk, type SdkBinding } from './sdk';
import { cronMatches } from './cron';
import { lockDataDir } from './data-lock';
import { Engine, parseLatency, setTransportLatency, type Latency, type Schema } from './engine';
import { CloudStorage } from './storage';
import type { Identity } from './context';

export const PROJECT_ROOT = resolve(__dirname, '..');

export interface LocalCloudOptions {
  /** Where data lives; null keeps everything in memory (tests). */
  dataDir: string | null;
  /** Extra folders of functions (EXTRA_FUNCTIONS_DIR). */
  extraFunctionDirs?: string[];
  /** Operators' openids (LOCAL_ADMIN_OPENIDS). */
  adminOpenids?: string[];
  /** Run timer triggers on their cron schedule (npm start); tests drive them explicitly. */
  autoTimers?: boolean;
  env?: string;
  /**
   * Delay of every database request (DB_LATENCY_MS: `n` or `a-b` ms); default: `DB_LATENCY_MS` from the
   * environment, else none. Process-wide: the transport is shared by every local cloud of the process.
   */
  dbLatencyMs?: string | Latency | null;
}

export interface LocalCloud {
  engine: Engine;
  host: FunctionHost;
  state: PlatformState;
  pay: SdkBinding;
  /** Cloud storage (DATA_DIR/storage), what `cloud.uploadFile` & co. use. */
  storage: CloudStorage;
  /** Calls a function as the platform would for `identity`; resolves with main's return value. */
  invoke(name: string, event: unknown, identity?: Identity): Promise<unknown>;
  /** Runs every timer trigger once in a fixed order; returns `fn/trigger` names. */
  tick(): Promise<string[]>;
  close(): void;
}

export function loadSchema(): Schema {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'database.json'), 'utf8')) as Schema;
}

export function functionRoots(extra: string[] = []): string[] {
  const project = JSON.parse(readFileSync(join(PROJECT_ROOT, 'project.config.json'), 'utf8')) as { cloudfunctionRoot?: string };
  return [join(PROJECT_ROOT, project.cloudfunctionRoot ?? 'cloudfunctions'), ...extra.map((d) => resolve(d))];
}

export function createLocalCloud(opts: LocalCloudOptions): LocalCloud {
  installClock();
  process.env.ADMIN_OPENIDS = (opts.adminOpenids ?? ['o-admin']).join(',');
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => undefined;
  const engine = new Engine({ dir: opts.dataDir ? join(opts.dataDir, 'db') : null, now: () => Date.now() });
  engine.ensureSchema(loadSchema());
  const state = new PlatformState(opts.dataDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as Record<string, unknown>;
  const env = opts.env ?? 'local';
  const host = new FunctionHost(discoverFunctions(functionRoots(opts.extraFunctionDirs)), sdk, 500, env);
  const storage = new CloudStorage(opts.dataDir, env);
  const pay = bindSdk(sdk, engine, host, state, env, storage);
  const latency = opts.dbLatencyMs === undefined ? parseLatency(process.env.DB_LATENCY_MS) : typeof opts.dbLatencyMs === 'string' ? parseLatency(opts.dbLatencyMs) : opts.dbLatencyMs;
  setTransportLatency(latency);

  const tick = async () => {
    const ran: string[] = [];
    for (const { fn, trigger } of host.timers()) {
      await host.runTimer(fn, trigger.name);
      ran.push(`${fn}/${trigger.name}`);
    }
    return ran;
  };

  let timer: NodeJS.Timeout | null = null;
  if (opts.autoTimers) {
    let last = Math.floor(Date.now() / 1000);
    timer = setInterval(() => {
      const nowSec = Math.floor(Date.now() / 1000);
      // Catch up at most a minute of seconds if the clock jumped ahead.
      for (let s = Math.max(last + 1, nowSec - 60); s <= nowSec; s++) {
        for (const { fn, trigger } of host.timers()) {
          if (cronMatches(trigger.config, s * 1000)) host.runTimer(fn, trigger.name).catch((err) => console.error(`[localcloud] timer ${fn}/${trigger.name} failed`, err));
        }
      }
      last = nowSec;
    }, 250);
    timer.unref();
  }

  return {
    engine,
    host,
    state,
    pay,
    storage,
    invoke: (name, event, identity = {}) => host.invoke(name, event, { source: 'wx_client', ...identity }),
    tick,
    close() {
      if (timer) clearInterval(timer);
      engine.close();
      unlock();
    },
  };
}
