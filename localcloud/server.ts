/**
 * The local cloud's HTTP face (CONTRACT.md §1): function calls with the caller on headers, the clock,
 * timer triggers, payment notifications, the call log and the outbox; plus `/admin`, the SDK's own wire
 * protocol, so a function running in another process can use this database.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { advance, setNow } from './clock';
import { FunctionError, UnknownFunctionError } from './functions';
import { handleAdminHttp } from './engine';
import type { LocalCloud } from './index';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean> | boolean;

function send(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 5 * 1024 * 1024) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const value = JSON.parse(body.toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('body must be a JSON object');
  return value as Record<string, unknown>;
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
};

export function createHttpServer(cloud: LocalCloud, extraRoutes: Route[] = []): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      const body = await readBody(req);
      const path = url.pathname;
      const method = req.method ?? 'GET';

      if (method === 'GET' && path === '/_local/health') return send(res, 200, { ok: true });

      let m = /^\/functions\/([A-Za-z0-9_-]+)$/.exec(path);
      if (method === 'POST' && m) {
        const name = m[1];
        if (!cloud.host.has(name)) return send(res, 404, { errCode: -504002, errMsg: `function ${name} not found` });
        const event = parseJson(body);
        const identity = {
          openid: header(req, 'x-wx-openid'),
          unionid: header(req, 'x-wx-unionid'),
          appid: header(req, 'x-wx-appid'),
          source: header(req, 'x-wx-source') ?? 'wx_client',
        };
        try {
          return send(res, 200, { result: await cloud.invoke(name, event, identity) });
        } catch (err) {
          if (err instanceof FunctionError) return send(res, 500, { errCode: err.errCode, errMsg: err.errMsg });
          throw err;
        }
      }

      if (method === 'POST' && path === '/_local/clock') {
        const input = parseJson(body);
        if (typeof input.now === 'number') return send(res, 200, { now: setNow(input.now) });
        if (typeof input.advanceMs === 'number' && input.advanceMs >= 0) return send(res, 200, { now: advance(input.advanceMs) });
        return send(res, 400, { errCode: 'INVALID_ARGUMENT', errMsg: 'give {"advanceMs": n >= 0} or {"now": t}' });
      }

      m = /^\/_local\/triggers\/([A-Za-z0-9_-]+)$/.exec(path);
      if (method === 'POST' && m) {
        const { triggerName } = parseJson(body);
        if (typeof triggerName !== 'string') return send(res, 400, { errCode: 'INVALID_ARGUMENT', errMsg: 'triggerName is required' });
        try {
          return send(res, 200, { result: await cloud.host.runTimer(m[1], triggerName) });
        } catch (err) {
          if (err instanceof UnknownFunctionError) return send(res, 404, { errCode: -504002, errMsg: err.message });
          if (err instanceof FunctionError) return send(res, 500, { errCode: err.errCode, errMsg: err.errMsg });
          throw err;
        }
      }

      if (method === 'POST' && path === '/_local/tick') return send(res, 200, { ran: await cloud.tick() });

      m = /^\/_local\/pay\/([A-Za-z0-9_-]+)$/.exec(path);
      if (method === 'POST' && m) {
        const { result } = parseJson(body);
        if (result !== 'SUCCESS' && result !== 'FAIL') return send(res, 400, { errCode: 'INVALID_ARGUMENT', errMsg: 'result must be SUCCESS or FAIL' });
        if (!cloud.state.payment(m[1])) return send(res, 404, { errCode: 'NOT_FOUND', errMsg: `no payment ${m[1]}` });
        try {
          return send(res, 200, { result: await cloud.pay.notifyPayment(m[1], result) });
        } catch (err) {
          if (err instanceof FunctionError) return send(res, 500, { errCode: err.errCode, errMsg: err.errMsg });
          throw err;
        }
      }

      if (method === 'GET' && path === '/_local/calls') {
        const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
        return send(res, 200, { items: cloud.host.calls(limit).map(({ name, action, openid, ms, dbRequests, ok }) => ({ name, action, openid, ms, dbRequests, ok })) });
      }

      if (method === 'GET' && path === '/_local/outbox') return send(res, 200, { items: cloud.state.outbox });

      // WeChat cloud's HTTP access for HTTP-triggered functions: the partner API for brands' backends.
      if (path === '/partner-api' || path.startsWith('/partner-api/')) {
        if (!cloud.host.has('partnerapi')) return send(res, 404, { errCode: -504002, errMsg: 'function partnerapi not found' });
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
        const event = { httpMethod: method, path: path + url.search, headers, body: body.toString('base64'), isBase64Encoded: true, queryStringParameters: Object.fromEntries(url.searchParams) };
        try {
          const answer = (await cloud.invoke('partnerapi', event, { source: 'wx_http' })) as { statusCode?: number; headers?: Record<string, string>; body?: string };
          res.writeHead(answer?.statusCode ?? 200, answer?.headers ?? { 'content-type': 'application/json; charset=utf-8' });
          return void res.end(answer?.body ?? '');
        } catch (err) {
          if (err instanceof FunctionError) return send(res, 500, { errCode: err.errCode, errMsg: err.errMsg });
          throw err;
        }
      }

      if (method === 'POST' && path.startsWith('/admin')) {
        const out = handleAdminHttp(cloud.engine, body, req.headers);
        return send(res, out.status, out.json);
      }

      for (const route of extraRoutes) if (await route(req, res, url, body)) return;
      return send(res, 404, { errCode: 'NOT_FOUND', errMsg: `no route ${method} ${path}` });
    } catch (err) {
      if (err instanceof SyntaxError) return send(res, 400, { errCode: 'INVALID_ARGUMENT', errMsg: `bad JSON: ${err.message}` });
      console.error('[localcloud] request failed', err);
      return send(res, 500, { errCode: -1, errMsg: 'local cloud error' });
    }
  });
}
