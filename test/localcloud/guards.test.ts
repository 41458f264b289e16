/**
 * `POST /admin` and `/_local/*` refuse other origins and non-JSON bodies (CONTRACT §4), so a web page the
 * developer happens to visit cannot move the clock, pay orders or write the database; oversized bodies get
 * a 413 answer instead of a reset connection. The SDK's own out-of-process transport still gets through.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { createLocalCloud } from '../../localcloud';
import { createHttpServer, MAX_BODY_BYTES } from '../../localcloud/server';

const root = resolve(__dirname, '../..');
const cloud = createLocalCloud({ dataDir: null, extraFunctionDirs: [join(__dirname, 'fixtures')] });
const server = createHttpServer(cloud);
let base = '';
let port = 0;

beforeAll(async () => {
  cloud.engine.handle('database.addCollection', { collectionName: 'guard_notes' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  cloud.close();
});

const now = () => Date.now();
async function post(path: string, body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(base + path, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
const insertBody = (id: string) => JSON.stringify({ action: 'database.insertDocument', collectionName: 'guard_notes', data: [JSON.stringify({ _id: id, openid: id })] });

describe('when a request comes from another origin', () => {
  it('refuses to move the clock (403) and the clock stays', async () => {
    const before = now();
    const out = await post('/_local/clock', JSON.stringify({ advanceMs: 86_400_000 }), { 'content-type': 'application/json', origin: 'http://evil.example' });
    expect(out).toEqual({ status: 403, json: { errCode: 'FORBIDDEN', errMsg: expect.stringContaining('http://evil.example') } });
    expect(now() - before).toBeLessThan(60_000);
  });

  it('refuses to write through /admin and writes nothing', async () => {
    const out = await post('/admin', insertBody('u-evil'), { 'content-type': 'application/json', origin: 'http://evil.example' });
    expect(out.status).toBe(403);
    expect(cloud.engine.find('guard_notes', { _id: 'u-evil' }).total).toBe(0);
  });

  it('refuses an origin on another port of this machine, and the opaque "null" origin', async () => {
    expect((await post('/_local/tick', '{}', { 'content-type': 'application/json', origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await post('/_local/tick', '{}', { 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
  });

  it('refuses reads of the call log and the outbox too', async () => {
    expect((await fetch(`${base}/_local/calls`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${base}/_local/outbox`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('refuses a request for another host name (a page whose DNS name was rebound to this machine)', async () => {
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = request(`${base}/_local/calls`, { headers: { host: `rebound.example:${port}` } }, (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('accepts its own origin, by 127.0.0.1 and by localhost', async () => {
    expect((await post('/_local/clock', JSON.stringify({ advanceMs: 0 }), { 'content-type': 'application/json', origin: base })).status).toBe(200);
    expect((await post('/_local/clock', JSON.stringify({ advanceMs: 0 }), { 'content-type': 'application/json', origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await post('/admin', insertBody('u-own'), { 'content-type': 'application/json', origin: base })).status).toBe(200);
    expect(cloud.engine.find('guard_notes', { _id: 'u-own' }).total).toBe(1);
  });
});

describe('when a POST body is not application/json', () => {
  it.each([
    ['text/plain (what a cross-site form or no-cors fetch sends)', { 'content-type': 'text/plain' }],
    ['a urlencoded form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=b' }],
    ['no content type at all', {}],
  ])('refuses %s with 415 and changes nothing', async (_label, headers) => {
    const before = now();
    const clock = await post('/_local/clock', JSON.stringify({ advanceMs: 86_400_000 }), headers as Record<string, string>);
    expect(clock.status).toBe(415);
    expect(clock.json).toMatchObject({ errCode: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(now() - before).toBeLessThan(60_000);
    const id = `u-ct-${Math.random().toString(36).slice(2)}`;
    expect((await post('/admin', insertBody(id), headers as Record<string, string>)).status).toBe(415);
    expect(cloud.engine.find('guard_notes', { _id: id }).total).toBe(0);
  });

  it('accepts application/json with a charset', async () => {
    expect((await post('/_local/clock', JSON.stringify({ advanceMs: 0 }), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('when a body is over the size limit', () => {
  it('answers 413 with errCode and errMsg, not a reset connection, and keeps serving', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20);
    const out = await post('/_local/clock', big, { 'content-type': 'application/json' });
    expect(out).toEqual({ status: 413, json: { errCode: 'PAYLOAD_TOO_LARGE', errMsg: expect.stringContaining(String(MAX_BODY_BYTES)) } });
    const fn = await post('/functions/plainjs', big, { 'content-type': 'application/json', 'x-wx-openid': 'o-big' });
    expect(fn.status).toBe(413);
    expect((await fetch(`${base}/_local/health`)).status).toBe(200);
  });

  it('answers 413 to a streamed (chunked) body too', async () => {
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = request(`${base}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('the pages of the local cloud', () => {
  it('send their own origin and JSON, as the guard wants (console and preview sources)', () => {
    // The browser tests drive them for real; this pins the one thing the guard depends on.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const consoleJs = fs.readFileSync(join(root, 'localcloud/console/console.js'), 'utf8');
    const previewJs = fs.readFileSync(join(root, 'localcloud/preview/runtime/app.ts'), 'utf8');
    for (const src of [consoleJs, previewJs]) {
      for (const m of src.matchAll(/method: 'POST', headers: \{([^}]*)\}/g)) expect(m[1]).toMatch(/'content-type': '(application\/json|application\/octet-stream)'/);
    }
  });
});

describe('when wx-server-sdk in another process uses /admin', () => {
  it('gets through the guard (it sends application/json and no Origin) and reads and writes', async () => {
    const script = `
      const cloud = require('wx-server-sdk');
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
      const db = cloud.database();
      (async () => {
        const add = await db.collection('guard_notes').add({ data: { _id: 'u-child', openid: 'o-child' } });
        const got = await db.collection('guard_notes').doc('u-child').get();
        process.stdout.write(JSON.stringify({ id: add._id, openid: got.data.openid }));
      })().catch((e) => { process.stderr.write(String(e && (e.stack || e.errMsg) || e)); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, NODE_PATH: join(root, 'node_modules'), TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${base}/admin` }), TENCENTCLOUD_SECRETID: 'local', TENCENTCLOUD_SECRETKEY: 'local', TENCENTCLOUD: 'true', TCB_ENV: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect({ code, stderr: code ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({ id: 'u-child', openid: 'o-child' });
    expect(cloud.engine.find('guard_notes', { _id: 'u-child' }).total).toBe(1);
  }, 30000);
});
