/** A cloud function in another process uses the engine through the SDK's own HTTP wire protocol. */
import { spawn } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { Engine, handleAdminHttp } from '../../localcloud/engine';

const root = path.resolve(__dirname, '../..');

describe('when wx-server-sdk in a child process points TCB_CONTEXT_CNFG at the admin endpoint', () => {
  it('adds, reads, updates, runs a transaction and gets mapped errors over HTTP', async () => {
    const engine = new Engine({ dir: null, now: () => Date.parse('2024-05-01T00:00:00Z') });
    engine.ensureSchema({ collections: { things: { indexes: [{ name: 'code_1', keys: { code: 1 }, unique: true }] } } });
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push(`${req.method} ${req.url?.split('?')[0]}`);
        const out = handleAdminHttp(engine, body, req.headers);
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.json));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const script = `
      const cloud = require('wx-server-sdk');
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
      const db = cloud.database(); const _ = db.command;
      (async () => {
        const out = {};
        out.add = await db.collection('things').add({ data: { _id: 't1', code: 'A', n: 1, at: db.serverDate() } });
        out.upd = await db.collection('things').doc('t1').update({ data: { n: _.inc(2) } });
        out.get = await db.collection('things').doc('t1').get();
        out.tx = await db.runTransaction(async (t) => {
          const d = (await t.collection('things').doc('t1').get()).data;
          await t.collection('things').doc('t1').update({ data: { n: d.n * 10 } });
          return d.n;
        });
        out.count = await db.collection('things').where({ n: _.gte(30) }).count();
        try { await db.collection('things').add({ data: { code: 'A' } }); } catch (e) { out.dup = { errCode: e.errCode, errMsg: e.errMsg }; }
        try { await db.collection('nope').get(); } catch (e) { out.missing = { errCode: e.errCode }; }
        out.agg = await db.collection('things').aggregate().project({ _id: 0, n: 1 }).end();
        process.stdout.write(JSON.stringify(out));
      })().catch((e) => { process.stderr.write(String(e && (e.stack || e.errMsg) || e)); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], {
      cwd: root,
      env: {
        ...process.env,
        NODE_PATH: path.join(root, 'node_modules'),
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: `http://127.0.0.1:${port}/admin` }),
        TENCENTCLOUD_SECRETID: 'local',
        TENCENTCLOUD_SECRETKEY: 'local',
        TENCENTCLOUD: 'true',
        TCB_ENV: 'local',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    server.close();
    expect({ code, stderr: code ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(stdout);
    expect(out.add._id).toBe('t1');
    expect(out.upd.stats).toEqual({ updated: 1 });
    expect(out.get.data).toMatchObject({ _id: 't1', code: 'A', n: 3, at: '2024-05-01T00:00:00.000Z' });
    expect(out.tx).toBe(3);
    expect(out.count.total).toBe(1);
    expect(out.dup.errCode).toBe(-502001);
    expect(out.dup.errMsg).toContain('E11000 duplicate key error collection: things index: code_1');
    expect(out.missing.errCode).toBe(-502005);
    expect(out.agg.list).toEqual([{ n: 30 }]);
    expect(new Set(seen)).toEqual(new Set(['POST /admin']));
  }, 30000);

  it('answers bad bodies and non-database actions with an error, never throwing', () => {
    const engine = new Engine({ dir: null, now: () => 0 });
    expect(handleAdminHttp(engine, Buffer.from('{oops'), {}).status).toBe(400);
    const r = handleAdminHttp(engine, Buffer.from(JSON.stringify({ action: 'functions.invokeFunction' })), {});
    expect(r.status).toBe(200);
    expect(r.json.code).toBe('INVALID_PARAM');
  });
});
