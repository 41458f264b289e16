/**
 * In-process transport: replaces `@cloudbase/database`'s `Db.reqClass` (the class the genuine
 * wx-server-sdk uses to send every database request) with `EngineTransport`, which answers
 * from the current `Engine`. Everything above the transport (query builders, serializers,
 * validation, error formatting, runTransaction's retry loop) stays the real SDK code.
 */
import * as path from 'path';
import type { Engine } from './engine';

let currentEngine: Engine | null = null;
let requestHook: ((action: string) => void) | undefined;

/** Sets the engine every `EngineTransport` forwards to; `onRequest` is called once per database request. */
export function setTransportEngine(engine: Engine, onRequest?: (action: string) => void): void {
  currentEngine = engine;
  requestHook = onRequest;
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
    requestHook?.(action);
    const res = engine.handle(action, params ?? {});
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
