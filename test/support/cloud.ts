/**
 * Function tests run through the local cloud in-process, with the real wx-server-sdk and the built
 * function bundles: `const cloud = startCloud()` in a test file, then `cloud.as('o-alice').call(...)`.
 */
import type { Api, ApiName, Envelope } from '../../typings/api';
import { createLocalCloud, type LocalCloud } from '../../localcloud';
import { advance } from '../../localcloud/clock';

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

export function startCloud(): TestCloud {
  const cloud = createLocalCloud({ dataDir: null });
  const as = (openid: string, extra: { unionid?: string; appid?: string } = {}): Client => {
    const call = async <K extends ApiName>(name: K, req: Api[K]['req']) => {
      const [fn, action] = name.split('.');
      return (await cloud.invoke(fn, { ...req, action }, { openid, ...extra })) as Envelope<Api[K]['res']>;
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
  afterAll(() => cloud.close());
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
