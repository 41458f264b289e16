/**
 * Per-function environment variables. On WeChat cloud every function runs in its own container, in UTC,
 * and sees only the variables configured for it plus the platform's own. Here all functions share one
 * process, so `process.env` becomes a view: inside an invocation it reads and writes that function's own
 * variables; outside one (the local cloud itself) it is the host's environment.
 */
import { currentInvocation, type Identity, type Invocation } from './context';

const HOST_ENV = Symbol.for('tuanmall.localcloud.hostEnv');
type Env = Record<string, string>;
type EnvHolder = { [HOST_ENV]?: Env };

/** The local cloud's own environment, whatever function is running (settings such as DB_LATENCY_MS). */
export function hostEnv(): Env {
  return (process as unknown as EnvHolder)[HOST_ENV] ?? (process.env as Env);
}

/** The env a code path sees: the current function's, or the host's outside any invocation. */
function layers(inv: Invocation | undefined): Env[] | null {
  return inv?.env ? [inv.env.call, inv.env.fn] : null;
}

/**
 * Replaces `process.env` with the per-invocation view, once per realm, and runs the host in UTC
 * (as SCF does), so a function writing `TZ` changes only its own `process.env`, never the process clock.
 */
export function installEnvIsolation(): void {
  const proc = process as unknown as EnvHolder & { env: Env };
  if (proc[HOST_ENV]) return;
  const host = proc.env;
  host.TZ = 'UTC';
  const view: Env = new Proxy({} as Env, {
    get: (_t, key) => {
      if (typeof key !== 'string') return undefined;
      const ls = layers(currentInvocation());
      if (!ls) return host[key];
      for (const l of ls) if (Object.prototype.hasOwnProperty.call(l, key)) return l[key];
      return undefined;
    },
    set: (_t, key, value) => {
      if (typeof key !== 'string') return false;
      const inv = currentInvocation();
      // process.env coerces values to strings; a function's writes stay in its own environment.
      if (inv?.env) {
        delete inv.env.call[key];
        inv.env.fn[key] = String(value);
      } else host[key] = String(value);
      return true;
    },
    deleteProperty: (_t, key) => {
      if (typeof key !== 'string') return true;
      const inv = currentInvocation();
      if (inv?.env) {
        delete inv.env.call[key];
        delete inv.env.fn[key];
      } else delete host[key];
      return true;
    },
    has: (_t, key) => {
      if (typeof key !== 'string') return false;
      const ls = layers(currentInvocation());
      return ls ? ls.some((l) => Object.prototype.hasOwnProperty.call(l, key)) : key in host;
    },
    ownKeys: () => {
      const ls = layers(currentInvocation());
      return ls ? [...new Set(ls.flatMap((l) => Object.keys(l)))] : Reflect.ownKeys(host);
    },
    getOwnPropertyDescriptor: (_t, key): PropertyDescriptor | undefined => {
      const value: string | undefined = typeof key === 'string' ? view[key] : undefined;
      if (value === undefined) return undefined;
      return { value, writable: true, enumerable: true, configurable: true };
    },
    defineProperty: (_t, key, desc) => {
      view[key as string] = String(desc.value);
      return true;
    },
  });
  proc[HOST_ENV] = host;
  proc.env = view;
}

/** What the platform itself puts in every function's environment (SCF's and CloudBase's variables). */
export function platformEnv(functionName: string, envId: string): Env {
  const host = hostEnv();
  return {
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    ...(host.PATH ? { PATH: host.PATH } : {}),
    SCF_RUNTIME: 'Nodejs16.13',
    SCF_FUNCTIONNAME: functionName,
    SCF_FUNCTIONVERSION: '$LATEST',
    SCF_NAMESPACE: envId,
    SCF_MEMORYSIZE: '256',
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    TCB_ENV: envId,
  };
}

/**
 * The per-call variables the platform sets, in the form wx-server-sdk's own getWXContext reads them:
 * `WX_CONTEXT_KEYS` lists the `WX_*` variable names, `TCB_SOURCE` the source.
 */
export function contextEnv(identity: Identity, envId: string, appid: string): Env {
  const ctx: Env = { TCB_ENV: envId, TCB_SOURCE: identity.source ?? 'wx_client', WX_CONTEXT_KEYS: '' };
  const keys: string[] = [];
  const put = (k: string, v: string | undefined) => {
    if (v === undefined) return;
    ctx[`WX_${k}`] = v;
    keys.push(`WX_${k}`);
  };
  if (identity.openid) {
    put('OPENID', identity.openid);
    put('APPID', identity.appid ?? appid);
  }
  put('UNIONID', identity.unionid);
  if ((identity.source ?? 'wx_client').startsWith('wx_client')) put('CLIENTIP', identity.clientIp ?? '127.0.0.1');
  ctx.WX_CONTEXT_KEYS = keys.join(',');
  return ctx;
}
