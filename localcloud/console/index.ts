/**
 * The local cloud's console at `/`: collections and their documents (paged, filtered by a JSON query),
 * the function call log, the outbox of open API calls, timer triggers with "run now" and the clock.
 * Read-only except the clock and the triggers, which go through the server's own `/_local/clock` and
 * `/_local/triggers/:name`. Plain HTML and a little vanilla JS, no network beyond this server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { Route } from '../server';
import { PROJECT_ROOT, type LocalCloud } from '../index';

const DIR = join(PROJECT_ROOT, 'localcloud', 'console');
const STATIC: Record<string, [file: string, type: string]> = {
  '/': ['console.html', 'text/html; charset=utf-8'],
  '/console.js': ['console.js', 'text/javascript; charset=utf-8'],
  '/console.css': ['console.css', 'text/css; charset=utf-8'],
};

function send(res: ServerResponse, status: number, value: unknown): true {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
  return true;
}

/** A JSON query parameter; `undefined` when absent, an error message when it is not a JSON object. */
function jsonParam(url: URL, name: string): Record<string, unknown> | undefined | string {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${name} must be a JSON object`;
    return value as Record<string, unknown>;
  } catch (err) {
    return `${name} is not JSON: ${(err as Error).message}`;
  }
}

const intParam = (url: URL, name: string, fallback: number, max: number) => Math.min(max, Math.max(0, Math.floor(Number(url.searchParams.get(name) ?? fallback)) || 0));

export function consoleRoutes(cloud: LocalCloud): Route {
  return (req, res, url) => {
    if (req.method !== 'GET') return false;
    const path = url.pathname;
    const asset = STATIC[path];
    if (asset) {
      const body = readFileSync(join(DIR, asset[0]));
      res.writeHead(200, { 'content-type': asset[1], 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
      return true;
    }
    if (path === '/_local/console/overview') {
      const stats = cloud.engine.stats();
      return send(res, 200, {
        now: Date.now(),
        collections: Object.entries(stats.collections).map(([name, c]) => ({ name, documents: c.documents, indexes: c.indexes.length })).sort((a, b) => a.name.localeCompare(b.name)),
        functions: [...cloud.host.defs.keys()].sort(),
        triggers: cloud.host.timers().map(({ fn, trigger }) => ({ fn, name: trigger.name, config: trigger.config })),
        openTransactions: stats.openTransactions,
        counters: stats.counters,
      });
    }
    const m = /^\/_local\/console\/collections\/([^/]+)$/.exec(path);
    if (m) {
      const name = decodeURIComponent(m[1]);
      if (!cloud.engine.collections().includes(name)) return send(res, 404, { errCode: 'NOT_FOUND', errMsg: `no collection ${name}` });
      const query = jsonParam(url, 'q');
      const sort = jsonParam(url, 'sort');
      if (typeof query === 'string' || typeof sort === 'string') return send(res, 400, { errCode: 'INVALID_ARGUMENT', errMsg: typeof query === 'string' ? query : sort });
      const skip = intParam(url, 'skip', 0, Number.MAX_SAFE_INTEGER);
      const limit = Math.max(1, intParam(url, 'limit', 20, 200));
      try {
        const { total, docs } = cloud.engine.find(name, query ?? {}, { skip, limit, sort: sort as Record<string, number> | undefined });
        return send(res, 200, { total, skip, limit, docs });
      } catch (err) {
        // A query the engine refuses (unknown operator, bad sort) is the reader's mistake, not the server's.
        return send(res, 400, { errCode: 'INVALID_ARGUMENT', errMsg: (err as Error).message });
      }
    }
    if (path === '/_local/console/calls') return send(res, 200, { items: cloud.host.calls(intParam(url, 'limit', 100, 500) || 100) });
    return false;
  };
}
