/**
 * Function tests run through the local cloud in-process, with the real wx-server-sdk and the built
 * function bundles: `const cloud = startCloud()` in a test file, then `cloud.as('o-alice').call(...)`.
 *
 * Over HTTP instead: `startHttpCloud({ latencyMs: '2-8' })` serves the same local cloud on a free port and
 * sends every call as the mini-program does (`POST /functions/:name`, caller on headers), with every
 * database request delayed as `DB_LATENCY_MS` delays it; or run any suite with `CLOUD_MODE=http` (and
 * optionally `DB_LATENCY_MS`), which makes `startCloud()` do the same.
 */
import type { AddressInfo } from 'node:net';
import type { Api, ApiName, Envelope } from '../../typings/api';
import { createLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../localcloud';
import { advance } from '../../localcloud/clock';
import { createHttpServer } from '../../localcloud/server';

export const ADMIN = 'o-admin';

export interface Client {
  /** Calls `function.action` and returns the envelope exactly as the function answered. */
  call<K extends ApiName>(name: K, req: Api[K]['req']): Promise<Envelope<Api[K]['res']>>;
  /** Calls and expects success; throws with the error code otherwise. */
  ok<K extends ApiName>(name: K, req: Api[K]['req']): Promise<Api[K]['res']>;
}

export interface TestCloud extends Omit<LocalCloud, 'pay'> {
  /** The local cloud itself (e.g. to serve it over HTTP with createHttpServer). */
  local: LocalCloud;
  as(openid: string, extra?: { unionid?: string; appid?: string }): Client;
  admin: Client;
  /** Sends WeChat Pay's notification for an order's payment. */
  pay(outTradeNo: string, result?: 'SUCCESS' | 'FAIL'): Promise<unknown>;
  advance(ms: number): number;
  /** Counts documents matching a query, straight from the engine. */
  count(collection: string, query?: Record<string, unknown>): number;
  docs<T = Record<string, unknown>>(collection: string, query?: Record<string, unknown>): T[];
}

type Send = (fn: string, event: Record<string, unknown>, identity: { openid: string; unionid?: string; appid?: string }) => Promise<unknown>;

export function startCloud(): TestCloud {
  if (process.env.CLOUD_MODE === 'http') return startHttpCloud();
  const cloud = createLocalCloud({ dataDir: null });
  afterAll(() => cloud.close());
  return testCloud(cloud, (fn, event, identity) => cloud.invoke(fn, event, identity));
}

export interface HttpTestCloud extends TestCloud {
  /** `http://127.0.0.1:<port>`, once listening (await `ready`). */
  url(): string;
  ready: Promise<void>;
}

/**
 * The local cloud served over HTTP on a free port; calls go through `POST /functions/:name`. `latencyMs`
 * (`n` or `a-b`, default `DB_LATENCY_MS` from the environment) delays every database request.
 */
export function startHttpCloud(o: { latencyMs?: string | null; extraFunctionDirs?: string[] } = {}): HttpTestCloud {
  const opts: LocalCloudOptions = { dataDir: null, extraFunctionDirs: o.extraFunctionDirs };
  if (o.latencyMs !== undefined) opts.dbLatencyMs = o.latencyMs;
  const cloud = createLocalCloud(opts);
  const server = createHttpServer(cloud);
  let base = '';
  const ready = new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    cloud.close();
  });
  const send: Send = async (fn, event, identity) => {
    await ready;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wx-openid': identity.openid };
    if (identity.unionid) headers['x-wx-unionid'] = identity.unionid;
    if (identity.appid) headers['x-wx-appid'] = identity.appid;
    const res = await fetch(`${base}/functions/${fn}`, { method: 'POST', headers, body: JSON.stringify(event) });
    const body = (await res.json()) as { result?: unknown; errCode?: number; errMsg?: string };
    if (res.status !== 200) throw Object.assign(new Error(`${fn} answered ${res.status}: ${body.errMsg}`), { errCode: body.errCode, errMsg: body.errMsg });
    return body.result;
  };
  return { ...testCloud(cloud, send), url: () => base, ready };
}

function testCloud(cloud: LocalCloud, send: Send): TestCloud {
  const as = (openid: string, extra: { unionid?: string; appid?: string } = {}): Client => {
    const call = async <K extends ApiName>(name: K, req: Api[K]['req']) => {
      const [fn, action] = name.split('.');
      return (await send(fn, { ...req, action }, { openid, ...extra })) as Envelope<Api[K]['res']>;
    };
    return {
      call,
      async ok(name, req) {
        const out = await call(name, req);
        if (!out.ok) throw new Error(`${name} failed: ${out.error.code} ${out.error.message}`);
        return out.data;
      },
    };
  };
  return {
    ...cloud,
    local: cloud,
    as,
    admin: as(ADMIN),
    pay: (outTradeNo, result = 'SUCCESS') => cloud.pay.notifyPayment(outTradeNo, result),
    advance,
    count: (collection, query = {}) => cloud.engine.find(collection, query).total,
    docs: <T>(collection: string, query: Record<string, unknown> = {}) => cloud.engine.find(collection, query, { limit: 10000 }).docs as T[],
  };
}

/** Fires `n` calls at once and waits for all of them. */
export function all<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
}
