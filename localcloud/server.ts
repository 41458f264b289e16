/**
 * The local cloud's HTTP face (CONTRACT.md §1, §4): function calls with the caller on headers, the clock,
 * timer triggers, payment notifications, the call log and the outbox, cloud storage's files; plus `/admin`,
 * the SDK's own wire protocol, so a function running in another process can use this database.
 *
 * Request rules, checked before anything is done:
 * - bodies over `MAX_BODY_BYTES` (5 MB) are read to the end and discarded, then answered `413`;
 * - `POST /admin` and every `/_local/*` route refuse an `Origin` (or a `Host`, against DNS rebinding) other
 *   than this server's own (`http://127.0.0.1:PORT`, `http://localhost:PORT`) with `403`, and a POST body that is not
 *   `application/json` with `415` — except the upload route, which takes the file's raw bytes as
 *   `application/octet-stream`. Neither type can be sent across origins by a browser without a CORS
 *   preflight, which this server never grants: a page elsewhere cannot change anything here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { advance, setNow } from './clock';
import { FunctionError, UnknownFunctionError } from './functions';
import { handleAdminHttpOverWire } from './engine';
import { contentTypeOf, StorageError } from './storage';
import type { LocalCloud } from './index';

/** The largest request body any route accepts. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Past this much, an oversized body is no longer drained: the connection is closed after the 413. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
const UPLOAD_ROUTE = '/_local/storage/upload';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean> | boolean;

function send(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The request body, or `tooLarge` once it passed MAX_BODY_BYTES: the rest is read and dropped so the
 * client, still sending, gets the 413 instead of a reset connection (up to MAX_DRAIN_BYTES; past that
 * `abandoned`: answer, then close).
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean; abandoned: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      req.pause();
      return resolve({ body: Buffer.alloc(0), tooLarge: true, abandoned: true });
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        resolve({ body: Buffer.alloc(0), tooLarge: true, abandoned: true });
      }
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? { body: Buffer.alloc(0), tooLarge: true, abandoned: false } : { body: Buffer.concat(chunks), tooLarge: false, abandoned: false }));
    req.on('error', reject);
  });
}

/** The media type of a request, lower case, without parameters (`application/json; charset=utf-8` → `application/json`). */
function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** This server's own origins, for the port the request came in on. */
function ownOrigins(req: IncomingMessage): string[] {
  const port = req.socket.localPort;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Why a request to a guarded route (`POST /admin`, `/_local/*`) is refused, or null when it may proceed. */
export function refusal(req: IncomingMessage, path: string): { status: number; errCode: string; errMsg: string } | null {
  const guarded = path.startsWith('/_local/') || (req.method === 'POST' && (path === '/admin' || path.startsWith('/admin/') || path.startsWith('/admin?')));
  if (!guarded) return null;
  // A page whose name was rebound to 127.0.0.1 is same-origin to itself: its Host header gives it away.
  const host = String(req.headers.host ?? '');
  if (host && !ownOrigins(req).includes(`http://${host}`)) {
    return { status: 403, errCode: 'FORBIDDEN', errMsg: `request refused: Host ${host.slice(0, 200)} is not this local cloud` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins(req).includes(String(origin))) {
    return { status: 403, errCode: 'FORBIDDEN', errMsg: `cross-origin request refused: Origin ${String(origin).slice(0, 200)} is not this local cloud` };
  }
  if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE') {
    const want = path === UPLOAD_ROUTE ? 'application/octet-stream' : 'application/json';
    if (mediaType(req) !== want) return { status: 415, errCode: 'UNSUPPORTED_MEDIA_TYPE', errMsg: `${req.method} ${path} takes ${want}, got ${mediaType(req) || 'no content-type'}` };
  }
  return null;
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
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      const { body, tooLarge, abandoned } = await readBody(req);
      const path = url.pathname;
      const method = req.method ?? 'GET';
      if (tooLarge) {
        res.setHeader('connection', 'close');
        send(res, 413, { errCode: 'PAYLOAD_TOO_LARGE', errMsg: `request body over ${MAX_BODY_BYTES} bytes` });
        if (abandoned) res.on('finish', () => req.destroy());
        return;
      }
      const refused = refusal(req, path);
      if (refused) return send(res, refused.status, { errCode: refused.errCode, errMsg: refused.errMsg });

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
        return send(res, 200, { items: cloud.host.calls(limit).map(({ name, action, openid, ms, dbRequests, dbWrites, ok }) => ({ name, action, openid, ms, dbRequests, dbWrites, ok })) });
      }

      // Cloud storage: temporary URLs point here; the mini-program (preview) uploads here.
      if ((method === 'GET' || method === 'HEAD') && path.startsWith('/_local/storage/files/')) {
        let cloudPath: string;
        try {
          cloudPath = decodeURIComponent(path.slice('/_local/storage/files/'.length));
        } catch {
          return send(res, 400, { errCode: -501007, errMsg: 'bad file path encoding' });
        }
        const file = safeRead(cloud, cloudPath);
        if (!file) return send(res, 404, { errCode: -503003, errMsg: `STORAGE_FILE_NONEXIST ${cloudPath.slice(0, 200)}` });
        res.writeHead(200, { 'content-type': contentTypeOf(cloudPath), 'content-length': file.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        return void res.end(method === 'HEAD' ? undefined : file);
      }
      if (method === 'POST' && path === UPLOAD_ROUTE) {
        try {
          return send(res, 200, cloud.storage.uploadFile({ cloudPath: url.searchParams.get('cloudPath') ?? undefined, fileContent: body }));
        } catch (err) {
          if (err instanceof StorageError) return send(res, err.errCode === -403001 ? 413 : 400, { errCode: err.errCode, errMsg: err.errMsg });
          throw err;
        }
      }
      if (method === 'POST' && path === '/_local/storage/temp-urls') {
        try {
          return send(res, 200, cloud.storage.getTempFileURL(parseJson(body) as { fileList?: unknown }));
        } catch (err) {
          if (err instanceof StorageError) return send(res, 400, { errCode: err.errCode, errMsg: err.errMsg });
          throw err;
        }
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
        const out = await handleAdminHttpOverWire(cloud.engine, body, req.headers);
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
  // Temporary URLs name the address this server listens on.
  server.on('listening', () => {
    const address = server.address();
    if (address && typeof address === 'object') cloud.storage.baseUrl = `http://127.0.0.1:${address.port}`;
  });
  return server;
}

/** A stored file's bytes, or null for a path that is missing or not a valid cloudPath. */
function safeRead(cloud: LocalCloud, cloudPath: string): Buffer | null {
  try {
    return cloud.storage.read(cloud.storage.cloudPathOf(cloud.storage.fileIdOf(cloudPath), 'GET'));
  } catch (err) {
    if (err instanceof StorageError) return null;
    throw err;
  }
}
