/**
 * In-process transport: replaces `@cloudbase/database`'s `Db.reqClass` (the class the genuine
 * wx-server-sdk uses to send every database request) with `EngineTransport`, which answers
 * from the current `Engine`. Everything above the transport (query builders, serializers,
 * validation, error formatting, runTransaction's retry loop) stays the real SDK code.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Engine } from './engine';

let currentEngine: Engine | null = null;
let requestHook: ((action: string, wrote: boolean) => void) | undefined;

/**
 * Sets the engine every `EngineTransport` forwards to; `onRequest` is called once per database request,
 * after it was applied, with `wrote` true when the request changed the database.
 */
export function setTransportEngine(engine: Engine, onRequest?: (action: string, wrote: boolean) => void): void {
  currentEngine = engine;
  requestHook = onRequest;
}

/** A database round trip's delay in ms, uniform in `[min, max]` (`DB_LATENCY_MS`). */
export interface Latency {
  min: number;
  max: number;
}

let latency: Latency | null = null;

/**
 * Parses `DB_LATENCY_MS`: `n` or `a-b` (whole or decimal ms, `a <= b`). Empty, `0` and `0-0` mean none.
 * Throws on anything else, so a typo does not silently test without latency.
 */
export function parseLatency(spec: string | undefined): Latency | null {
  if (spec === undefined || spec.trim() === '') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(spec);
  if (!m) throw new Error(`DB_LATENCY_MS must be "n" or "a-b" (milliseconds), got ${JSON.stringify(spec)}`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new Error(`DB_LATENCY_MS: ${min}-${max} is empty (a must be <= b)`);
  return max === 0 ? null : { min, max };
}

/** Sets the delay every database request (in-process and `/admin`) is answered after; null: none. */
export function setTransportLatency(l: Latency | null): void {
  latency = l && l.max > 0 ? l : null;
}

export function transportLatency(): Latency | null {
  return latency;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Applies one database request as it would be over the network: with a latency set, the request travels
 * for half the drawn delay, is applied, and the answer travels back for the other half, each on a timer, so
 * concurrent calls interleave between their reads and writes as on WeChat cloud. Without one, no timer at all.
 * The answer is due `total` ms after the request left, however late the first timer fired (timers only ever
 * fire late), so a request takes its drawn delay and not that plus two timers' lateness.
 */
export async function overTheWire<T>(apply: () => T): Promise<T> {
  const l = latency;
  if (!l) return apply();
  const total = l.min + Math.random() * (l.max - l.min);
  const due = performance.now() + total;
  await sleep(total / 2);
  const out = apply();
  await sleep(Math.max(0, due - performance.now()));
  return out;
}

/** Applies one wire action to `engine`, telling the request hook whether it wrote (the engine's sequence moved). */
export function applyRequest(engine: Engine, action: string, params: Record<string, unknown>, hook = requestHook): ReturnType<Engine['handle']> {
  const before = engine.sequence;
  const res = engine.handle(action, params);
  hook?.(action, engine.sequence !== before);
  return res;
}

type ProcessReturn = (res: Record<string, unknown>) => unknown;
let nodeSdkProcessReturn: ProcessReturn | null | undefined;

function wxServerSdkPaths(): { nodeSdkDir: string; databaseMain: string } {
  const wx = path.dirname(require.resolve('wx-server-sdk'));
  const nodeSdkMain = require.resolve('@cloudbase/node-sdk', { paths: [wx] });
  const databaseMain = require.resolve('@cloudbase/database', { paths: [path.dirname(nodeSdkMain)] });
  return { nodeSdkDir: path.dirname(nodeSdkMain), databaseMain };
}

/**
 * Throws the error exactly as node-sdk's HTTP requester does for a `{code}` answer
 * (`processReturn`: a TcbError with code/message/requestId, unless `setThrowOnCode(false)`).
 */
function failLikeNodeSdk(res: Record<string, unknown>): unknown {
  if (nodeSdkProcessReturn === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      nodeSdkProcessReturn = require(path.join(wxServerSdkPaths().nodeSdkDir, 'utils', 'utils.js')).processReturn as ProcessReturn;
    } catch {
      nodeSdkProcessReturn = null;
    }
  }
  if (nodeSdkProcessReturn) return nodeSdkProcessReturn({ ...res });
  throw Object.assign(new Error(String(res.message)), { code: res.code, message: res.message, requestId: res.requestId ?? '' });
}

/** Replacement for `Db.reqClass`: `new EngineTransport(config).send(action, params, opts)`. */
export class EngineTransport {
  constructor(readonly config?: unknown) {}

  /** Answers like the CloudBase server; `{code}` answers are thrown as node-sdk does over HTTP. */
  async send(action: string, params?: Record<string, unknown>, opts?: unknown): Promise<unknown> {
    void opts;
    const engine = currentEngine;
    if (!engine) throw new Error('localcloud: no database engine; call setTransportEngine(engine) first');
    const res = await overTheWire(() => applyRequest(engine, action, params ?? {}));
    if (res.code) return failLikeNodeSdk(res);
    return res;
  }
}

/**
 * Makes `Db.reqClass` of the `@cloudbase/database` instance that wx-server-sdk loads (and of the
 * project-level one, if different) always be `EngineTransport`. node-sdk assigns `Db.reqClass`
 * on every `database()` call, hence a getter with a no-op setter. Idempotent.
 */
export function installTransport(): void {
  const targets = new Set<string>([wxServerSdkPaths().databaseMain]);
  try {
    targets.add(require.resolve('@cloudbase/database'));
  } catch {
    /* not installed at top level */
  }
  for (const file of targets) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { Db: object };
    Object.defineProperty(mod.Db, 'reqClass', {
      configurable: true,
      enumerable: true,
      get: () => EngineTransport,
      set: () => {
        /* node-sdk reassigns on every database() call: keep ours */
      },
    });
  }
}

/** Paths of the modules the transport patches (for the contract test). */
export function transportTargets(): { nodeSdkDir: string; databaseMain: string } {
  return wxServerSdkPaths();
}
